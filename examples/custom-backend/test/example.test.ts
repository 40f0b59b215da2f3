import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'

const script = fileURLToPath(new URL('../index.mjs', import.meta.url))

it('keeps 100 records in 3 pages, verifies them, and reads them through a second backend over the store', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, [script])
  expect(stdout).toBe(
    [
      // 16-byte header, then 100 records of an 8-byte size and 100 bytes: 10,816 bytes, 3 pages of 4 KiB.
      '100 records, 10816 bytes, in 3 pages of the store',
      'verify: {"count":100,"size":10816}',
      'after reopening, record 99 is "event 99 ..."',
      '',
    ].join('\n'),
  )
})

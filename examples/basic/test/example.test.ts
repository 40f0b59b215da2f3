import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterEach, beforeEach, expect, it } from 'vitest'

const script = fileURLToPath(new URL('../index.mjs', import.meta.url))
let cwd: string

beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'immuta-example-basic-'))
})
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true })
})

const start = async (): Promise<string> => (await promisify(execFile)(process.execPath, [script], { cwd })).stdout

it('appends two records and reads them back', async () => {
  expect(await start()).toBe(
    ['appended record 0 at byte 16', '0 {"type":"signup","user":"ada"}', '1 {"type":"login","user":"ada"}', ''].join('\n'),
  )
  const file = await readFile(join(cwd, 'log-data', 'events.log'))
  expect(file.readBigUInt64LE(0)).toBe(2n) // the header counts both records
})

it('keeps what earlier runs wrote: a second run appends after them and reads all four', async () => {
  await start()
  const second = (await start()).split('\n')
  expect(second[0]).toBe('appended record 2 at byte 91')
  expect(second.slice(1, 5).map((line) => line.split(' ')[0])).toEqual(['0', '1', '2', '3'])
})

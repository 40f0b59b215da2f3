import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterEach, beforeEach, expect, it } from 'vitest'

const script = fileURLToPath(new URL('../index.mjs', import.meta.url))
let cwd: string

beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'immuta-example-transactions-'))
})
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true })
})

const start = async (): Promise<string> => (await promisify(execFile)(process.execPath, [script], { cwd })).stdout

it('commits two transfers, rolls one back without a trace, and refuses a finished transaction', async () => {
  expect(await start()).toBe(
    [
      'transfer 1 committed',
      'transfer 2 rolled back: insufficient funds',
      'file size before 93, after 93',
      'transfer 3 committed',
      'a finished transaction refuses appends: TRANSACTION_CLOSED',
      '4 records:',
      '  0 {"account":"alice","amount":-30}',
      '  1 {"account":"bob","amount":30}',
      '  2 {"account":"carol","amount":-5}',
      '  3 {"account":"alice","amount":5}',
      '',
    ].join('\n'),
  )
})

import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { inflateRawSync } from 'node:zlib'
import { afterEach, beforeEach, expect, it } from 'vitest'

const script = fileURLToPath(new URL('../index.mjs', import.meta.url))
let cwd: string

beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'immuta-example-compression-'))
})
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true })
})

const start = async (): Promise<string> => (await promisify(execFile)(process.execPath, [script], { cwd })).stdout

it('stores 100 JSON records in under a quarter of their size and reads the last one back', async () => {
  const [summary, last, end] = (await start()).split('\n')
  const match = /^100 records: (\d+) bytes of JSON stored as (\d+) bytes \((\d+)%\)$/.exec(summary ?? '')
  expect(match, summary).not.toBeNull()
  const [plain, stored] = [Number(match?.[1]), Number(match?.[2])]
  expect(stored).toBeLessThan(plain / 4)
  expect(Number(match?.[3])).toBe(Math.round((100 * stored) / plain))
  expect(last).toBe('last record: minute 99, 60 samples, first {"second":0,"requests":101}')
  expect(end).toBe('')
})

it('leaves records on disk that any raw DEFLATE reader (here zlib) inflates', async () => {
  await start()
  const file = await readFile(join(cwd, 'log-data', 'metrics.log'))
  expect(file.readBigUInt64LE(0)).toBe(100n)
  const size = Number(file.readBigUInt64LE(16))
  const first = JSON.parse(inflateRawSync(file.subarray(24, 24 + size)).toString('utf8'))
  expect(first.minute).toBe(0)
  expect(first.samples).toHaveLength(60)
  expect(first.samples[59]).toEqual({ second: 59, requests: 100 + (59 % 7) })
})

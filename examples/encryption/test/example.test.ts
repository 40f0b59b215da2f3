import { execFile } from 'node:child_process'
import { createDecipheriv } from 'node:crypto'
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
  cwd = await mkdtemp(join(tmpdir(), 'immuta-example-encryption-'))
})
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true })
})

const start = async (env: Record<string, string> = {}): Promise<string> =>
  (await promisify(execFile)(process.execPath, [script], { cwd, env: { ...process.env, ...env } })).stdout

it('reads its records back, keeps the plaintext off the disk, and refuses the wrong key', async () => {
  const lines = (await start()).split('\n')
  expect(lines[0]).toMatch(/^stored \d+ bytes: a 12-byte nonce, the ciphertext and a 16-byte tag$/)
  expect(lines.slice(1)).toEqual([
    'read back: {"name":"Ada Lovelace","diagnosis":"flu"}',
    'the name on disk: nowhere to be found',
    'with the wrong key: TRANSFORM_FAILED',
    '',
  ])
})

it("stores nonce, AES-256-GCM ciphertext and tag that Node's own crypto opens with the same key", async () => {
  const keyHex = 'ff'.repeat(32)
  await start({ IMMUTA_KEY: keyHex })
  const file = await readFile(join(cwd, 'log-data', 'patients.log'))
  const size = Number(file.readBigUInt64LE(16))
  const stored = file.subarray(24, 24 + size)
  const decipher = createDecipheriv('aes-256-gcm', Buffer.from(keyHex, 'hex'), stored.subarray(0, 12))
  decipher.setAuthTag(stored.subarray(size - 16))
  const compressed = Buffer.concat([decipher.update(stored.subarray(12, size - 16)), decipher.final()])
  expect(JSON.parse(inflateRawSync(compressed).toString('utf8'))).toEqual({ name: 'Ada Lovelace', diagnosis: 'flu' })
})

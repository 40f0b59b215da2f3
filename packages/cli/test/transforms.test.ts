import { randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { chain } from '@immuta/core'
import { open } from '@immuta/node-fs'
import { checksum, decrypt, deflate, encrypt, inflate, verifyChecksum } from '@immuta/transformers'
import { expect, test } from 'vitest'
import { immuta } from './immuta.js'
import { linesOf, writeLog } from './logs.js'
import { tempDir } from './tempDir.js'

const RECORDS = ['first record, '.repeat(20), 'second', '{"type":"login","user":"ada"}']

/** A log written through deflate, then encrypt, then checksum, and the key in two files. */
async function transformedLog(): Promise<{ dir: string; key: Uint8Array; rawKeyFile: string; hexKeyFile: string }> {
  const root = tempDir()
  const key = new Uint8Array(randomBytes(32))
  const rawKeyFile = join(root, 'key.bin')
  const hexKeyFile = join(root, 'key.hex')
  writeFileSync(rawKeyFile, key)
  writeFileSync(hexKeyFile, `${Buffer.from(key).toString('hex')}\n`)
  const dir = join(root, 'logs')
  await writeLog(dir, 'events', RECORDS, chain(deflate(), encrypt(key), checksum()))
  return { dir, key, rawKeyFile, hexKeyFile }
}

test('--checksum --decrypt-key-file --inflate, in that order, read what deflate, encrypt, checksum wrote', async () => {
  const { dir, rawKeyFile, hexKeyFile } = await transformedLog()
  for (const keyFile of [rawKeyFile, hexKeyFile]) {
    const run = await immuta(['cat', dir, 'events', '--checksum', '--decrypt-key-file', keyFile, '--inflate'])
    expect(run).toMatchObject({ code: 0, stderr: '' })
    expect(linesOf(run.stdout)).toEqual(RECORDS)
  }
  const get = await immuta(['get', dir, 'events', '2', '--checksum', `--decrypt-key-file=${hexKeyFile}`, '--inflate'])
  expect(get.stdout.toString()).toBe(RECORDS[2])
  const tail = await immuta(['tail', dir, 'events', '-n', '1', '--format', 'json', '--checksum', '--decrypt-key-file', rawKeyFile, '--inflate'])
  expect(JSON.parse(tail.stdout.toString())).toMatchObject({ seq: 2, data: RECORDS[2], encoding: 'utf8' })
  const verify = await immuta(['verify', dir, '--transform', '--checksum', '--decrypt-key-file', rawKeyFile, '--inflate'])
  expect(verify).toMatchObject({ code: 0, stderr: '' })
})

test('the flags apply in the order given: another order, or a wrong key, is TRANSFORM_FAILED, exit 1', async () => {
  const { dir, rawKeyFile } = await transformedLog()
  const wrongOrder = await immuta(['cat', dir, 'events', '--inflate', '--decrypt-key-file', rawKeyFile, '--checksum'])
  expect(wrongOrder.code).toBe(1)
  expect(wrongOrder.stderr).toMatch(/^immuta cat: TRANSFORM_FAILED: /)
  const otherKey = join(tempDir(), 'other.key')
  writeFileSync(otherKey, randomBytes(32))
  const wrongKey = await immuta(['cat', dir, 'events', '--checksum', '--decrypt-key-file', otherKey, '--inflate'])
  expect(wrongKey.code).toBe(1)
  expect(wrongKey.stderr).toMatch(/^immuta cat: TRANSFORM_FAILED: .*did not authenticate/)
  expect(wrongKey.stderr.trimEnd().split('\n')).toHaveLength(1)
  const verify = await immuta(['verify', dir, '--transform', '--checksum', '--decrypt-key-file', otherKey, '--inflate'])
  expect(verify.code).toBe(1)
  expect(verify.stdout.toString()).toMatch(/^events: CORRUPT events\.log at offset 16 \(record 0, TRANSFORM_FAILED: decrypt: /)
})

test('export and import with the same flags copy a transformed log; the library reads the copy with the read chain', async () => {
  const { dir, key, rawKeyFile } = await transformedLog()
  const flags = ['--checksum', '--decrypt-key-file', rawKeyFile, '--inflate']
  const exported = await immuta(['export', dir, 'events', ...flags])
  expect(linesOf(exported.stdout).map((line) => JSON.parse(line).data)).toEqual(RECORDS)
  const copy = join(tempDir(), 'copy')
  const imported = await immuta(['import', copy, 'events', ...flags], { input: exported.stdout })
  expect(imported).toMatchObject({ code: 0, stderr: '' })
  const log = await open({ dir: copy, namespaces: ['events'], readOnly: true, readTransform: chain(verifyChecksum(), decrypt(key), inflate()) })
  try {
    const stream = log.stream('events', 0)
    const read: string[] = []
    for (let i = 0; i < RECORDS.length; i++) read.push(new TextDecoder().decode((await stream.next()).data))
    stream.done()
    expect(read).toEqual(RECORDS)
    expect((await log.stats('events')).count).toBe(RECORDS.length)
  } finally {
    await log.close()
  }
})

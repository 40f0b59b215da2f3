import { createHash } from 'node:crypto'
import { chain, ErrorCode, Immuta, type Transformer } from '@immuta/core'
import { type MemoryBackend, memoryBackend } from '@immuta/testkit'
import { describe, expect, it } from 'vitest'
import { checksum, decrypt, deflate, encrypt, inflate, verifyChecksum } from '../src/index.js'
import { rejection } from './errors.js'

const key = Uint8Array.from({ length: 32 }, (_, i) => 3 * i + 5)
const utf8 = new TextEncoder()
const line = '{"event":"click","user":1234,"ok":true}\n'
const records: Uint8Array[] = [
  utf8.encode('hello'),
  new Uint8Array(0),
  utf8.encode(line.repeat(25)),
  Uint8Array.from({ length: 64 * 1024 }, (_, i) => (i * 2654435761) >>> 24),
]

const open = (backend: MemoryBackend, writeTransform: Transformer, readTransform: Transformer): Promise<Immuta> =>
  Immuta.open({ backend, namespaces: ['events'], writeTransform, readTransform })

// Records compared by SHA-256: vitest's deep equality walks a 64 KiB array for a second.
const digest = (bytes: Uint8Array): string => `${bytes.length}:${createHash('sha256').update(bytes).digest('hex')}`

async function readAll(log: Immuta, count: number): Promise<string[]> {
  const stream = log.stream('events', 0)
  const out: string[] = []
  for (let i = 0; i < count; i++) out.push(digest((await stream.next({ signal: AbortSignal.timeout(5000) })).data))
  stream.done()
  return out
}


// Flips one byte of the first record's payload in the file, through the public backend API.
async function damageFirstRecord(backend: MemoryBackend): Promise<void> {
  const file = backend.open('events.log', { readOnly: false })
  const byte = new Uint8Array(1)
  const position = 16 + 8 + 2
  file.read(byte, position)
  byte[0] = (byte[0] as number) ^ 0x10
  file.write(byte, position)
  file.sync()
  file.close()
}

describe('a log written through transformers, read through the public API', () => {
  const write = chain(deflate({ level: 1 }), encrypt(key))
  const read = chain(decrypt(key), inflate())

  it('chain(deflate, encrypt) reads back with chain(decrypt, inflate), also after reopening', async () => {
    const backend = memoryBackend()
    const log = await open(backend, write, read)
    const results = []
    for (const record of records) results.push(await log.append('events', record))
    expect(results[2]?.size).toBeLessThan((records[2]?.length ?? 0) / 4)
    expect(results[1]?.size).toBe(deflate({ level: 1 })(new Uint8Array(0)).length + 28)
    expect(await readAll(log, records.length)).toEqual(records.map(digest))
    await log.close()

    const reopened = await open(backend, write, read)
    expect(await readAll(reopened, records.length)).toEqual(records.map(digest))
    await reopened.close()
  })

  it('stores no plaintext in the file', async () => {
    const backend = memoryBackend()
    const log = await open(backend, write, read)
    await log.append('events', line.repeat(25))
    const { size } = await log.stats('events')
    await log.close()
    const file = backend.open('events.log', { readOnly: true })
    const bytes = new Uint8Array(size)
    file.read(bytes, 0)
    expect(new TextDecoder('utf-8', { fatal: false }).decode(bytes)).not.toContain('"event"')
  })

  it('read with another key, every record rejects with TRANSFORM_FAILED', async () => {
    const backend = memoryBackend()
    const log = await open(backend, write, read)
    await log.append('events', 'secret')
    await log.close()
    const otherKey = key.map((byte) => byte ^ 1)
    const wrong = await open(backend, write, chain(decrypt(otherKey), inflate()))
    expect((await rejection(wrong.stream('events', 0).next())).code).toBe(ErrorCode.TRANSFORM_FAILED)
    await wrong.close()
  })

  it('a byte changed on disk passes verify() but the checksum rejects the record', async () => {
    const backend = memoryBackend()
    const write = chain(deflate({ level: 1 }), checksum())
    const read = chain(verifyChecksum(), inflate())
    const log = await open(backend, write, read)
    await log.append('events', line.repeat(10))
    await log.close()
    await damageFirstRecord(backend)

    const reopened = await open(backend, write, read)
    await expect(reopened.verify('events')).resolves.toMatchObject({ count: 1 })
    expect((await rejection(reopened.stream('events', 0).next())).code).toBe(ErrorCode.TRANSFORM_FAILED)
    await reopened.close()
  })
})

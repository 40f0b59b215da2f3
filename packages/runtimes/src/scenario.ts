// One scenario of @immuta/core and @immuta/transformers over the testkit's memoryBackend, as a
// plain module: a list of named checks, each an async function that throws when the runtime
// does something the spec does not allow. Chromium runs it under vitest's browser mode; Bun
// and Deno run it through src/run.ts; Node runs it too, as the baseline.
import { chain, Immuta, type ImmutaOptions, type LogRecord, type LogStream, type Transaction } from '@immuta/core'
import { type MemoryBackend, memoryBackend } from '@immuta/testkit/backends'
import { checksum, crc32c, decrypt, deflate, encrypt, inflate, verifyChecksum } from '@immuta/transformers'
import { equal, ok, rejection, rejectsWith, sameBytes, throwsWith } from './expect.ts'

export interface Check {
  name: string
  run(): Promise<void>
}

const utf8 = new TextEncoder()
const text = new TextDecoder()

/** Opens a log over `backend` with the namespace `events` unless told otherwise. */
function openLog(backend: MemoryBackend, options: Partial<ImmutaOptions> = {}): Promise<Immuta> {
  return Immuta.open({ backend, namespaces: ['events'], ...options })
}

/** Every byte of a file as the backend holds it, read through a handle of its own. */
function fileBytes(backend: MemoryBackend, name: string): Uint8Array {
  const file = backend.open(name, { readOnly: true })
  const bytes = new Uint8Array(file.size())
  file.read(bytes, 0)
  file.close()
  return bytes
}

/** Flips one bit of a file, as a damaged disk would, behind the log's back. */
function flipBit(backend: MemoryBackend, name: string, position: number): void {
  const file = backend.open(name, { readOnly: false })
  const byte = new Uint8Array(1)
  file.read(byte, position)
  file.write(Uint8Array.of((byte[0] as number) ^ 0x10), position)
  file.sync()
  file.close()
}

async function readAll(log: Immuta, namespace = 'events'): Promise<string[]> {
  const { count } = await log.stats(namespace)
  using stream = log.stream(namespace, 0)
  const out: string[] = []
  for (let i = 0; i < count; i++) out.push(text.decode((await stream.next()).data))
  return out
}

/** Appends, closes, reopens with `readTransform`, and returns the first record's outcome. */
async function reopenAndReadFirst(backend: MemoryBackend, options: Partial<ImmutaOptions>): Promise<LogRecord> {
  await using log = await openLog(backend, options)
  using stream = log.stream('events', 0)
  return await stream.next() // awaited here: leaving the scope closes the stream and the log
}

// Raw DEFLATE (RFC 1951) of the text below, as zlib's deflateRaw at level 9 wrote it (Go's
// compress/flate writes the same format): inflate must read what other writers produced.
const foreignDeflate = Uint8Array.of(
  75, 204, 83, 72, 44, 40, 72, 205, 75, 209, 205, 207, 203, 169, 84, 200, 201, 79, 215, 81, 72, 36, 74, 12, 0,
)
const foreignText = 'an append-only log, an append-only log, an append-only log'

const key = Uint8Array.from({ length: 32 }, (_, i) => (i * 29 + 7) & 0xff)
const otherKey = Uint8Array.from({ length: 32 }, (_, i) => 255 - i)

export const checks: Check[] = [
  {
    name: 'open: creates a file per namespace, empty, with a 16-byte header',
    async run() {
      const backend = memoryBackend()
      await using log = await openLog(backend, { namespaces: ['events', 'audit'] })
      equal(log.namespaces, ['events', 'audit'], 'namespaces')
      equal(await log.stats('events'), { count: 0, size: 16, lastIndex: 0 }, 'stats of a new namespace')
      sameBytes(fileBytes(backend, 'audit.log'), new Uint8Array(16), 'a new file')
    },
  },
  {
    name: 'open: rejects bad options with NAMESPACE_REQUIRED, INVALID_NAMESPACE, READER_COUNT_INVALID',
    async run() {
      const backend = memoryBackend()
      await rejectsWith(openLog(backend, { namespaces: [] }), 'NAMESPACE_REQUIRED', 'no namespaces')
      await rejectsWith(openLog(backend, { namespaces: ['../escape'] }), 'INVALID_NAMESPACE', 'a path')
      await rejectsWith(openLog(backend, { namespaces: ['a', 'a'] }), 'INVALID_NAMESPACE', 'a duplicate')
      await rejectsWith(openLog(backend, { readerCount: 0 }), 'READER_COUNT_INVALID', 'readerCount 0')
    },
  },
  {
    name: 'open: a second writer gets LOCKED until the first closes',
    async run() {
      const backend = memoryBackend()
      const first = await openLog(backend)
      await rejectsWith(openLog(backend), 'LOCKED', 'a second writer')
      await first.close()
      const second = await openLog(backend)
      await second.close()
    },
  },
  {
    name: 'append: resolves with index, seq and size; strings are stored as UTF-8',
    async run() {
      await using log = await openLog(memoryBackend())
      equal(await log.append('events', 'héllo'), { index: 16, seq: 0, size: 6 }, 'first append')
      equal(await log.append('events', Uint8Array.of(1, 2, 3)), { index: 30, seq: 1, size: 3 }, 'second append')
      equal(await log.stats('events'), { count: 2, size: 41, lastIndex: 30 }, 'stats')
      equal(await log.verify('events'), { count: 2, size: 41 }, 'verify')
      throwsWith(() => log.stream('nope'), 'NAMESPACE_NOT_FOUND', 'stream of an unknown namespace')
      await rejectsWith(log.append('nope', 'x'), 'NAMESPACE_NOT_FOUND', 'append to an unknown namespace')
    },
  },
  {
    name: 'append: concurrent appends are committed in call order',
    async run() {
      await using log = await openLog(memoryBackend())
      const sent = Array.from({ length: 64 }, (_, i) => `record ${i}`)
      const results = await Promise.all(sent.map((record) => log.append('events', record)))
      equal(
        results.map((r) => r.seq),
        sent.map((_, i) => i),
        'seqs',
      )
      equal(await readAll(log), sent, 'records read back')
    },
  },
  {
    name: 'transactions: commit makes every record visible at once',
    async run() {
      await using log = await openLog(memoryBackend())
      await log.append('events', 'before')
      using stream = log.stream('events', 1)
      const first = stream.next()
      await log.transaction('events', async (tx) => {
        equal(await tx.append('a'), { index: 30, seq: 1, size: 1 }, 'staged a')
        await tx.append('b')
        equal((await log.stats('events')).count, 1, 'count while the transaction is open')
      })
      equal(text.decode((await first).data), 'a', 'first record after commit')
      equal(text.decode((await stream.next()).data), 'b', 'second record after commit')
      equal((await log.stats('events')).count, 3, 'count after commit')
    },
  },
  {
    name: 'transactions: a throw rolls back, rethrows, and leaves the file byte-identical',
    async run() {
      const backend = memoryBackend()
      await using log = await openLog(backend)
      await log.append('events', 'kept')
      const before = fileBytes(backend, 'events.log')
      const failure = new Error('changed my mind')
      const thrown = await rejection(
        log.transaction('events', async (tx) => {
          await tx.append('dropped 1')
          await tx.append('dropped 2')
          throw failure
        }),
        'a transaction that throws',
      )
      ok(thrown === failure, 'the transaction to rethrow the callback error')
      sameBytes(fileBytes(backend, 'events.log'), before, 'the file after rollback')
      equal(await readAll(log), ['kept'], 'records after rollback')
    },
  },
  {
    name: 'transactions: `await using` rolls back unless committed; a finished one is TRANSACTION_CLOSED',
    async run() {
      await using log = await openLog(memoryBackend())
      let escaped: Transaction | undefined
      {
        await using tx = log.begin('events')
        await tx.append('never committed')
        escaped = tx
      }
      ok(escaped.closed, 'the transaction to be closed after its scope')
      await rejectsWith(escaped.append('late'), 'TRANSACTION_CLOSED', 'append after rollback')
      const tx = log.begin('events')
      await tx.append('committed')
      await tx.commit()
      await rejectsWith(tx.commit(), 'TRANSACTION_CLOSED', 'a second commit')
      equal(await readAll(log), ['committed'], 'records')
    },
  },
  {
    name: 'transactions: other appends to the namespace wait for the transaction',
    async run() {
      await using log = await openLog(memoryBackend())
      const tx = log.begin('events')
      await tx.append('tx 1')
      const outside = log.append('events', 'outside')
      await tx.append('tx 2')
      await tx.commit()
      equal((await outside).seq, 2, 'seq of the append made during the transaction')
      equal(await readAll(log), ['tx 1', 'tx 2', 'outside'], 'records')
    },
  },
  {
    name: 'streams: from the start, from record N, and only new records with -1',
    async run() {
      await using log = await openLog(memoryBackend())
      for (const record of ['r0', 'r1', 'r2']) await log.append('events', record)
      using all = log.stream('events', 0)
      using fromTwo = log.stream('events', 2)
      using onlyNew = log.stream('events', -1)
      using ahead = log.stream('events', 4)
      const nextNew = onlyNew.next()
      const nextAhead = ahead.next()
      equal(text.decode((await all.next()).data), 'r0', 'stream(0) first record')
      const fromTwoFirst = await fromTwo.next()
      equal([fromTwoFirst.seq, text.decode(fromTwoFirst.data)], [2, 'r2'], 'stream(2) first record')
      await log.append('events', 'r3')
      await log.append('events', 'r4')
      equal((await nextNew).seq, 3, 'stream(-1) first record')
      equal((await nextAhead).seq, 4, 'stream(4) first record')
    },
  },
  {
    name: 'streams: next() waits for the next commit and never delivers a record twice',
    async run() {
      await using log = await openLog(memoryBackend())
      using stream = log.stream('events', 0)
      const pending = stream.next()
      await log.append('events', 'late')
      const record = await pending
      equal([record.seq, record.index, text.decode(record.data)], [0, 16, 'late'], 'the awaited record')
      const after = stream.next()
      await log.append('events', 'later')
      equal((await after).seq, 1, 'the next record')
    },
  },
  {
    name: "streams: an aborted next() rejects with the signal's reason, and the stream goes on",
    async run() {
      await using log = await openLog(memoryBackend())
      using stream = log.stream('events', 0)
      const controller = new AbortController()
      const reason = new Error('stop waiting')
      const waiting = stream.next({ signal: controller.signal })
      controller.abort(reason)
      ok((await rejection(waiting, 'an aborted next()')) === reason, "the rejection to be the signal's reason")
      const timedOut = await rejection(stream.next({ signal: AbortSignal.timeout(10) }), 'a next() with a timeout')
      equal((timedOut as Error).name, 'TimeoutError', 'the rejection of AbortSignal.timeout')
      await log.append('events', 'after the aborts')
      equal(text.decode((await stream.next()).data), 'after the aborts', 'the record after the aborts')
    },
  },
  {
    name: 'close: wakes waiting streams with STORAGE_CLOSED, ends for-await loops, rejects later calls',
    async run() {
      const log = await openLog(memoryBackend())
      await log.append('events', 'one')
      const waiting = log.stream('events', 1).next()
      const seen: string[] = []
      let sawOne: () => void = () => undefined
      const gotOne = new Promise<void>((resolve) => {
        sawOne = resolve
      })
      const loop = (async (stream: LogStream) => {
        for await (const record of stream) {
          seen.push(text.decode(record.data))
          sawOne()
        }
      })(log.stream('events', 0))
      await gotOne
      await log.close()
      await rejectsWith(waiting, 'STORAGE_CLOSED', 'a next() waiting at close')
      await loop
      equal(seen, ['one'], 'records the for-await loop saw before it ended')
      await rejectsWith(log.append('events', 'two'), 'STORAGE_CLOSED', 'append after close')
      await rejectsWith(log.stats('events'), 'STORAGE_CLOSED', 'stats after close')
      throwsWith(() => log.stream('events', 0), 'STORAGE_CLOSED', 'stream after close')
      await log.close()
    },
  },
  {
    name: 'close: records survive close and reopen over the same backend',
    async run() {
      const backend = memoryBackend()
      {
        await using log = await openLog(backend, { fastWrite: false })
        await log.append('events', 'durable 1')
        await log.append('events', 'durable 2')
      }
      await using log = await openLog(backend)
      equal(await readAll(log), ['durable 1', 'durable 2'], 'records after reopening')
      equal((await log.append('events', 'three')).seq, 2, 'seq of the next append')
    },
  },
  {
    name: 'deflate: records are stored as raw DEFLATE and read back',
    async run() {
      const backend = memoryBackend()
      const record = 'an append-only log '.repeat(50)
      await using log = await openLog(backend, { writeTransform: deflate({ level: 1 }), readTransform: inflate() })
      const { size } = await log.append('events', record)
      ok(size < record.length / 4, `a compressed record (${size} bytes for ${record.length})`)
      equal(await readAll(log), [record], 'records read back')
      const stored = fileBytes(backend, 'events.log').subarray(24, 24 + size)
      equal(text.decode(inflate()(stored)), record, 'the stored bytes inflated on their own')
    },
  },
  {
    name: 'deflate: inflate reads raw DEFLATE that another writer produced, and rejects garbage',
    async run() {
      equal(text.decode(inflate()(foreignDeflate)), foreignText, 'the foreign stream')
      throwsWith(() => inflate()(Uint8Array.of(0xff, 0xff, 0xff)), 'TRANSFORM_FAILED', 'inflate of garbage')
    },
  },
  {
    name: 'encrypt: AES-256-GCM stores nonce, ciphertext and tag; decrypt reads it back',
    async run() {
      const backend = memoryBackend()
      const record = 'card 4111 1111 1111 1111'
      await using log = await openLog(backend, { writeTransform: encrypt(key), readTransform: decrypt(key) })
      const { size } = await log.append('events', record)
      equal(size, 12 + utf8.encode(record).length + 16, 'stored size')
      const file = text.decode(fileBytes(backend, 'events.log'))
      ok(!file.includes('4111'), 'the plaintext to be absent from the file')
      equal(await readAll(log), [record], 'records read back')
      const again = await log.append('events', record)
      const stored = fileBytes(backend, 'events.log')
      const firstNonce = stored.subarray(24, 36)
      const secondNonce = stored.subarray(again.index + 8, again.index + 20)
      ok(firstNonce.some((byte, i) => byte !== secondNonce[i]), 'a fresh nonce per record')
    },
  },
  {
    name: 'encrypt: a WebCrypto CryptoKey works; a wrong key or a changed byte is TRANSFORM_FAILED',
    async run() {
      const cryptoKey = await globalThis.crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt'])
      const backend = memoryBackend()
      {
        await using log = await openLog(backend, { writeTransform: encrypt(cryptoKey), readTransform: decrypt(cryptoKey) })
        await log.append('events', 'secret')
        equal(await readAll(log), ['secret'], 'records with a CryptoKey')
      }
      await rejectsWith(reopenAndReadFirst(backend, { readTransform: decrypt(otherKey) }), 'TRANSFORM_FAILED', 'a wrong key')
      flipBit(backend, 'events.log', 16 + 8 + 12)
      await rejectsWith(reopenAndReadFirst(backend, { readTransform: decrypt(cryptoKey) }), 'TRANSFORM_FAILED', 'a changed byte')
    },
  },
  {
    name: 'checksum: CRC-32C in front of each record; a changed bit is TRANSFORM_FAILED',
    async run() {
      equal(crc32c(utf8.encode('123456789')), 0xe3069283, 'CRC-32C of the standard check string')
      const backend = memoryBackend()
      {
        await using log = await openLog(backend, { writeTransform: checksum(), readTransform: verifyChecksum() })
        equal((await log.append('events', 'guarded')).size, 4 + 7, 'stored size')
        equal(await readAll(log), ['guarded'], 'records read back')
      }
      const stored = fileBytes(backend, 'events.log').subarray(24, 28)
      equal(new DataView(stored.buffer, stored.byteOffset).getUint32(0, true), crc32c(utf8.encode('guarded')), 'the stored CRC')
      flipBit(backend, 'events.log', 16 + 8 + 4 + 2)
      await rejectsWith(reopenAndReadFirst(backend, { readTransform: verifyChecksum() }), 'TRANSFORM_FAILED', 'a changed bit')
    },
  },
  {
    name: 'chain: deflate then encrypt on write, decrypt then inflate on read',
    async run() {
      const backend = memoryBackend()
      const record = '{"event":"login","user":42}'.repeat(20)
      const writeTransform = chain(deflate({ level: 1 }), encrypt(key))
      const readTransform = chain(decrypt(key), inflate())
      {
        await using log = await openLog(backend, { writeTransform, readTransform })
        const { size } = await log.append('events', record)
        ok(size < record.length / 4, `a compressed and encrypted record (${size} bytes for ${record.length})`)
      }
      await using log = await openLog(backend, { writeTransform, readTransform })
      equal(await readAll(log), [record], 'records after reopening')
    },
  },
]

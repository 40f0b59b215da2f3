import { type FileBackend, ImmutaError, type Transformer } from '@immuta/core'
import { describe, expect, test } from 'vitest'
import { faultyBackend } from '../../faultyBackend.js'
import { expectBytes, rejectionOf, rejectsWith, throwsWith } from '../expectations.js'
import { encodeLog, fileOf, indexesOf, readFile, writeFile } from '../format.js'
import { payload, payloads } from '../payloads.js'
import type { Log, Suite } from '../suite.js'

const NS = 'events'

/** A Uint8Array whose buffer was transferred away, as postMessage or structuredClone leave it. */
function detached(bytes: Uint8Array): Uint8Array {
  structuredClone(bytes.buffer, { transfer: [bytes.buffer] })
  return bytes
}

/** Values that look like bytes to `instanceof` but are not, and one whose buffer is gone. */
const NOT_BYTES: [string, () => unknown, RegExp][] = [
  ['a number', () => 42, /got a number/],
  ['a Proxy of a Uint8Array', () => new Proxy(payload(0), {}), /Proxy/],
  ['an object made from Uint8Array.prototype', () => Object.create(Uint8Array.prototype), /not a Uint8Array/],
  ['a detached Uint8Array', () => detached(payload(0)), /detached/],
  ['a detached empty Uint8Array', () => detached(new Uint8Array(0)), /detached/],
]

/**
 * Mistakes a new user makes: each is a typed error for that call alone, never a crash, a hang,
 * a namespace that refuses every later append, or half a transaction.
 */
export function misuseTests(suite: Suite): void {
  describe('Misuse', () => {
    bufferTests(suite)
    transactionFailureTests(suite)
    waitingTests(suite)
    closeTests(suite)
    optionTests(suite)
    errorDetailTests(suite)
    verifyTests(suite)
  })
}

async function fresh(suite: Suite, options: Partial<Parameters<Suite['open']>[0]> = {}): Promise<{ backend: FileBackend; log: Log }> {
  const backend = await suite.backend()
  const log = await suite.open({ backend, namespaces: [NS], ...options })
  return { backend, log }
}

function bufferTests(suite: Suite): void {
  test.each(NOT_BYTES)('append(%s) is INVALID_ARGUMENT saying what it got; the log goes on', async (_, value, says) => {
    const { backend, log } = await fresh(suite)
    await log.append(NS, payload(0))
    const error = await rejectsWith(() => log.append(NS, value() as Uint8Array), 'INVALID_ARGUMENT')
    expect(error.message).toMatch(says)
    expect(await log.append(NS, payload(1))).toMatchObject({ seq: 1 })
    await log.close()
    expectBytes(await readFile(backend, fileOf(NS)), encodeLog(payloads(2)))
  })

  test.each(NOT_BYTES)('append(%s) among appends in flight fails alone; close() settles', async (_, value) => {
    const { backend, log } = await fresh(suite)
    const first = log.append(NS, payload(0))
    const bad = rejectionOf(log.append(NS, value() as Uint8Array))
    const last = log.append(NS, payload(1))
    expect(await bad).toMatchObject({ code: 'INVALID_ARGUMENT' })
    expect(await Promise.all([first, last])).toMatchObject([{ seq: 0 }, { seq: 1 }])
    await log.close()
    expectBytes(await readFile(backend, fileOf(NS)), encodeLog(payloads(2)))
  })

  test.each([
    ['small', 100],
    ['large', 20_000],
  ])('a %s buffer detached after append() was called, before it is written, fails that append only', async (_, size) => {
    const { backend, log } = await fresh(suite)
    const first = log.append(NS, payload(0))
    const bytes = payload(1, size)
    const queued = rejectionOf(log.append(NS, bytes))
    detached(bytes)
    const last = log.append(NS, payload(2))
    expect(await queued).toMatchObject({ code: 'INVALID_ARGUMENT' })
    expect(await Promise.all([first, last])).toMatchObject([{ seq: 0 }, { seq: 1 }])
    // The namespace is not failed: it takes appends, and close does not hang.
    expect(await log.append(NS, payload(3))).toMatchObject({ seq: 2 })
    await log.close()
    expectBytes(await readFile(backend, fileOf(NS)), encodeLog([payload(0), payload(2), payload(3)]))
  })

  test.each(NOT_BYTES)('tx.append(%s) rejects with an ImmutaError INVALID_ARGUMENT, not a TypeError', async (_, value) => {
    const { backend, log } = await fresh(suite)
    await log.append(NS, payload(0))
    const before = await readFile(backend, fileOf(NS))
    const tx = log.begin(NS)
    await tx.append(payload(1))
    await rejectsWith(() => tx.append(value() as Uint8Array), 'INVALID_ARGUMENT')
    await rejectionOf(tx.commit())
    expectBytes(await readFile(backend, fileOf(NS)), before)
    expect(await log.append(NS, payload(1))).toMatchObject({ seq: 1 })
  })

  test.each([
    ['small', 100],
    ['8 KiB', 8192],
    ['large', 20_000],
    ['past the spill size', 1_100_000],
  ])('a transaction commits the bytes as they were when tx.append resolved (%s buffer reused)', async (_, size) => {
    const { backend, log } = await fresh(suite)
    const buffer = payload(0, size)
    const expected = [buffer.slice()]
    await log.transaction(NS, async (tx) => {
      await tx.append(buffer)
      buffer.fill(0xee) // the caller reuses its buffer for the next record
      expected.push(buffer.slice())
      await tx.append(buffer)
      buffer.fill(0x11)
    })
    await log.close()
    expectBytes(await readFile(backend, fileOf(NS)), encodeLog(expected))
  })

  test('a transaction copies a large buffer whose slice() is a view (as a Node Buffer) before tx.append resolves', async () => {
    class ViewSlice extends Uint8Array {
      override slice(start?: number, end?: number): Uint8Array<ArrayBuffer> {
        return this.subarray(start, end)
      }
    }
    const { backend, log } = await fresh(suite)
    const buffer = new ViewSlice(payload(0, 20_000))
    const expected = Uint8Array.from(buffer)
    await log.transaction(NS, async (tx) => {
      await tx.append(buffer)
      buffer.fill(0xee)
    })
    await log.close()
    expectBytes(await readFile(backend, fileOf(NS)), encodeLog([expected]))
  })

  test('a write transform that answers a Proxy of a Uint8Array rejects TRANSFORM_FAILED; the log goes on', async () => {
    let proxy = true
    const writeTransform: Transformer = (data) => (proxy ? new Proxy(data, {}) : data)
    const { log } = await fresh(suite, { writeTransform })
    await rejectsWith(() => log.append(NS, payload(0)), 'TRANSFORM_FAILED')
    proxy = false
    expect(await log.append(NS, payload(0))).toMatchObject({ seq: 0 })
  })
}

function transactionFailureTests(suite: Suite): void {
  test('a tx.append that fails without being awaited fails transaction(): rolled back, nothing committed', async () => {
    const { backend, log } = await fresh(suite)
    await log.append(NS, payload(0))
    const before = await readFile(backend, fileOf(NS))
    let forgotten: Promise<unknown> | undefined
    const error = await rejectionOf(
      log.transaction(NS, async (tx) => {
        await tx.append(payload(1)) // the debit
        forgotten = tx.append(42 as unknown as Uint8Array) // the credit, its await forgotten
        await tx.append(payload(2))
      }),
    )
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT' })
    expect(await rejectionOf(forgotten as Promise<unknown>)).toMatchObject({ code: 'INVALID_ARGUMENT' })
    expectBytes(await readFile(backend, fileOf(NS)), before)
    expect(await log.stats(NS)).toMatchObject({ count: 1 })
  })

  test('commit() of a transaction with a failed tx.append rolls back and rejects', async () => {
    const { backend, log } = await fresh(suite, { writeTransform: refusesFF })
    const tx = log.begin(NS)
    await tx.append(payload(0, 20_000))
    void tx.append(Uint8Array.of(0xff)).catch(() => undefined)
    await rejectsWith(() => tx.commit(), 'TRANSFORM_FAILED')
    expect(tx.closed).toBe(true)
    expectBytes(await readFile(backend, fileOf(NS)), encodeLog([]))
    expect(await log.append(NS, payload(2))).toMatchObject({ seq: 0 })
  })
}

function waitingTests(suite: Suite): void {
  test('a next() queued behind a pending next() honours its own signal', async () => {
    const { log } = await fresh(suite)
    const stream = log.stream(NS, 0)
    const first = stream.next()
    const controller = new AbortController()
    const second = rejectionOf(stream.next({ signal: controller.signal }))
    const reason = new Error('gave up')
    controller.abort(reason)
    expect(await second).toBe(reason)
    await log.append(NS, payload(0))
    await log.append(NS, payload(1))
    expect(await first).toMatchObject({ seq: 0 })
    // The aborted call took nothing.
    expect(await stream.next()).toMatchObject({ seq: 1 })
  })

  test('append({ signal }) stops waiting for a writer that a transaction holds; nothing of it is written', async () => {
    const { backend, log } = await fresh(suite)
    const tx = log.begin(NS)
    await tx.append(payload(0))
    const controller = new AbortController()
    const waiting = rejectionOf(log.append(NS, payload(9), { signal: controller.signal }))
    controller.abort(new Error('timeout'))
    expect(await waiting).toMatchObject({ message: 'timeout' })
    await tx.commit()
    expect(await log.append(NS, payload(1))).toMatchObject({ seq: 1 })
    await log.close()
    expectBytes(await readFile(backend, fileOf(NS)), encodeLog(payloads(2)))
  })

  test('a nested transaction() on the same namespace is bounded by its signal: the outer one commits', async () => {
    const { backend, log } = await fresh(suite)
    const controller = new AbortController()
    const reason = new Error('nested transaction would wait forever')
    await log.transaction(NS, async (outer) => {
      await outer.append(payload(0))
      const nested = rejectionOf(log.transaction(NS, async (inner) => inner.append(payload(9)), { signal: controller.signal }))
      controller.abort(reason)
      expect(await nested).toBe(reason)
      await outer.append(payload(1))
    })
    await log.close()
    expectBytes(await readFile(backend, fileOf(NS)), encodeLog(payloads(2)))
  })

  test('append({ signal }) with a signal already aborted rejects with its reason and writes nothing', async () => {
    const { backend, log } = await fresh(suite)
    const reason = new Error('no wait')
    expect(await rejectionOf(log.append(NS, payload(0), { signal: AbortSignal.abort(reason) }))).toBe(reason)
    await log.close()
    expectBytes(await readFile(backend, fileOf(NS)), encodeLog([]))
  })

  test('begin({ signal }) with an aborted signal: its calls reject with the reason, the writer stays free', async () => {
    const { log } = await fresh(suite)
    const reason = new Error('no wait')
    const tx = log.begin(NS, { signal: AbortSignal.abort(reason) })
    expect(await rejectionOf(tx.append(payload(0)))).toBe(reason)
    expect(await log.append(NS, payload(0))).toMatchObject({ seq: 0 })
  })
}

function closeTests(suite: Suite): void {
  const never: Transformer = () => new Promise<Uint8Array>(() => undefined)

  test('close() settles while a write transform never answers; the waiting append rejects STORAGE_CLOSED', async () => {
    const { log } = await fresh(suite, { writeTransform: never })
    const waiting = rejectionOf(log.append(NS, payload(0)))
    await log.close()
    expect(await waiting).toMatchObject({ code: 'STORAGE_CLOSED' })
  })

  test('close() settles while a transaction waits for a write transform that never answers', async () => {
    const stuckOn0xee: Transformer = (data) => (data[0] === 0xee ? never(data) : data)
    const { backend, log } = await fresh(suite, { writeTransform: stuckOn0xee })
    const tx = log.begin(NS)
    await tx.append(payload(0)) // the transaction holds the writer
    const waiting = rejectionOf(tx.append(Uint8Array.of(0xee)))
    await log.close()
    expect(await waiting).toMatchObject({ code: 'STORAGE_CLOSED' })
    expectBytes(await readFile(backend, fileOf(NS)), encodeLog([]))
  })

  test('a next() whose read is in flight when close() closes the file rejects STORAGE_CLOSED, not IO_ERROR', async () => {
    const gated = await gatedReads(suite)
    const log = await suite.open({ backend: gated.backend, namespaces: [NS] })
    gated.hold()
    const reading = rejectionOf(log.stream(NS, 0).next())
    await log.close()
    gated.release()
    expect(await reading).toMatchObject({ code: 'STORAGE_CLOSED' })
  })

  test('a for await loop whose read is in flight when the log closes ends normally', async () => {
    const gated = await gatedReads(suite)
    const log = await suite.open({ backend: gated.backend, namespaces: [NS] })
    gated.hold()
    let seen = 0
    const loop = (async () => {
      for await (const _ of log.stream(NS, 0)) seen++
    })()
    await log.close()
    gated.release()
    await loop
    expect(seen).toBe(0)
  })
}

/**
 * A log of three records over a backend whose reads, once `hold()` was called, wait until
 * `release()` and then reach the file as they were called: a read in flight across close()
 * finds the file closed (EBADF).
 */
async function gatedReads(suite: Suite): Promise<{ backend: FileBackend; hold(): void; release(): void }> {
  const inner = await suite.backend()
  await writeFile(inner, fileOf(NS), encodeLog(payloads(3)))
  const held: Array<() => void> = []
  let holding = false
  const gate = (): Promise<void> => (holding ? new Promise((resume) => held.push(resume)) : Promise.resolve())
  const backend: FileBackend = {
    async open(name, options) {
      const file = await inner.open(name, options)
      return {
        read: (into, position) => gate().then(() => file.read(into, position)),
        write: (data, position) => file.write(data, position),
        truncate: (size) => file.truncate(size),
        size: () => file.size(),
        sync: () => file.sync(),
        close: () => file.close(),
      }
    },
  }
  return {
    backend,
    hold: () => {
      holding = true
    },
    release: () => {
      holding = false
      for (const resume of held.splice(0)) resume()
    },
  }
}

function optionTests(suite: Suite): void {
  test('an unknown option is INVALID_ARGUMENT naming it and the closest known one', async () => {
    const backend = await suite.backend()
    const options = { backend, namespace: [NS] } as unknown as Parameters<Suite['open']>[0]
    const error = await rejectsWith(() => suite.open(options), 'INVALID_ARGUMENT')
    expect(error.message).toMatch(/"namespace".*"namespaces"/)
    const typo = { backend, namespaces: [NS], fastwrite: false } as unknown as Parameters<Suite['open']>[0]
    expect((await rejectsWith(() => suite.open(typo), 'INVALID_ARGUMENT')).message).toMatch(/"fastwrite".*"fastWrite"/)
  })

  test('namespaces given as a string says it must be an array', async () => {
    const options = { backend: await suite.backend(), namespaces: NS } as unknown as Parameters<Suite['open']>[0]
    const error = await rejectsWith(() => suite.open(options), 'NAMESPACE_REQUIRED')
    expect(error.message).toMatch(/array/)
  })

  test('Immuta.open() with no options is an ImmutaError, not a TypeError', async () => {
    const error = await rejectionOf(suite.open(undefined as unknown as Parameters<Suite['open']>[0]))
    expect(error).toBeInstanceOf(ImmutaError)
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT' })
  })

  test('a pollInterval above 2,147,483,647 ms is INVALID_ARGUMENT', async () => {
    const backend = await suite.backend()
    await rejectsWith(() => suite.open({ backend, namespaces: [NS], pollInterval: 2_147_483_648 }), 'INVALID_ARGUMENT')
    const log = await suite.open({ backend, namespaces: [NS], pollInterval: 2_147_483_647 })
    expect(log.namespaces).toEqual([NS])
  })

  test.each([
    [['Events', 'events']],
    [['audit', 'AUDIT']],
  ])('namespaces that differ only in case are refused together: %j', async (namespaces) => {
    await rejectsWith(async () => suite.open({ backend: await suite.backend(), namespaces }), 'INVALID_NAMESPACE')
  })

  test.each(['CON', 'prn', 'Aux', 'nul', 'NUL', 'com1', 'COM9', 'lpt1', 'Lpt9', 'nul.txt', 'con.events'])(
    'the Windows device name %s is refused',
    async (name) => {
      await rejectsWith(async () => suite.open({ backend: await suite.backend(), namespaces: [name] }), 'INVALID_NAMESPACE')
    },
  )

  test.each(['console', 'com10', 'com0', 'nullable', 'auxiliary', 'lpt', 'events.nul'])('%s is not a device name and opens', async (name) => {
    const log = await suite.open({ backend: await suite.backend(), namespaces: [name] })
    expect(await log.append(name, payload(0))).toMatchObject({ seq: 0 })
  })
}

function errorDetailTests(suite: Suite): void {
  test("after a failed write, later appends' IO_ERROR keeps the backend's error as cause", async () => {
    const inner = await suite.backend()
    await writeFile(inner, fileOf(NS), encodeLog(payloads(1)))
    const log = await suite.open({ backend: faultyBackend(inner, { failAt: 1, calls: ['write', 'writev'] }), namespaces: [NS] })
    const first = await rejectsWith(() => log.append(NS, payload(1)), 'IO_ERROR')
    expect(first.cause).toMatchObject({ code: 'EIO' })
    const later = await rejectsWith(() => log.append(NS, payload(2)), 'IO_ERROR')
    expect(later.cause).toMatchObject({ code: 'EIO' })
    const inTransaction = await rejectsWith(() => log.transaction(NS, (tx) => tx.append(payload(2))), 'IO_ERROR')
    expect(inTransaction.cause).toMatchObject({ code: 'EIO' })
  })

  test("a backend whose lock() rejects with code 'LOCKED' gives LOCKED", async () => {
    const inner = await suite.backend()
    const held = Object.assign(new Error('held by another writer'), { code: 'LOCKED' })
    const backend: FileBackend = {
      open: (name, options) => inner.open(name, options),
      lock: () => Promise.reject(held),
    }
    const error = await rejectsWith(() => suite.open({ backend, namespaces: [NS] }), 'LOCKED')
    expect(error.cause).toBe(held)
  })

  test('NAMESPACE_NOT_FOUND lists the namespaces the log was opened with', async () => {
    const log = await suite.open({ backend: await suite.backend(), namespaces: [NS, 'audit'] })
    const error = throwsWith(() => log.stream('event', 0), 'NAMESPACE_NOT_FOUND')
    expect(error.message).toMatch(/"events", "audit"/)
    expect((await rejectsWith(() => log.append('evnts', payload(0)), 'NAMESPACE_NOT_FOUND')).message).toMatch(/"events"/)
  })

  test('stream() with a string position says it wants a number', async () => {
    const { log } = await fresh(suite)
    const error = throwsWith(() => log.stream(NS, '5' as unknown as number), 'INVALID_ARGUMENT')
    expect(error.message).toMatch(/number/)
  })

  test('TRANSFORM_FAILED from a stream says which record: details { seq, index }', async () => {
    const backend = await suite.backend()
    const stored = [payload(0), payload(1), Uint8Array.of(0xff, 1, 2), payload(3)]
    await writeFile(backend, fileOf(NS), encodeLog(stored))
    const log = await suite.open({ backend, namespaces: [NS], readTransform: refusesFF })
    const stream = log.stream(NS, 0)
    await stream.next()
    await stream.next()
    const error = await rejectsWith(() => stream.next(), 'TRANSFORM_FAILED')
    expect(error.details).toEqual({ seq: 2, index: indexesOf(stored)[2] })
  })
}

/** A read transform that refuses records starting with 0xff, as verifyChecksum refuses damage. */
const refusesFF: Transformer = (data) => {
  if (data[0] === 0xff) throw new Error('damaged record')
  return data
}

function verifyTests(suite: Suite): void {
  test('verify({ transform: true }) runs the read transform over every record and names the first that fails', async () => {
    const backend = await suite.backend()
    const stored = [payload(0), payload(1), payload(2), Uint8Array.of(0xff), payload(4), Uint8Array.of(0xff)]
    await writeFile(backend, fileOf(NS), encodeLog(stored))
    const log = await suite.open({ backend, namespaces: [NS], readTransform: refusesFF })
    expect(await log.verify(NS)).toMatchObject({ count: 6 })
    const error = await rejectsWith(() => log.verify(NS, { transform: true }), 'TRANSFORM_FAILED')
    expect(error.details).toEqual({ seq: 3, index: indexesOf(stored)[3] })
    expect((error.cause as Error).message).toBe('damaged record')
  })

  test('verify({ onProgress }) reports as it walks and once at the end; { signal } stops it', async () => {
    const { log } = await fresh(suite)
    const written = payloads(2100, 4)
    await log.transaction(NS, async (tx) => {
      for (const bytes of written) await tx.append(bytes)
    })
    const progress: number[] = []
    expect(await log.verify(NS, { transform: true, onProgress: ({ checked, count }) => progress.push(checked, count) })).toMatchObject({
      count: 2100,
    })
    expect(progress).toEqual([1024, 2100, 2048, 2100, 2100, 2100])
    const reason = new Error('enough')
    expect(await rejectionOf(log.verify(NS, { signal: AbortSignal.abort(reason) }))).toBe(reason)
  })
}

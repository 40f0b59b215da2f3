import { describe, expect, test } from 'vitest'
import { seededRandom } from '../../random.js'
import { delayedBackend } from '../backends/delayedBackend.js'
import { recordingBackend } from '../backends/recordingBackend.js'
import { expectPayloads, rejectionOf, throwsWith } from '../expectations.js'
import { encodeLog, fileOf, indexesOf, writeFile } from '../format.js'
import { payload, payloads } from '../payloads.js'
import type { Log, Suite } from '../suite.js'

const NS = 'events'

type Stream = ReturnType<Log['stream']>

async function take(stream: Stream, count: number): Promise<{ seq: number; index: number; size: number; data: Uint8Array }[]> {
  const records = []
  for (let i = 0; i < count; i++) records.push(await stream.next())
  return records
}

/** Opens a log holding `count` records `payload(i)`. */
async function logWith(suite: Suite, count: number, namespaces = [NS]): Promise<Log> {
  const log = await suite.open({ backend: await suite.backend(), namespaces })
  for (const data of payloads(count)) await log.append(NS, data)
  return log
}

export function readingTests(suite: Suite): void {
  describe('Reading', () => {
    positionTests(suite)
    waitingTests(suite)
    iterationTests(suite)
    visibilityTests(suite)
    concurrencyTests(suite)
    argumentTests(suite)
  })
}

function positionTests(suite: Suite): void {
  test('stream(ns, 0) delivers every record from the start with seq, index, size and data', async () => {
    const log = await logWith(suite, 5)
    const indexes = indexesOf(payloads(5))
    expect(await take(log.stream(NS, 0), 5)).toEqual(
      payloads(5).map((data, seq) => ({ seq, index: indexes[seq], size: data.length, data })),
    )
  })

  test('stream(ns, -1) delivers only records committed after the call', async () => {
    const log = await logWith(suite, 3)
    const stream = log.stream(NS, -1)
    await log.append(NS, payload(3))
    expect(await stream.next()).toMatchObject({ seq: 3, data: payload(3) })
  })

  test('stream(ns, -1) delivers every record of a multi-record transaction committed after the call', async () => {
    const log = await logWith(suite, 2)
    const stream = log.stream(NS, -1)
    await log.transaction(NS, async (tx) => {
      for (let i = 2; i < 6; i++) await tx.append(payload(i))
    })
    expect((await take(stream, 4)).map((record) => record.seq)).toEqual([2, 3, 4, 5])
  })

  test('stream(ns, N) with 0 < N < count skips the first N records', async () => {
    const log = await logWith(suite, 5)
    expect((await take(log.stream(NS, 2), 3)).map((record) => record.seq)).toEqual([2, 3, 4])
  })

  test.each([0, 1, 3])('stream(ns, count + %i) first delivers seq === N, whenever it is committed', async (ahead) => {
    const log = await logWith(suite, 3)
    const n = 3 + ahead
    const first = log.stream(NS, n).next()
    for (let i = 3; i <= n; i++) await log.append(NS, payload(i))
    expect(await first).toMatchObject({ seq: n, data: payload(n) })
  })

  test('stream(ns, N) beyond the count starts at seq N inside a transaction that crosses N', async () => {
    const log = await logWith(suite, 1)
    const stream = log.stream(NS, 3)
    await log.transaction(NS, async (tx) => {
      for (let i = 1; i < 6; i++) await tx.append(payload(i))
    })
    expect((await take(stream, 3)).map((record) => record.seq)).toEqual([3, 4, 5])
  })
}

function waitingTests(suite: Suite): void {
  test('next() at the end waits for the next commit', async () => {
    const log = await logWith(suite, 1)
    const stream = log.stream(NS, 0)
    await stream.next()
    const waiting = stream.next()
    await log.append(NS, payload(1))
    expect(await waiting).toMatchObject({ seq: 1 })
  })

  test('next({ signal }) rejects with the signal reason when it aborts', async () => {
    const log = await logWith(suite, 0)
    const controller = new AbortController()
    const reason = new Error('enough')
    const waiting = log.stream(NS, 0).next({ signal: controller.signal })
    controller.abort(reason)
    expect(await rejectionOf(waiting)).toBe(reason)
  })

  test('next({ signal }) with a signal already aborted rejects with its reason', async () => {
    const log = await logWith(suite, 2)
    const reason = { why: 'already' }
    expect(await rejectionOf(log.stream(NS, 0).next({ signal: AbortSignal.abort(reason) }))).toBe(reason)
  })

  test('next({ signal: AbortSignal.timeout() }) rejects with a TimeoutError', async () => {
    const log = await logWith(suite, 0)
    const error = await rejectionOf(log.stream(NS, 0).next({ signal: AbortSignal.timeout(5) }))
    expect(error).toMatchObject({ name: 'TimeoutError' })
  })

  test('an aborted next() consumes nothing: the stream delivers the next record afterwards', async () => {
    const log = await logWith(suite, 1)
    const stream = log.stream(NS, 0)
    await stream.next()
    const controller = new AbortController()
    const aborted = stream.next({ signal: controller.signal })
    controller.abort()
    await rejectionOf(aborted)
    await log.append(NS, payload(1))
    expect(await stream.next()).toMatchObject({ seq: 1, data: payload(1) })
  })

  test('a waiting next() rejects with STORAGE_CLOSED when the log closes, and so does a later one', async () => {
    const log = await logWith(suite, 1)
    const stream = log.stream(NS, 1)
    const waiting = stream.next()
    await log.close()
    expect(await rejectionOf(waiting)).toMatchObject({ code: 'STORAGE_CLOSED' })
    expect(await rejectionOf(stream.next())).toMatchObject({ code: 'STORAGE_CLOSED' })
  })
}

/** Runs a for-await loop over `stream` in the background; `reached(n)` resolves once it saw n records. */
function loopOver(stream: Stream): { seen: number[]; reached: (n: number) => Promise<void>; ended: Promise<void> } {
  const seen: number[] = []
  const watchers: { n: number; resolve: () => void }[] = []
  const ended = (async () => {
    for await (const record of stream) {
      seen.push(record.seq)
      for (const watcher of watchers) if (seen.length >= watcher.n) watcher.resolve()
    }
  })()
  const reached = (n: number): Promise<void> =>
    seen.length >= n ? Promise.resolve() : new Promise((resolve) => watchers.push({ n, resolve }))
  return { seen, reached, ended }
}

function iterationTests(suite: Suite): void {
  test('a for await loop waits for new records and ends normally when the log closes', async () => {
    const log = await logWith(suite, 1)
    const loop = loopOver(log.stream(NS, 0))
    await loop.reached(1)
    await log.append(NS, payload(1))
    await loop.reached(2)
    await log.close()
    await loop.ended
    expect(loop.seen).toEqual([0, 1])
  })

  test('a for await loop ends normally when the stream is done()', async () => {
    const log = await logWith(suite, 2)
    const stream = log.stream(NS, 0)
    const loop = loopOver(stream)
    await loop.reached(2)
    stream.done()
    await loop.ended
    expect(loop.seen).toEqual([0, 1])
  })

  test('using a stream makes it done on scope exit', async () => {
    const log = await logWith(suite, 3)
    let escaped: Stream | undefined
    {
      using stream = log.stream(NS, 0)
      escaped = stream
    }
    const loop = loopOver(escaped)
    await loop.ended
    expect(loop.seen).toEqual([])
  })
}

function visibilityTests(suite: Suite): void {
  test('a stream never sees an uncommitted or rolled-back record, nor one twice', async () => {
    const random = seededRandom(suite.seed)
    const log = await suite.open({ backend: await suite.backend(), namespaces: [NS] })
    const stream = log.stream(NS, 0)
    const committed: Uint8Array[] = []
    const reading = (async () => {
      const seen = []
      for (let i = 0; i < 60; i++) seen.push(await stream.next())
      return seen
    })()
    for (let step = 0; committed.length < 60; step++) {
      const data = payload(1000 + step)
      const kind = random.int(3)
      if (kind === 0) {
        await log.append(NS, data)
        committed.push(data)
      } else {
        const keep = kind === 1
        await rejectionOf(
          log.transaction(NS, async (tx) => {
            await tx.append(data)
            await tx.append(data)
            if (!keep) throw new Error('rollback')
          }),
        )
        if (keep) committed.push(data, data)
      }
    }
    const seen = await reading
    expect(seen.map((record) => record.seq)).toEqual(committed.slice(0, 60).map((_, i) => i))
    expectPayloads(seen.map((record) => record.data), committed.slice(0, 60))
  })

  test("a record's data stays valid after later reads", async () => {
    const backend = await suite.backend()
    const data = payloads(700, 3000)
    await writeFile(backend, fileOf(NS), encodeLog(data))
    const log = await suite.open({ backend, namespaces: [NS] })
    const kept = (await take(log.stream(NS, 0), 700)).map((record) => record.data)
    await take(log.stream(NS, 0), 700)
    expectPayloads(kept, data)
  })

  test('the read transform is applied to what a stream delivers', async () => {
    const backend = await suite.backend()
    const log = await suite.open({ backend, namespaces: [NS], readTransform: async (data) => data.slice(1) })
    await log.append(NS, payload(0, 10))
    expect(await log.stream(NS, 0).next()).toMatchObject({ size: 10, data: payload(0, 10).slice(1) })
  })
}

function concurrencyTests(suite: Suite): void {
  test('many streams read one namespace concurrently while it is written', async () => {
    const log = await suite.open({ backend: await suite.backend(), namespaces: [NS] })
    const data = payloads(300, 1024)
    const readers = Array.from({ length: 4 }, () => take(log.stream(NS, 0), 300))
    await Promise.all(data.map((bytes) => log.append(NS, bytes)))
    for (const records of await Promise.all(readers)) {
      expectPayloads(records.map((record) => record.data), data)
    }
  })

  test.each([
    [2, 2],
    [undefined, 5],
  ])('readerCount %s bounds the reads in flight on a namespace to %i', async (readerCount, bound) => {
    const recording = recordingBackend(delayedBackend(await suite.backend(), seededRandom(suite.seed)))
    const data = payloads(40, 40000)
    await writeFile(recording.backend, fileOf(NS), encodeLog(data))
    const log = await suite.open({ backend: recording.backend, namespaces: [NS], readerCount })
    const readers = Array.from({ length: 8 }, () => take(log.stream(NS, 0), 40))
    for (const records of await Promise.all(readers)) expectPayloads(records.map((record) => record.data), data)
    expect(recording.maxReadsInFlight(fileOf(NS))).toBeLessThanOrEqual(bound)
  })
}

function argumentTests(suite: Suite): void {
  test('stream() on an unknown namespace throws NAMESPACE_NOT_FOUND synchronously', async () => {
    const log = await logWith(suite, 0)
    throwsWith(() => log.stream('nope', 0), 'NAMESPACE_NOT_FOUND')
  })

  test('stream() with an empty namespace argument throws NAMESPACE_REQUIRED synchronously', async () => {
    const log = await logWith(suite, 0)
    throwsWith(() => log.stream('', 0), 'NAMESPACE_REQUIRED')
  })
}

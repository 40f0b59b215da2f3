import type { FileBackend, Transformer } from '@immuta/core'
import { describe, expect, test } from 'vitest'
import { type FaultKind, type FileCall, faultyBackend } from '../../faultyBackend.js'
import { memoryBackend } from '../../memoryBackend.js'
import { recordingBackend } from '../backends/recordingBackend.js'
import { expectBytes, expectPayloads, rejectionOf, rejectsWith } from '../expectations.js'
import { appendRaw, encodeLog, fileOf, readFile, writeFile } from '../format.js'
import { payload, payloads } from '../payloads.js'
import type { Log, Suite } from '../suite.js'

const NS = 'events'
const WRITES: FileCall[] = ['write', 'writev']

/** A backend whose `events.log` already holds `count` committed records, so opening writes nothing. */
async function seeded(suite: Suite, count: number): Promise<FileBackend> {
  const backend = await suite.backend()
  await writeFile(backend, fileOf(NS), encodeLog(payloads(count)))
  await writeFile(backend, fileOf('audit'), encodeLog([]))
  return backend
}

/**
 * How many calls of `kinds` opening a log of `events` over `backend` makes: a fault planned
 * after that many hits the first call after open.
 */
async function callsAtOpen(suite: Suite, backend: FileBackend, kinds: readonly FileCall[], fastWrite = true): Promise<number> {
  const recording = recordingBackend(backend)
  const log = await suite.open({ backend: recording.backend, namespaces: [NS], fastWrite })
  await log.close()
  return recording.calls.filter((call) => (kinds as readonly string[]).includes(call.kind)).length
}

const WRITE_FAULTS: [string, FaultKind][] = [
  ['EIO', 'EIO'],
  ['ENOSPC', 'ENOSPC'],
  ['a short write', 'shortWrite'],
]

export function errorTests(suite: Suite): void {
  describe('Errors', () => {
    writeFailureTests(suite)
    syncFailureTests(suite)
    otherFailureTests(suite)
    transformTests(suite)
  })
}

function writeFailureTests(suite: Suite): void {
  test.each(WRITE_FAULTS)('a write failing with %s rejects the append with IO_ERROR, cause the backend error', async (_, kind) => {
    const inner = await seeded(suite, 2)
    const log = await suite.open({ backend: faultyBackend(inner, { failAt: 1, kind, calls: WRITES }), namespaces: [NS] })
    const error = await rejectsWith(() => log.append(NS, payload(2)), 'IO_ERROR')
    expect(error.cause).toMatchObject({ code: kind === 'EIO' ? 'EIO' : 'ENOSPC' })
  })

  test.each(WRITE_FAULTS)('after a write fails (%s) appends reject IO_ERROR until reopened; committed reads go on', async (_, kind) => {
    const inner = await seeded(suite, 3)
    const before = await readFile(inner, fileOf(NS))
    const log = await suite.open({ backend: faultyBackend(inner, { failAt: 1, kind, calls: WRITES }), namespaces: [NS, 'audit'] })
    await rejectsWith(() => log.append(NS, payload(3)), 'IO_ERROR')
    // The fault was transient: the backend works again, but the namespace no longer trusts its file.
    await rejectsWith(() => log.append(NS, payload(4)), 'IO_ERROR')
    await rejectsWith(() => log.transaction(NS, async (tx) => tx.append(payload(4))), 'IO_ERROR')
    expect((await log.stream(NS, 0).next()).data).toEqual(payload(0))
    expect(await log.append('audit', payload(9))).toMatchObject({ seq: 0 })
    await log.close()
    // Go leaves a phantom record here; the page wants the file as it was before the append.
    expectBytes(await readFile(inner, fileOf(NS)), before)
    const reopened = await suite.open({ backend: inner, namespaces: [NS, 'audit'] })
    expectBytes(await readFile(inner, fileOf(NS)), before)
    expect(await reopened.append(NS, payload(3))).toMatchObject({ seq: 3, index: before.length })
  })

  test('a failed write (EIO) leaves the file byte-identical at once', async () => {
    const inner = await seeded(suite, 2)
    const before = await readFile(inner, fileOf(NS))
    const log = await suite.open({ backend: faultyBackend(inner, { failAt: 1, calls: WRITES }), namespaces: [NS] })
    await rejectionOf(log.append(NS, payload(2)))
    expectBytes(await readFile(inner, fileOf(NS)), before)
  })

  test('concurrent appends caught by one failed write all reject; none is counted', async () => {
    const inner = await seeded(suite, 1)
    const log = await suite.open({ backend: faultyBackend(inner, { failAt: 1, calls: WRITES }), namespaces: [NS] })
    const outcomes = await Promise.all(payloads(20).map((bytes) => rejectionOf(log.append(NS, bytes))))
    for (const outcome of outcomes) expect(outcome).toMatchObject({ code: 'IO_ERROR' })
    expect(await log.stats(NS)).toMatchObject({ count: 1 })
  })

  test('nothing acknowledged is lost by a failure after its acknowledgement', async () => {
    const inner = await seeded(suite, 0)
    const kinds: FileCall[] = [...WRITES, 'sync', 'truncate']
    const before = await callsAtOpen(suite, inner, kinds, false)
    const faulty = faultyBackend(inner, { failAt: before + 7, persistent: true, calls: kinds })
    const log = await suite.open({ backend: faulty, namespaces: [NS], fastWrite: false })
    const acknowledged: Uint8Array[] = []
    for (const bytes of payloads(10)) {
      if ((await rejectionOf(log.append(NS, bytes))) === undefined) acknowledged.push(bytes)
    }
    expect(faulty.injected).toBeGreaterThan(0)
    await log.close()
    const reopened = await suite.open({ backend: inner, namespaces: [NS] })
    const records = await take(reopened, acknowledged.length)
    expectPayloads(records, acknowledged)
    // The append that failed was not acknowledged: it may be there (its header landed) or not.
    expect((await reopened.stats(NS)).count).toBeLessThanOrEqual(acknowledged.length + 1)
  })
}

async function take(log: Log, count: number): Promise<Uint8Array[]> {
  const stream = log.stream(NS, 0)
  const records: Uint8Array[] = []
  for (let i = 0; i < count; i++) records.push((await stream.next()).data)
  return records
}

function syncFailureTests(suite: Suite): void {
  test.each([
    ['EIO', 'EIO'],
    ['losing the unsynced writes', 'lostSync'],
  ] as [string, FaultKind][])('a failed sync (%s) of a durable log rejects IO_ERROR and every later append too', async (_, kind) => {
    const inner = kind === 'lostSync' ? memoryBackend() : await suite.backend()
    await writeFile(inner, fileOf(NS), encodeLog(payloads(2)))
    const syncs = await callsAtOpen(suite, inner, ['sync'], false)
    const faulty = faultyBackend(inner, { failAt: syncs + 1, kind, calls: ['sync'] })
    const log = await suite.open({ backend: faulty, namespaces: [NS], fastWrite: false })
    const error = await rejectsWith(() => log.append(NS, payload(2)), 'IO_ERROR')
    expect(error.cause).toMatchObject({ code: 'EIO' })
    await rejectsWith(() => log.append(NS, payload(3)), 'IO_ERROR')
    expect((await log.stream(NS, 1).next()).data).toEqual(payload(1))
    await log.close()
    const reopened = await suite.open({ backend: inner, namespaces: [NS] })
    // The failed record was never acknowledged: it may be gone, and the header never counts it
    // before its bytes were synced.
    expect(await reopened.stats(NS)).toMatchObject({ count: 2 })
    expectBytes(await readFile(inner, fileOf(NS)), encodeLog(payloads(2)))
  })
}

function otherFailureTests(suite: Suite): void {
  test('a failed truncate of a tail at open rejects the open with IO_ERROR; a later open truncates', async () => {
    const inner = await seeded(suite, 2)
    await appendRaw(inner, fileOf(NS), payload(99, 30))
    const faulty = faultyBackend(inner, { failAt: 1, calls: ['truncate'] })
    const error = await rejectsWith(() => suite.open({ backend: faulty, namespaces: [NS] }), 'IO_ERROR')
    expect(error.cause).toMatchObject({ code: 'EIO' })
    const log = await suite.open({ backend: inner, namespaces: [NS] })
    expect(await log.append(NS, payload(2))).toMatchObject({ seq: 2 })
    expectBytes(await readFile(inner, fileOf(NS)), encodeLog(payloads(3)))
  })

  test('a backend open failure rejects Immuta.open with IO_ERROR, cause the backend error', async () => {
    const faulty = faultyBackend(await suite.backend(), { failAt: 1, calls: ['open'] })
    const error = await rejectsWith(() => suite.open({ backend: faulty, namespaces: [NS] }), 'IO_ERROR')
    expect(error.cause).toMatchObject({ code: 'EIO' })
  })

  test('a failed read rejects next() with IO_ERROR, cause the backend error', async () => {
    const inner = await seeded(suite, 3)
    const reads = await callsAtOpen(suite, inner, ['read'])
    const log = await suite.open({ backend: faultyBackend(inner, { failAt: reads + 1, calls: ['read'] }), namespaces: [NS] })
    const error = await rejectsWith(() => log.stream(NS, 0).next(), 'IO_ERROR')
    expect(error.cause).toMatchObject({ code: 'EIO' })
    expect(await log.stream(NS, 2).next()).toMatchObject({ seq: 2, data: payload(2) })
  })
}

const failing = new Error('transform broke')

function transformTests(suite: Suite): void {
  test.each([
    ['throws', () => {
      throw failing
    }],
    ['rejects', async () => {
      throw failing
    }],
  ] as [string, Transformer][])(
    'a write transform that %s rejects the append with TRANSFORM_FAILED, nothing written, the log usable',
    async (_, broken) => {
      const backend = await seeded(suite, 2)
      const before = await readFile(backend, fileOf(NS))
      let fail = true
      const writeTransform: Transformer = (data) => (fail ? broken(data) : data)
      const log = await suite.open({ backend, namespaces: [NS], writeTransform })
      const error = await rejectsWith(() => log.append(NS, payload(2)), 'TRANSFORM_FAILED')
      expect(error.cause).toBe(failing)
      expectBytes(await readFile(backend, fileOf(NS)), before)
      fail = false
      expect(await log.append(NS, payload(2))).toMatchObject({ seq: 2, index: before.length })
      expectBytes(await readFile(backend, fileOf(NS)), encodeLog(payloads(3)))
    },
  )

  test('a write transform failing inside a transaction rejects tx.append with TRANSFORM_FAILED', async () => {
    const backend = await seeded(suite, 1)
    const before = await readFile(backend, fileOf(NS))
    const writeTransform = (): Uint8Array => {
      throw failing
    }
    const log = await suite.open({ backend, namespaces: [NS], writeTransform })
    const error = await rejectionOf(log.transaction(NS, async (tx) => tx.append(payload(1))))
    expect(error).toMatchObject({ code: 'TRANSFORM_FAILED', cause: failing })
    expectBytes(await readFile(backend, fileOf(NS)), before)
  })

  test('a read transform that throws rejects next() with TRANSFORM_FAILED', async () => {
    const backend = await seeded(suite, 1)
    const readTransform = (): Uint8Array => {
      throw failing
    }
    const log = await suite.open({ backend, namespaces: [NS], readTransform })
    const error = await rejectsWith(() => log.stream(NS, 0).next(), 'TRANSFORM_FAILED')
    expect(error.cause).toBe(failing)
  })
}

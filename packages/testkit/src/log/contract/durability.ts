import { describe, expect, test } from 'vitest'
import { faultyBackend } from '../../faultyBackend.js'
import { memoryBackend } from '../../memoryBackend.js'
import { type BackendCall, recordingBackend } from '../backends/recordingBackend.js'
import { expectBytes, expectPayloads } from '../expectations.js'
import { appendRaw, concat, encodeLog, fileOf, readFile, setU64, writeFile } from '../format.js'
import { payload, payloads } from '../payloads.js'
import type { Log, Suite } from '../suite.js'

const NS = 'events'

async function streamed(log: Log, count: number): Promise<Uint8Array[]> {
  const stream = log.stream(NS, 0)
  const out: Uint8Array[] = []
  for (let i = 0; i < count; i++) out.push((await stream.next()).data)
  return out
}

/** Record bytes written to `file` and not yet synced, at each call: a header write must find none. */
function headerWritesOverUnsyncedRecords(calls: readonly BackendCall[], file: string): number {
  let unsynced = false
  let violations = 0
  for (const call of calls.filter((c) => c.file === file)) {
    if (call.kind === 'write' && (call.position ?? 0) >= 16) unsynced = true
    if (call.kind === 'truncate') unsynced = true
    if (call.kind === 'sync') unsynced = false
    if (call.kind === 'write' && call.position === 0 && unsynced) violations++
  }
  return violations
}

function lastWriteIsSynced(calls: readonly BackendCall[], file: string): boolean {
  const mine = calls.filter((c) => c.file === file)
  const lastWrite = mine.findLastIndex((c) => c.kind === 'write' || c.kind === 'truncate')
  return mine.slice(lastWrite + 1).some((c) => c.kind === 'sync')
}

/** Tails that no header counts, as a crash in the middle of an append leaves them. */
const TAILS: [string, Uint8Array][] = [
  ['a whole record', concat(new Uint8Array([5, 0, 0, 0, 0, 0, 0, 0]), payload(99, 5))],
  ['half a size field', new Uint8Array([5, 0, 0, 0])],
  ['a size field and part of its payload', concat(new Uint8Array([50, 0, 0, 0, 0, 0, 0, 0]), payload(99, 20))],
  ['zeros', new Uint8Array(4096)],
]

export function durabilityTests(suite: Suite): void {
  describe('Durability and recovery', () => {
    crashTests(suite)
    orderingTests(suite)
    recoveryTests(suite)
  })
}

function crashTests(suite: Suite): void {
  test('fastWrite: true — a resolved commit survives the process crashing', async () => {
    const backend = await suite.backend()
    const log = await suite.open({ backend, namespaces: [NS] })
    await Promise.all(payloads(20).map((bytes) => log.append(NS, bytes)))
    // The process dies here: the log is never closed. What the OS holds is what the backend reads.
    const survivor = await suite.open({ backend, namespaces: [NS], readOnly: true })
    expectPayloads(await streamed(survivor, 20), payloads(20))
    expectBytes(await readFile(backend, fileOf(NS)), encodeLog(payloads(20)))
  })

  test('fastWrite: true over the memory backend: a process crash keeps every unsynced write', async () => {
    const faulty = faultyBackend(memoryBackend())
    const log = await suite.open({ backend: faulty, namespaces: [NS] })
    for (const bytes of payloads(5)) await log.append(NS, bytes)
    const after = faulty.afterPowerLoss({ mode: 'keep' })
    const reopened = await suite.open({ backend: after, namespaces: [NS] })
    expectPayloads(await streamed(reopened, 5), payloads(5))
  })

  test.each([
    ['dropped', { mode: 'drop' }],
    ['torn at 512-byte sectors', { mode: 'tear', seed: 1 }],
    ['torn at 1-byte sectors', { mode: 'tear', seed: 2, sectorSize: 1 }],
    ['cut to a prefix', { mode: 'prefix', seed: 3 }],
  ] as const)('fastWrite: false — resolved commits survive power loss with unsynced writes %s', async (_, plan) => {
    const faulty = faultyBackend(memoryBackend())
    const log = await suite.open({ backend: faulty, namespaces: [NS], fastWrite: false })
    for (const bytes of payloads(3)) await log.append(NS, bytes)
    await Promise.all(payloads(30).slice(3).map((bytes) => log.append(NS, bytes)))
    const after = faulty.afterPowerLoss(plan)
    const reopened = await suite.open({ backend: after, namespaces: [NS] })
    expect(await reopened.stats(NS)).toMatchObject({ count: 30 })
    expectPayloads(await streamed(reopened, 30), payloads(30))
    expect(await reopened.verify(NS)).toMatchObject({ count: 30 })
  })
}

function orderingTests(suite: Suite): void {
  // fastWrite: true promises less, so syncing anyway would keep every promise; what tells the
  // default apart is that it does not pay for a sync per commit.
  test('fastWrite: true is the default: commits do not wait for a sync', async () => {
    const recording = recordingBackend(await suite.backend())
    const log = await suite.open({ backend: recording.backend, namespaces: [NS] })
    const opened = recording.calls.length
    await Promise.all(payloads(10).map((bytes) => log.append(NS, bytes)))
    await log.append(NS, payload(10))
    expect(recording.calls.slice(opened).filter((call) => call.kind === 'sync')).toEqual([])
  })

  test('fastWrite: false — a header is never written over record bytes that are not synced', async () => {
    const recording = recordingBackend(await suite.backend())
    const log = await suite.open({ backend: recording.backend, namespaces: [NS], fastWrite: false })
    for (const bytes of payloads(3)) await log.append(NS, bytes)
    await Promise.all(payloads(20).map((bytes) => log.append(NS, bytes)))
    await log.transaction(NS, async (tx) => {
      for (const bytes of payloads(3)) await tx.append(bytes)
    })
    expect(recording.calls.some((call) => call.kind === 'write' && call.position === 0)).toBe(true)
    expect(headerWritesOverUnsyncedRecords(recording.calls, fileOf(NS))).toBe(0)
  })

  test('fastWrite: false — when append resolves, everything it wrote is synced', async () => {
    const recording = recordingBackend(await suite.backend())
    const log = await suite.open({ backend: recording.backend, namespaces: [NS], fastWrite: false })
    for (const bytes of payloads(3)) {
      await log.append(NS, bytes)
      expect(lastWriteIsSynced(recording.calls, fileOf(NS))).toBe(true)
    }
    await log.transaction(NS, async (tx) => tx.append(payload(3)))
    expect(lastWriteIsSynced(recording.calls, fileOf(NS))).toBe(true)
  })
}

function recoveryTests(suite: Suite): void {
  test.each(TAILS)('a writer truncates a tail of %s before it appends, and never serves it', async (_, tail) => {
    const backend = await suite.backend()
    const committed = encodeLog(payloads(3))
    await writeFile(backend, fileOf(NS), committed)
    await appendRaw(backend, fileOf(NS), tail)
    const log = await suite.open({ backend, namespaces: [NS] })
    expectBytes(await readFile(backend, fileOf(NS)), committed)
    expect(await log.append(NS, payload(3))).toMatchObject({ seq: 3, index: committed.length })
    expectPayloads(await streamed(log, 4), payloads(4))
    expect(await log.verify(NS)).toEqual({ count: 4, size: encodeLog(payloads(4)).length })
  })

  test('a writer truncates a tail after an empty header (records written, header never updated)', async () => {
    const backend = await suite.backend()
    const uncounted = encodeLog(payloads(2))
    setU64(uncounted, 0, 0)
    setU64(uncounted, 8, 0)
    await writeFile(backend, fileOf(NS), uncounted)
    const log = await suite.open({ backend, namespaces: [NS] })
    expect(await log.stats(NS)).toMatchObject({ count: 0, lastIndex: 0, size: 16 })
    expect(await log.append(NS, payload(7))).toMatchObject({ seq: 0, index: 16 })
    expectBytes(await readFile(backend, fileOf(NS)), encodeLog([payload(7)]))
  })

  test('a read-only follower leaves a tail alone and never serves it', async () => {
    const backend = await suite.backend()
    await writeFile(backend, fileOf(NS), encodeLog(payloads(2)))
    await appendRaw(backend, fileOf(NS), TAILS[0]?.[1] as Uint8Array)
    const before = await readFile(backend, fileOf(NS))
    const follower = await suite.open({ backend, namespaces: [NS], readOnly: true, pollInterval: 10 })
    expect(await follower.stats(NS)).toMatchObject({ count: 2 })
    expectPayloads(await streamed(follower, 2), payloads(2))
    expectBytes(await readFile(backend, fileOf(NS)), before)
  })

  test('a tail in every namespace is truncated', async () => {
    const backend = await suite.backend()
    for (const ns of [NS, 'audit']) {
      await writeFile(backend, fileOf(ns), encodeLog(payloads(1)))
      await appendRaw(backend, fileOf(ns), new Uint8Array(100).fill(7))
    }
    await suite.open({ backend, namespaces: [NS, 'audit'] })
    for (const ns of [NS, 'audit']) expectBytes(await readFile(backend, fileOf(ns)), encodeLog(payloads(1)))
  })
}

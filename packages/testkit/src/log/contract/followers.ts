import type { FileBackend } from '@immuta/core'
import { describe, expect, test } from 'vitest'
import { recordingBackend } from '../backends/recordingBackend.js'
import { expectPayloads, failsWith, rejectionOf } from '../expectations.js'
import { encodeLog, fileOf, getU64, readFile, writeFile } from '../format.js'
import { payload, payloads } from '../payloads.js'
import type { Suite } from '../suite.js'
import { followerRaceTests } from './followerRaces.js'

const NS = 'events'

/** The backend without `watch`: a follower must find new records by polling alone. */
function withoutWatch(inner: FileBackend): FileBackend {
  const backend: FileBackend = { open: (name, options) => inner.open(name, options) }
  if (inner.lock) backend.lock = inner.lock.bind(inner)
  return backend
}

/** A `watch` that never fires, as on a network filesystem. */
function withSilentWatch(inner: FileBackend): FileBackend {
  return { ...withoutWatch(inner), watch: () => () => {} }
}

const WATCHES: [string, (inner: FileBackend) => FileBackend][] = [
  ['as the backend watches', (inner) => inner],
  ['without watch, by polling', withoutWatch],
  ['with a watch that never fires, by polling', withSilentWatch],
]

export function followerTests(suite: Suite): void {
  describe('Read-only followers', () => {
    refusalTests(suite)
    visibilityTests(suite)
    followerRaceTests(suite)
  })
}

/** A writer and a follower over the same storage, as two processes over one folder. */
async function pair(suite: Suite, view: (inner: FileBackend) => FileBackend = (inner) => inner, committed = 0) {
  const backend = await suite.backend()
  await writeFile(backend, fileOf(NS), encodeLog(payloads(committed)))
  const writer = await suite.open({ backend, namespaces: [NS] })
  const follower = await suite.open({ backend: view(backend), namespaces: [NS], readOnly: true, pollInterval: 10 })
  return { backend, writer, follower }
}

function refusalTests(suite: Suite): void {
  test.each([
    ['append', (log: Awaited<ReturnType<Suite['open']>>) => log.append(NS, payload(0))],
    ['transaction', (log: Awaited<ReturnType<Suite['open']>>) => log.transaction(NS, async (tx) => tx.append(payload(0)))],
    ['begin().append', (log: Awaited<ReturnType<Suite['open']>>) => log.begin(NS).append(payload(0))],
  ])('%s on a follower fails with READ_ONLY', async (_, write) => {
    const { follower, backend } = await pair(suite, undefined, 1)
    await failsWith(() => write(follower), 'READ_ONLY')
    expect(await follower.stats(NS)).toMatchObject({ count: 1 })
    expect(await readCount(backend)).toBe(1)
  })

  test('a follower takes no lock and never writes, truncates or syncs', async () => {
    const backend = await suite.backend()
    await writeFile(backend, fileOf(NS), encodeLog(payloads(2)))
    const recording = recordingBackend(backend)
    const follower = await suite.open({ backend: recording.backend, namespaces: [NS], readOnly: true, pollInterval: 10 })
    await follower.stream(NS, 0).next()
    await follower.stats(NS)
    await follower.verify(NS)
    await rejectionOf(follower.append(NS, payload(0)))
    await follower.close()
    const kinds = new Set(recording.calls.map((call) => call.kind))
    for (const kind of ['lock', 'write', 'truncate', 'sync'] as const) expect(kinds.has(kind), kind).toBe(false)
    expect(recording.calls.filter((call) => call.kind === 'open').every((call) => call.readOnly === true)).toBe(true)
  })
}

async function readCount(backend: FileBackend): Promise<number> {
  return getU64(await readFile(backend, fileOf(NS)), 0)
}

function visibilityTests(suite: Suite): void {
  test.each(WATCHES)("a follower's stream sees what a writer commits afterwards (%s)", async (_, view) => {
    const { writer, follower } = await pair(suite, view, 2)
    const stream = follower.stream(NS, 0)
    expect((await stream.next()).seq).toBe(0)
    expect((await stream.next()).seq).toBe(1)
    const waiting = stream.next()
    const result = await writer.append(NS, payload(2))
    expect(await waiting).toEqual({ ...result, data: payload(2) })
    await writer.append(NS, payload(3))
    expect(await stream.next()).toMatchObject({ seq: 3, data: payload(3) })
    expect((await follower.stats(NS)).count).toBeGreaterThanOrEqual(4)
  })

  test('a follower sees a transaction whole, never a rolled-back one, and -1 / N positions hold', async () => {
    const { writer, follower } = await pair(suite, undefined, 1)
    const fromNow = follower.stream(NS, -1)
    const fromThree = follower.stream(NS, 3)
    await rejectionOf(
      writer.transaction(NS, async (tx) => {
        await tx.append(payload(66))
        throw new Error('rollback')
      }),
    )
    await writer.transaction(NS, async (tx) => {
      for (let i = 1; i < 5; i++) await tx.append(payload(i))
    })
    const seen = [await fromNow.next(), await fromNow.next(), await fromNow.next(), await fromNow.next()]
    expectPayloads(seen.map((record) => record.data), payloads(5).slice(1))
    expect(await fromThree.next()).toMatchObject({ seq: 3, data: payload(3) })
  })

  test('a follower goes on seeing commits when the writer is replaced by another (a new process)', async () => {
    const { backend, writer, follower } = await pair(suite, undefined, 1)
    const stream = follower.stream(NS, 1)
    await writer.close()
    const next = await suite.open({ backend, namespaces: [NS] })
    await next.append(NS, payload(1))
    expect(await stream.next()).toMatchObject({ seq: 1, data: payload(1) })
  })

  test('closing a follower wakes its streams and leaves the writer working', async () => {
    const { writer, follower } = await pair(suite)
    const waiting = follower.stream(NS, 0).next()
    await follower.close()
    expect(await rejectionOf(waiting)).toMatchObject({ code: 'STORAGE_CLOSED' })
    expect(await writer.append(NS, payload(0))).toMatchObject({ seq: 0 })
  })
}

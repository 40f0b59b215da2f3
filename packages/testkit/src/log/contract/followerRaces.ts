import type { Awaitable, BackendFile, FileBackend } from '@immuta/core'
import { expect, test } from 'vitest'
import { faultyBackend } from '../../faultyBackend.js'
import { rejectionOf } from '../expectations.js'
import { encodeLog, fileOf, writeFile } from '../format.js'
import { payload, payloads } from '../payloads.js'
import type { Suite } from '../suite.js'

const NS = 'events'

/** `inner` without `watch`: a follower finds new records only by polling, as on a network filesystem. */
export function withoutWatch(inner: FileBackend): FileBackend {
  const backend: FileBackend = { open: (name, options) => inner.open(name, options) }
  if (inner.lock) backend.lock = inner.lock.bind(inner)
  return backend
}

/**
 * Files whose first read of the header waits for `commit` first: a writer commits between
 * whatever the opener did before that read and the read itself.
 */
function commitBeforeHeaderRead(inner: FileBackend, commit: () => Promise<unknown>): FileBackend {
  return {
    open: async (name, options) => {
      const file = await inner.open(name, options)
      let first = true
      const read = (into: Uint8Array, position: number): Awaitable<number> => {
        if (!(first && position === 0)) return file.read(into, position)
        first = false
        return commit().then(() => file.read(into, position))
      }
      const wrapped: BackendFile = {
        read,
        write: (data, position) => file.write(data, position),
        truncate: (size) => file.truncate(size),
        size: () => file.size(),
        sync: () => file.sync(),
        close: () => file.close(),
      }
      return wrapped
    },
  }
}

/** A follower only ever serves what the writer committed and never takes back, however they race. */
export function followerRaceTests(suite: Suite): void {
  test('a follower opened while the writer commits never fails with a false CORRUPT_LOG', async () => {
    const backend = await suite.backend()
    const writer = await suite.open({ backend, namespaces: [NS] })
    await writer.append(NS, payload(0))
    let next = 1
    const racing = commitBeforeHeaderRead(backend, () => writer.append(NS, payload(next++, 40)))
    for (let i = 0; i < 20; i++) {
      const follower = await suite.open({ backend: racing, namespaces: [NS], readOnly: true })
      expect((await follower.stats(NS)).count).toBe(next)
      await follower.close()
    }
  })

  test('stream(ns, -1) on a follower that missed commits (no watch, no poll yet) delivers none of them', async () => {
    const backend = await suite.backend()
    const writer = await suite.open({ backend, namespaces: [NS] })
    const follower = await suite.open({ backend: withoutWatch(backend), namespaces: [NS], readOnly: true, pollInterval: 10 })
    for (let i = 0; i < 3; i++) await writer.append(NS, payload(i))
    const fromNow = follower.stream(NS, -1)
    const later = await writer.append(NS, payload(3))
    expect(await fromNow.next()).toEqual({ ...later, data: payload(3) })
  })

  test('a header whose sync failed is never taken back: the append says its outcome is unknown, followers go on', async () => {
    const backend = await suite.backend()
    await writeFile(backend, fileOf(NS), encodeLog(payloads(1)))
    // A durable append syncs twice, the records then the header: the 2nd sync is the header's.
    const failing = faultyBackend(backend, { kind: 'EIO', calls: ['sync'], failAt: 2 })
    const writer = await suite.open({ backend: failing, namespaces: [NS], fastWrite: false })
    const follower = await suite.open({ backend, namespaces: [NS], readOnly: true, pollInterval: 10 })
    const followed = follower.stream(NS, 0)
    expect(await followed.next()).toMatchObject({ seq: 0 })

    const error = await rejectionOf(writer.append(NS, payload(1)))
    expect(error).toMatchObject({ code: 'IO_ERROR', details: { file: fileOf(NS), outcome: 'unknown' } })
    // The header on file counts the record: this process serves it too, as the follower does.
    const own = writer.stream(NS, 1)
    expect(await own.next()).toMatchObject({ seq: 1, data: payload(1) })
    expect(await followed.next()).toMatchObject({ seq: 1, data: payload(1) })
    await writer.close()

    const reopened = await suite.open({ backend, namespaces: [NS] })
    const placed = await reopened.append(NS, payload(2))
    expect(placed.seq).toBe(2)
    expect(await followed.next()).toEqual({ ...placed, data: payload(2) })
    expect(await follower.verify(NS)).toMatchObject({ count: 3 })
  })

  test('a header counting too many records: no stream delivers an append under another seq than append gave', async () => {
    const backend = await suite.backend()
    await writeFile(backend, fileOf(NS), encodeLog(payloads(3), { count: 5 }))
    const writer = await suite.open({ backend, namespaces: [NS] })
    const follower = await suite.open({ backend, namespaces: [NS], readOnly: true, pollInterval: 10 })
    const placed = await writer.append(NS, payload(9))
    expect(placed.seq).toBe(5)
    for (const log of [writer, follower]) {
      const stream = log.stream(NS, 0)
      for (let seq = 0; seq < 3; seq++) expect(await stream.next()).toMatchObject({ seq, data: payload(seq) })
      expect(await rejectionOf(stream.next())).toMatchObject({ code: 'CORRUPT_LOG', details: { offset: placed.index } })
      // From a seq the header claims but the records do not hold: CORRUPT_LOG, not a wait.
      expect(await rejectionOf(log.stream(NS, 4).next())).toMatchObject({ code: 'CORRUPT_LOG' })
    }
  })
}

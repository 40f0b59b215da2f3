import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { type FileBackend, Immuta, type ImmutaError } from '@immuta/core'
import { faultyBackend } from '@immuta/testkit/backends'
import { expect, test } from 'vitest'
import { nodeFs, open } from '../src/index.js'
import { kill, runFixture } from './child.js'
import { tempDir } from './tempDir.js'

const NS = 'events'
const utf8 = new TextEncoder()

/**
 * nodeFs whose `size()` answers a millisecond late, as a slow or network filesystem may: the
 * writer process gets time to commit between a follower's reads.
 */
function lateSize(dir: string): FileBackend {
  const inner = nodeFs(dir, { watch: false })
  return {
    open: async (name, options) => {
      const file = await inner.open(name, options)
      return {
        read: (into, position) => file.read(into, position),
        write: (data, position) => file.write(data, position),
        truncate: (size) => file.truncate(size),
        size: async () => {
          const size = await file.size()
          await sleep(1)
          return size
        },
        sync: () => file.sync(),
        close: () => file.close(),
      }
    },
  }
}

/** A log folder holding an empty `events` namespace. */
async function emptyLog(): Promise<string> {
  const dir = join(tempDir(), 'log')
  await (await open({ dir, namespaces: [NS] })).close()
  return dir
}

test('follower opens (size answered late) against a writer process committing as fast as it can never fail with a false CORRUPT_LOG', async () => {
  const dir = await emptyLog()
  const writer = runFixture('crashWriter.mjs', [dir, 'single', 'fast'])
  try {
    expect(await writer.nextLine()).toMatch(/^ready /)
    const failures: string[] = []
    let lastCount = 0
    for (let i = 0; i < 300; i++) {
      try {
        const follower = await Immuta.open({ backend: lateSize(dir), namespaces: [NS], readOnly: true })
        const { count } = await follower.stats(NS)
        expect(count).toBeGreaterThanOrEqual(lastCount)
        lastCount = count
        await follower.close()
      } catch (error) {
        failures.push(`open ${i}: ${(error as ImmutaError).message}`)
      }
    }
    expect(failures).toEqual([])
    expect(lastCount).toBeGreaterThan(0)
  } finally {
    await kill(writer)
  }
}, 60_000)

test('a failed sync after a header write: the append says the outcome is unknown, a follower on another nodeFs goes on', async () => {
  const dir = await emptyLog()
  // Open syncs nothing on a well-formed log; each durable append syncs its records, then its header.
  const failing = faultyBackend(nodeFs(dir), { kind: 'EIO', calls: ['sync'], failAt: 4 })
  const writer = await Immuta.open({ backend: failing, namespaces: [NS], fastWrite: false })
  const follower = await Immuta.open({ backend: nodeFs(dir), namespaces: [NS], readOnly: true, pollInterval: 10 })
  const followed = follower.stream(NS, 0)
  expect(await writer.append(NS, 'zero')).toMatchObject({ seq: 0 })
  expect(await followed.next()).toMatchObject({ seq: 0 })

  const error = (await writer.append(NS, 'one').catch((failure: unknown) => failure)) as ImmutaError
  expect(error).toMatchObject({ code: 'IO_ERROR', details: { outcome: 'unknown' } })
  expect(await followed.next()).toMatchObject({ seq: 1, data: utf8.encode('one') })
  expect(await writer.stream(NS, 1).next()).toMatchObject({ seq: 1, data: utf8.encode('one') })
  await writer.close()

  const reopened = await open({ dir, namespaces: [NS] })
  const placed = await reopened.append(NS, 'two')
  expect(placed.seq).toBe(2)
  expect(await followed.next()).toEqual({ ...placed, data: utf8.encode('two') })
  expect(await follower.verify(NS)).toMatchObject({ count: 3 })
  await Promise.all([reopened.close(), follower.close()])
})

test('stream(ns, -1) on a follower with file events off never delivers a record committed before the call', async () => {
  const dir = await emptyLog()
  const writer = await open({ dir, namespaces: [NS] })
  const follower = await Immuta.open({ backend: nodeFs(dir, { watch: false }), namespaces: [NS], readOnly: true, pollInterval: 10 })
  for (let round = 0; round < 5; round++) {
    for (let i = 0; i < 3; i++) await writer.append(NS, `old ${round}.${i}`)
    const fromNow = follower.stream(NS, -1)
    const placed = await writer.append(NS, `new ${round}`)
    expect(await fromNow.next()).toEqual({ ...placed, data: utf8.encode(`new ${round}`) })
    fromNow.done()
  }
  await Promise.all([writer.close(), follower.close()])
})

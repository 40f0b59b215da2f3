import { afterEach, describe, expect, it } from 'vitest'
import { client, type WorkerClient } from '../workers/rpc.ts'
import { freshFolder, removeFolder } from '../workers/workerBackend.ts'

// Each worker here runs Immuta over opfs() itself: engine and backend in one dedicated worker,
// as an application runs its log. Two workers stand for two tabs of the same origin.
const NS = 'events'
const started: Array<WorkerClient> = []
const folders: string[] = []

function worker() {
  const host = client(new URL('../workers/logHost.ts', import.meta.url))
  started.push(host)
  return host
}

function folder(): string {
  const dir = freshFolder('workers')
  folders.push(dir)
  return dir
}

const records = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `record ${from + i}`)

afterEach(async () => {
  for (const host of started.splice(0)) {
    await host.call('close').catch(() => undefined)
    host.terminate()
  }
  for (const dir of folders.splice(0)) await removeFolder(dir)
})

describe('opfs() in dedicated workers', () => {
  it('a follower in a second worker sees what the writer commits, woken by the writer', async () => {
    const dir = folder()
    const writer = worker()
    const follower = worker()
    await writer.call('open', { dir, namespace: NS, readOnly: false })
    await writer.call('append', { namespace: NS, records: records(0, 2) })
    // An hour between polls: only the writer's BroadcastChannel post can wake this follower.
    await follower.call('open', { dir, namespace: NS, readOnly: true, pollInterval: 3_600_000 })
    const seen = follower.call<string[]>('read', { namespace: NS, from: 0, count: 5 })
    await writer.call('append', { namespace: NS, records: records(2, 5) })
    expect(await seen).toEqual(records(0, 5))
  })

  it('the lock refuses a second writer with LOCKED, and close frees it', async () => {
    const dir = folder()
    const first = worker()
    const second = worker()
    await first.call('open', { dir, namespace: NS, readOnly: false })
    await expect(second.call('open', { dir, namespace: NS, readOnly: false })).rejects.toMatchObject({ code: 'LOCKED' })
    await first.call('append', { namespace: NS, records: records(0, 1) })
    await first.call('close')
    await second.call('open', { dir, namespace: NS, readOnly: false })
    expect(await second.call('append', { namespace: NS, records: records(1, 2) })).toMatchObject([{ seq: 1 }])
  })

  it('a writer that goes away without closing (a closed tab) frees the lock and its file', async () => {
    const dir = folder()
    const gone = worker()
    await gone.call('open', { dir, namespace: NS, readOnly: false })
    await gone.call('append', { namespace: NS, records: records(0, 3) })
    gone.terminate()
    const next = worker()
    // The browser frees the Web Lock and the sync access handle of a worker that ended; it may
    // take a moment, so the open is tried until it stops answering LOCKED.
    await openWhenFree(next, dir)
    expect(await next.call('read', { namespace: NS, from: 0, count: 3 })).toEqual(records(0, 3))
  })

  it('a log written, every worker closed, and read again in a fresh worker holds every record', async () => {
    const dir = folder()
    const writer = worker()
    await writer.call('open', { dir, namespace: NS, readOnly: false })
    for (let batch = 0; batch < 10; batch++) await writer.call('append', { namespace: NS, records: records(batch * 100, batch * 100 + 100) })
    await writer.call('close')
    writer.terminate()
    const reader = worker()
    await reader.call('open', { dir, namespace: NS, readOnly: false })
    expect(await reader.call('stats', { namespace: NS })).toMatchObject({ count: 1000 })
    expect(await reader.call('read', { namespace: NS, from: 0, count: 1000 })).toEqual(records(0, 1000))
  })
})

async function openWhenFree(host: WorkerClient, dir: string): Promise<void> {
  for (;;) {
    try {
      return await host.call('open', { dir, namespace: NS, readOnly: false })
    } catch (error) {
      if ((error as { code?: string }).code !== 'LOCKED' && (error as { code?: string }).code !== 'IO_ERROR') throw error
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }
}

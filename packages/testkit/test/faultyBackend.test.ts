import type { FileBackend } from '@immuta/core'
import { describe, expect, it } from 'vitest'
import { faultyBackend, memoryBackend } from '../src/index.js'
import { slowBackend } from './slowBackend.js'

const bytes = (...values: number[]): Uint8Array => Uint8Array.of(...values)
const open = async (backend: FileBackend, name = 'a.log') => backend.open(name, { readOnly: false })

async function contents(backend: FileBackend, name = 'a.log'): Promise<Uint8Array> {
  const file = await backend.open(name, { readOnly: true })
  const into = new Uint8Array(await file.size())
  await file.read(into, 0)
  return into
}

/** The error a call fails with, sync throw or rejection alike; fails the test if it succeeds. */
async function failure(body: () => unknown): Promise<Error & { code?: string }> {
  try {
    await body()
  } catch (error) {
    return error as Error & { code?: string }
  }
  return expect.fail('the call should have failed')
}

describe('faultyBackend: counting', () => {
  it('counts open, read, write, writev, truncate, size and sync, but not close, lock or watch', async () => {
    const backend = faultyBackend(memoryBackend())
    const file = await open(backend)
    await file.write(bytes(1), 0)
    await file.writev?.([bytes(2)], 1)
    await file.read(new Uint8Array(2), 0)
    await file.truncate(1)
    await file.size()
    await file.sync()
    expect(backend.calls).toBe(7)
    await (await backend.lock?.())?.release()
    backend.watch?.('a.log', () => undefined)()
    await file.close()
    expect(backend.calls).toBe(7)
    expect(backend.injected).toBe(0)
  })

  it('passes synchronous answers through synchronously', () => {
    const file = faultyBackend(memoryBackend()).open('a.log', { readOnly: false })
    expect(file).not.toBeInstanceOf(Promise)
    expect((file as { size(): unknown }).size()).toBe(0)
  })

  it('has lock, watch and writev exactly when the inner backend has them', async () => {
    const inner: FileBackend = { open: (name, options) => memoryBackend().open(name, options) }
    const bare = faultyBackend(inner)
    expect(bare.lock).toBeUndefined()
    expect(bare.watch).toBeUndefined()
    const full = faultyBackend(memoryBackend())
    expect(typeof full.lock).toBe('function')
    expect(typeof (await open(full)).writev).toBe('function')
  })
})

describe('faultyBackend: faults', () => {
  it('fails only the Nth call when transient, with an Error whose code is EIO', async () => {
    const backend = faultyBackend(memoryBackend(), { failAt: 3 })
    const file = await open(backend)
    await file.write(bytes(1), 0)
    const error = await failure(() => file.write(bytes(2), 1))
    expect(error).toBeInstanceOf(Error)
    expect(error.code).toBe('EIO')
    expect(await file.size()).toBe(1)
    await file.write(bytes(3), 1)
    expect(await contents(backend)).toEqual(bytes(1, 3))
    expect(backend.injected).toBe(1)
  })

  it('fails the Nth call and every later one when persistent', async () => {
    const backend = faultyBackend(memoryBackend(), { failAt: 2, persistent: true })
    const file = await open(backend)
    for (const body of [() => file.size(), () => file.write(bytes(1), 0), () => file.sync(), () => open(backend)]) {
      expect((await failure(body)).code).toBe('EIO')
    }
    expect(backend.injected).toBe(4)
    await file.close()
  })

  it('counts only writes for ENOSPC, and the failed write leaves nothing', async () => {
    const backend = faultyBackend(memoryBackend(), { failAt: 2, kind: 'ENOSPC' })
    const file = await open(backend)
    await file.write(bytes(1, 1), 0)
    await file.read(new Uint8Array(2), 0)
    await file.size()
    expect((await failure(() => file.writev?.([bytes(2)], 2))).code).toBe('ENOSPC')
    await file.write(bytes(3), 2)
    expect(await contents(backend)).toEqual(bytes(1, 1, 3))
  })

  it('lands the first half of a short write, then rejects ENOSPC', async () => {
    const backend = faultyBackend(memoryBackend(), { failAt: 1, kind: 'shortWrite' })
    const file = await open(backend)
    expect((await failure(() => file.write(bytes(1, 2, 3, 4, 5), 0))).code).toBe('ENOSPC')
    expect(await contents(backend)).toEqual(bytes(1, 2))
  })

  it('lands the first half of a short writev across its chunks', async () => {
    const backend = faultyBackend(memoryBackend(), { failAt: 1, kind: 'shortWrite', calls: ['writev'] })
    const file = await open(backend)
    expect((await failure(() => file.writev?.([bytes(1), bytes(2, 3), bytes(4, 5, 6)], 0))).code).toBe('ENOSPC')
    expect(await contents(backend)).toEqual(bytes(1, 2, 3))
  })

  it('short-writes through an asynchronous inner backend too', async () => {
    const backend = faultyBackend(slowBackend(memoryBackend(), 7), { failAt: 1, kind: 'shortWrite' })
    const file = await open(backend)
    expect((await failure(() => file.write(bytes(1, 2, 3, 4), 0))).code).toBe('ENOSPC')
    expect(await contents(backend)).toEqual(bytes(1, 2))
  })

  it('forgets the unsynced writes when a sync fails, as Linux does', async () => {
    const backend = faultyBackend(memoryBackend(), { failAt: 2, kind: 'lostSync' })
    const file = await open(backend)
    await file.write(bytes(1, 2), 0)
    await file.sync()
    await file.write(bytes(3, 4, 5), 1)
    expect((await failure(() => file.sync())).code).toBe('EIO')
    expect(await contents(backend)).toEqual(bytes(1, 2))
    expect(await contents(backend.afterPowerLoss({ mode: 'keep' }))).toEqual(bytes(1, 2))
  })

  it('injects nothing when failAt lies past the last call', async () => {
    const backend = faultyBackend(memoryBackend(), { failAt: 100 })
    await (await open(backend)).write(bytes(1), 0)
    expect(backend.injected).toBe(0)
  })

  it('refuses plans it cannot carry out, with INVALID_ARGUMENT', () => {
    const notMemory: FileBackend = { open: (name, options) => memoryBackend().open(name, options) }
    expect(() => faultyBackend(memoryBackend(), { kind: 'shortWrite', calls: ['read'] })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    )
    expect(() => faultyBackend(memoryBackend(), { kind: 'lostSync', calls: ['write'] })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    )
    expect(() => faultyBackend(notMemory, { kind: 'lostSync' })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
    for (const plan of [{ failAt: 0 }, { failAt: 1.5 }, { crashAt: -1 }]) {
      expect(() => faultyBackend(memoryBackend(), plan), JSON.stringify(plan)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
    }
  })
})

describe('faultyBackend: crash', () => {
  it('does nothing at crashAt and fails every call after it, except close', async () => {
    const backend = faultyBackend(memoryBackend(), { crashAt: 3 })
    const file = await open(backend)
    await file.write(bytes(1), 0)
    expect((await failure(() => file.write(bytes(2), 1))).code).toBe('EIO')
    expect(backend.crashed).toBe(true)
    expect((await failure(() => file.read(new Uint8Array(1), 0))).code).toBe('EIO')
    expect((await failure(() => open(backend))).code).toBe('EIO')
    await file.close()
    expect(backend.calls).toBe(3)
    expect(await contents(backend.inner)).toEqual(bytes(1))
  })

  it('crashes on demand', async () => {
    const backend = faultyBackend(memoryBackend())
    const file = await open(backend)
    backend.crash()
    expect((await failure(() => file.size())).code).toBe('EIO')
  })

  it('needs a memoryBackend inside for power loss, and says so', () => {
    const backend = faultyBackend(slowBackend(memoryBackend(), 1))
    // @ts-expect-error: the `this` type of afterPowerLoss asks for a memoryBackend inside
    expect(() => backend.afterPowerLoss({ mode: 'drop' })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
    expect(backend.crashed).toBe(false)
  })
})

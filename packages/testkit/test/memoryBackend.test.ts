import { isImmutaError } from '@immuta/core'
import { describe, expect, it } from 'vitest'
import { backendConformance, memoryBackend } from '../src/index.js'

backendConformance({ name: 'memoryBackend', create: () => memoryBackend() })

const bytes = (...values: number[]): Uint8Array => Uint8Array.of(...values)

function readAll(file: { size(): number; read(into: Uint8Array, position: number): number }): Uint8Array {
  const into = new Uint8Array(file.size())
  file.read(into, 0)
  return into
}

describe('memoryBackend', () => {
  it('answers synchronously, never with a promise', () => {
    const backend = memoryBackend()
    const file = backend.open('a.log', { readOnly: false })
    expect(file).not.toBeInstanceOf(Promise)
    expect(file.write(bytes(1, 2), 0)).toBeUndefined()
    expect(file.size()).toBe(2)
    expect(file.read(new Uint8Array(2), 0)).toBe(2)
    expect(file.sync()).toBeUndefined()
  })

  it('rejects a read-only open of a missing file with IO_ERROR caused by ENOENT', () => {
    const error = (() => {
      try {
        memoryBackend().open('missing.log', { readOnly: true })
      } catch (thrown) {
        return thrown
      }
    })()
    expect(isImmutaError(error, 'IO_ERROR')).toBe(true)
    expect((error as Error).cause).toMatchObject({ code: 'ENOENT' })
  })

  it('rejects writes and truncates through a read-only handle with EBADF', () => {
    const backend = memoryBackend()
    backend.open('a.log', { readOnly: false }).write(bytes(1), 0)
    const reader = backend.open('a.log', { readOnly: true })
    expect(() => reader.write(bytes(2), 0)).toThrow(expect.objectContaining({ cause: expect.objectContaining({ code: 'EBADF' }) }))
    expect(() => reader.truncate(0)).toThrow(expect.objectContaining({ code: 'IO_ERROR' }))
    expect(readAll(reader)).toEqual(bytes(1))
  })

  it('rejects negative and fractional offsets with EINVAL', () => {
    const file = memoryBackend().open('a.log', { readOnly: false })
    expect(() => file.write(bytes(1), -1)).toThrow(expect.objectContaining({ cause: expect.objectContaining({ code: 'EINVAL' }) }))
    expect(() => file.read(new Uint8Array(1), 0.5)).toThrow(expect.objectContaining({ code: 'IO_ERROR' }))
    expect(() => file.truncate(Number.NaN)).toThrow(expect.objectContaining({ code: 'IO_ERROR' }))
  })

  it('starts with the files it is given, copied', () => {
    const given = bytes(1, 2, 3)
    const backend = memoryBackend({ files: { 'events.log': given } })
    given.fill(0)
    expect(readAll(backend.open('events.log', { readOnly: true }))).toEqual(bytes(1, 2, 3))
  })

  it('keeps backends apart', () => {
    memoryBackend().open('a.log', { readOnly: false }).write(bytes(1), 0)
    expect(() => memoryBackend().open('a.log', { readOnly: true })).toThrow()
  })

  it('calls a watcher once per burst of changes, after the write returned, and not after stop', async () => {
    const backend = memoryBackend()
    const file = backend.open('a.log', { readOnly: false })
    const seen: number[] = []
    const stop = backend.watch('a.log', () => seen.push(file.size()))
    file.write(bytes(1), 0)
    file.write(bytes(2), 1)
    expect(seen).toEqual([])
    await Promise.resolve()
    expect(seen).toEqual([2])
    file.truncate(0)
    await Promise.resolve()
    expect(seen).toEqual([2, 0])
    stop()
    file.write(bytes(3), 0)
    await Promise.resolve()
    expect(seen).toEqual([2, 0])
  })

  it('calls only the watchers of the file that changed', async () => {
    const backend = memoryBackend()
    let calls = 0
    backend.watch('b.log', () => calls++)
    backend.open('a.log', { readOnly: false }).write(bytes(1), 0)
    await Promise.resolve()
    expect(calls).toBe(0)
  })

  it('has one lock per backend', () => {
    const first = memoryBackend()
    const held = first.lock()
    expect(() => memoryBackend().lock().release()).not.toThrow()
    expect(() => first.lock()).toThrow(expect.objectContaining({ code: 'LOCKED' }))
    held.release()
    expect(() => first.lock()).not.toThrow()
  })
})

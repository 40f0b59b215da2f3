import { describe, expect, it } from 'vitest'
import { type FaultyBackend, faultyBackend, type MemoryBackend, memoryBackend, type PowerLossPlan } from '../src/index.js'

const OLD = 0x11
const NEW = 0x22

/** A 4 KiB file synced full of OLD, then unsynced: a 16-byte header write and a 4 KiB overwrite at 100. */
function crashedLog(): FaultyBackend<MemoryBackend> {
  const backend = faultyBackend(memoryBackend())
  const file = backend.inner.open('events.log', { readOnly: false })
  file.write(new Uint8Array(4096).fill(OLD), 0)
  file.sync()
  file.write(new Uint8Array(16).fill(NEW), 0)
  file.write(new Uint8Array(4096).fill(NEW), 100)
  return backend
}

function read(backend: MemoryBackend, name = 'events.log'): Uint8Array {
  const file = backend.open(name, { readOnly: true })
  const into = new Uint8Array(file.size())
  file.read(into, 0)
  return into
}

/** The sectors of `sectorSize` bytes that hold a mix of old and new bytes. */
function mixedSectors(bytes: Uint8Array, from: number, to: number, sectorSize: number): number[] {
  const mixed: number[] = []
  for (let start = from; start < to; start += sectorSize) {
    const values = new Set(bytes.subarray(start, Math.min(to, start + sectorSize)))
    if (values.size > 1) mixed.push(start)
  }
  return mixed
}

const seeds = Array.from({ length: 200 }, (_, i) => i + 1)

describe('faultyBackend: power loss', () => {
  it('keeps every unsynced operation in keep mode (a process crash)', () => {
    const survived = read(crashedLog().afterPowerLoss({ mode: 'keep' }))
    expect(survived.length).toBe(4196)
    expect(survived.subarray(0, 16).every((b) => b === NEW)).toBe(true)
    expect(survived.subarray(16, 100).every((b) => b === OLD)).toBe(true)
    expect(survived.subarray(100).every((b) => b === NEW)).toBe(true)
  })

  it('keeps only what was synced in drop mode', () => {
    expect(read(crashedLog().afterPowerLoss({ mode: 'drop' }))).toEqual(new Uint8Array(4096).fill(OLD))
  })

  it('keeps an exact prefix of the operations when asked for one', () => {
    const survived = read(crashedLog().afterPowerLoss({ mode: 'prefix', keep: 1 }))
    expect(survived.length).toBe(4096)
    expect(survived.subarray(0, 16).every((b) => b === NEW)).toBe(true)
    expect(survived.subarray(16).every((b) => b === OLD)).toBe(true)
  })

  it('undoes an unsynced truncate when it is dropped', () => {
    const backend = faultyBackend(memoryBackend())
    const file = backend.inner.open('events.log', { readOnly: false })
    file.write(Uint8Array.of(1, 2, 3), 0)
    file.sync()
    file.truncate(1)
    expect(read(backend.afterPowerLoss({ mode: 'drop' }))).toEqual(Uint8Array.of(1, 2, 3))
  })

  it('keeps files that were created but never written, empty', () => {
    const backend = faultyBackend(memoryBackend())
    backend.open('empty.log', { readOnly: false })
    expect(read(backend.afterPowerLoss({ mode: 'drop' }), 'empty.log')).toEqual(new Uint8Array(0))
  })

  it('gives the same survivors for the same seed, and different ones across seeds', () => {
    const plans: PowerLossPlan[] = seeds.slice(0, 20).map((seed) => ({ mode: 'tear', seed }))
    const outcomes = new Set<string>()
    for (const plan of plans) {
      const first = read(crashedLog().afterPowerLoss(plan))
      expect(read(crashedLog().afterPowerLoss(plan)), `seed ${'seed' in plan ? plan.seed : ''}`).toEqual(first)
      outcomes.add(first.join(','))
    }
    expect(outcomes.size).toBeGreaterThan(3)
  })

  it('keeps a random prefix per seed, from none to all', () => {
    const lengths = new Set(seeds.slice(0, 30).map((seed) => read(crashedLog().afterPowerLoss({ mode: 'prefix', seed })).length))
    expect(lengths).toEqual(new Set([4096, 4196]))
  })

  it('never tears the 16-byte header write at the default 512-byte sectors', () => {
    for (const seed of seeds) {
      const header = read(crashedLog().afterPowerLoss({ mode: 'tear', seed })).subarray(0, 16)
      expect(new Set(header).size, `seed ${seed}`).toBe(1)
    }
  })

  it('tears a long write only at sector boundaries, and does tear it', () => {
    let torn = 0
    for (const seed of seeds) {
      const survived = read(crashedLog().afterPowerLoss({ mode: 'tear', seed }))
      expect(mixedSectors(survived, 512, 4096, 512), `seed ${seed}`).toEqual([])
      if (new Set(survived.subarray(512, 4096)).size > 1) torn++
    }
    expect(torn).toBeGreaterThan(0)
  })

  it('tears a header write when the sector is smaller than it', () => {
    const torn = seeds.filter((seed) => {
      const header = read(crashedLog().afterPowerLoss({ mode: 'tear', seed, sectorSize: 4 })).subarray(0, 16)
      expect(mixedSectors(header, 0, 16, 4), `seed ${seed}`).toEqual([])
      return new Set(header).size > 1
    })
    expect(torn.length).toBeGreaterThan(0)
  })

  it('gives a backend whose files are all synced', () => {
    const survived = crashedLog().afterPowerLoss({ mode: 'keep' })
    const again = faultyBackend(survived).afterPowerLoss({ mode: 'drop' })
    expect(read(again)).toEqual(read(survived))
  })

  it('crashes the old backend for good', () => {
    const backend = crashedLog()
    backend.afterPowerLoss({ mode: 'drop' })
    expect(backend.crashed).toBe(true)
    expect(() => backend.open('events.log', { readOnly: false })).toThrow(expect.objectContaining({ code: 'EIO' }))
  })

  it('refuses impossible plans with INVALID_ARGUMENT', () => {
    const bad: unknown[] = [
      { mode: 'tear', seed: 1, sectorSize: 0 },
      { mode: 'prefix', keep: -1 },
      { mode: 'prefix' },
      { mode: 'melt' },
    ]
    for (const plan of bad) {
      expect(() => crashedLog().afterPowerLoss(plan as PowerLossPlan), JSON.stringify(plan)).toThrow(
        expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
      )
    }
  })
})

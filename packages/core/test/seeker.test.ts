import { describe, expect, it } from 'vitest'
import { HEADER_SIZE, SIZE_FIELD, writeU64 } from '../src/format.js'
import { Immuta } from '../src/index.js'
import { decodeIndexFile, encodeIndexFile } from '../src/indexFile.js'
import type { BackendFile, FileBackend } from '../src/types.js'

/** Files in a map, and every call made on them: enough to watch what the index does with storage. */
function mapBackend() {
  const files = new Map<string, Uint8Array>()
  const calls: { op: string; name: string; readOnly?: boolean }[] = []
  const backend: FileBackend = {
    open(name, { readOnly }) {
      calls.push({ op: 'open', name, readOnly })
      if (!files.has(name)) {
        if (readOnly) throw new Error(`ENOENT ${name}`)
        files.set(name, new Uint8Array(0))
      }
      const file: BackendFile = {
        read(into, position) {
          calls.push({ op: 'read', name })
          const bytes = files.get(name) as Uint8Array
          const part = bytes.subarray(position, position + into.length)
          into.set(part)
          return part.length
        },
        write(data, position) {
          calls.push({ op: 'write', name })
          const bytes = files.get(name) as Uint8Array
          const grown = new Uint8Array(Math.max(bytes.length, position + data.length))
          grown.set(bytes)
          grown.set(data, position)
          files.set(name, grown)
        },
        truncate(size) {
          const bytes = files.get(name) as Uint8Array
          const cut = new Uint8Array(size)
          cut.set(bytes.subarray(0, size))
          files.set(name, cut)
        },
        size: () => (files.get(name) as Uint8Array).length,
        sync: () => undefined,
        close: () => undefined,
      }
      return file
    },
  }
  return { backend, files, calls }
}

const COUNT = 5000
const payload = (i: number): Uint8Array => new Uint8Array(92 + (i % 17)).fill(i & 0xff)

/** A log written the way Go writes it, and where each record starts. */
function goLog(count: number): { bytes: Uint8Array; indexes: number[] } {
  const indexes: number[] = []
  let end = HEADER_SIZE
  for (let i = 0; i < count; i++) {
    indexes.push(end)
    end += SIZE_FIELD + payload(i).length
  }
  const bytes = new Uint8Array(end)
  writeU64(bytes, 0, count)
  writeU64(bytes, 8, indexes[count - 1] as number)
  for (let i = 0; i < count; i++) {
    writeU64(bytes, indexes[i] as number, payload(i).length)
    bytes.set(payload(i), (indexes[i] as number) + SIZE_FIELD)
  }
  return { bytes, indexes }
}

async function expectGets(log: Immuta, count: number): Promise<void> {
  for (const seq of [0, 1, 777, count >> 1, count - 2, count - 1]) expect((await log.get('a', seq)).data).toEqual(payload(seq))
}

function savedIndex(files: Map<string, Uint8Array>) {
  const decoded = decodeIndexFile(files.get('a.idx') ?? new Uint8Array(0))
  if (typeof decoded === 'string') throw new Error(decoded)
  return decoded
}

describe('the index hint: when it is read, trusted, rebuilt and written', () => {
  it('opening reads no index; appends never touch it; close writes it once', async () => {
    const { backend, files, calls } = mapBackend()
    const log = await Immuta.open({ backend, namespaces: ['a'] })
    // Batches of 250: a copy-on-write map backend makes one append per commit quadratic.
    for (let i = 0; i < COUNT; i += 250) await Promise.all(Array.from({ length: 250 }, (_, k) => log.append('a', payload(i + k))))
    expect(calls.filter((call) => call.name === 'a.idx')).toEqual([])
    await log.close()
    expect(calls.filter((call) => call.name === 'a.idx' && call.op === 'write')).toHaveLength(1)
    const { indexes } = goLog(COUNT)
    const saved = savedIndex(files)
    expect(saved.covered).toEqual({ count: COUNT, lastIndex: indexes[COUNT - 1], end: files.get('a.log')?.length })
    for (const entry of saved.entries) expect(entry.offset).toBe(indexes[entry.seq])
  })

  it('a missing index is rebuilt by the first get, then written by close', async () => {
    const { backend, files } = mapBackend()
    files.set('a.log', goLog(COUNT).bytes)
    const log = await Immuta.open({ backend, namespaces: ['a'] })
    await expectGets(log, COUNT)
    await log.close()
    expect(savedIndex(files).entries.length).toBeGreaterThan(5)
  })

  it('an index covering more records than the log counts is stale: dropped and rewritten', async () => {
    const { backend, files } = mapBackend()
    const { bytes, indexes } = goLog(COUNT)
    files.set('a.log', bytes)
    files.set('a.idx', encodeIndexFile({ count: COUNT + 1, lastIndex: bytes.length, end: bytes.length + 100 }, [{ seq: 1000, offset: 12345, claimed: false }]))
    const log = await Immuta.open({ backend, namespaces: ['a'] })
    await expectGets(log, COUNT)
    await log.close()
    expect(savedIndex(files).covered.count).toBe(COUNT)
    for (const entry of savedIndex(files).entries) expect(entry.offset).toBe(indexes[entry.seq])
  })

  it('an index behind the log (a Go writer appended) is used and extended from its last entry', async () => {
    const { backend, files, calls } = mapBackend()
    const { bytes, indexes } = goLog(COUNT)
    files.set('a.log', goLog(COUNT - 1000).bytes)
    const first = await Immuta.open({ backend, namespaces: ['a'] })
    await expectGets(first, COUNT - 1000)
    await first.close()
    const before = savedIndex(files)
    files.set('a.log', bytes) // the same records, 1000 more, and the header that counts them
    const log = await Immuta.open({ backend, namespaces: ['a'] })
    const reads = calls.length
    expect((await log.get('a', COUNT - 1)).data).toEqual(payload(COUNT - 1))
    expect((await log.get('a', 10)).data).toEqual(payload(10))
    // The hint was used: the log was not walked from offset 16 (a few reads, not hundreds of KiB).
    expect(calls.slice(reads).filter((call) => call.op === 'read' && call.name === 'a.log').length).toBeLessThan(8)
    await expectGets(log, COUNT)
    await log.close()
    const after = savedIndex(files)
    expect(after.covered.count).toBe(COUNT)
    expect(after.entries.length).toBeGreaterThan(before.entries.length)
    for (const entry of after.entries) expect(entry.offset).toBe(indexes[entry.seq])
  })

  it('a wrong entry is dropped before it serves anything, and close writes an index without it', async () => {
    const { backend, files } = mapBackend()
    const { bytes, indexes } = goLog(COUNT)
    files.set('a.log', bytes)
    const first = await Immuta.open({ backend, namespaces: ['a'] })
    await expectGets(first, COUNT)
    await first.close()
    const saved = savedIndex(files)
    const wrong = saved.entries.map((entry, i) => ({ ...entry, offset: i === 2 ? (indexes[entry.seq + 1] as number) : entry.offset, claimed: false }))
    files.set('a.idx', encodeIndexFile(saved.covered, wrong))
    const log = await Immuta.open({ backend, namespaces: ['a'] })
    const target = (saved.entries[2]?.seq as number) + 3
    expect(await log.get('a', target)).toMatchObject({ seq: target, index: indexes[target], data: payload(target) })
    await log.close()
    for (const entry of savedIndex(files).entries) expect(entry.offset).toBe(indexes[entry.seq])
  })

  it('an index file that cannot be read or written is only a missing hint: every get is right, close resolves', async () => {
    const { backend: inner, files } = mapBackend()
    const { bytes } = goLog(COUNT)
    files.set('a.log', bytes)
    files.set('a.idx', new Uint8Array(64))
    const backend: FileBackend = {
      open(name, options) {
        if (name !== 'a.idx') return inner.open(name, options)
        const file = inner.open(name, options) as BackendFile
        const broken = () => {
          throw new Error('EIO')
        }
        return { ...file, read: broken, write: broken }
      },
    }
    const log = await Immuta.open({ backend, namespaces: ['a'] })
    await expectGets(log, COUNT)
    await expect(log.close()).resolves.toBeUndefined()
    expect(files.get('a.idx')).toEqual(new Uint8Array(64))
  })

  it('a follower reads the index but never opens it for writing', async () => {
    const { backend, files, calls } = mapBackend()
    files.set('a.log', goLog(COUNT).bytes)
    files.set('a.idx', new Uint8Array(100).fill(7))
    const log = await Immuta.open({ backend, namespaces: ['a'], readOnly: true })
    await expectGets(log, COUNT)
    await log.close()
    expect(calls.filter((call) => call.name === 'a.idx').every((call) => call.op !== 'write' && call.readOnly !== false)).toBe(true)
    expect(files.get('a.idx')).toEqual(new Uint8Array(100).fill(7))
  })
})

import { describe, expect, it } from 'vitest'
import { type BackendFile, type FileBackend, Immuta } from '../src/index.js'
import { type Call, countingBackend } from './countingBackend.js'

// White-box tests of the engine's IO pattern, below the behaviour suites of @immuta/testkit:
// what the writer and the cursor ask of a backend, call by call.

const bytes = (size: number, fill = 1): Uint8Array => new Uint8Array(size).fill(fill)
const writes = (calls: Call[]): Call[] => calls.filter((c) => c.op !== 'read')

async function openCounting(fastWrite = true) {
  const backend = countingBackend()
  const log = await Immuta.open({ backend, namespaces: ['ns'], fastWrite })
  backend.calls.length = 0
  return { backend, log }
}

describe('group commit', () => {
  it('writes the appends of one tick as one record write and one header write', async () => {
    const { backend, log } = await openCounting()
    await Promise.all(Array.from({ length: 100 }, () => log.append('ns', bytes(100))))
    // The first append finds the writer idle and goes at once; the 99 queued behind it share one batch.
    expect(writes(backend.calls)).toEqual([
      { op: 'write', position: 16, bytes: 108 },
      { op: 'write', position: 0, bytes: 16 },
      { op: 'write', position: 124, bytes: 99 * 108 },
      { op: 'write', position: 0, bytes: 16 },
    ])
    await log.close()
  })

  it('orders a durable commit as records, sync, header, sync', async () => {
    const { backend, log } = await openCounting(false)
    await Promise.all([log.append('ns', bytes(10)), log.append('ns', bytes(10))])
    expect(writes(backend.calls).map((c) => `${c.op}@${c.position}`)).toEqual(['write@16', 'sync@0', 'write@0', 'sync@0'])
    await log.close()
  })

  it('commits a transaction with one record write and one header write', async () => {
    const { backend, log } = await openCounting()
    await log.transaction('ns', async (tx) => {
      for (let i = 0; i < 10; i++) await tx.append(bytes(100))
    })
    expect(writes(backend.calls)).toEqual([
      { op: 'write', position: 16, bytes: 10 * 108 },
      { op: 'write', position: 0, bytes: 16 },
    ])
    await log.close()
  })
})

describe('the copy limit', () => {
  it('copies a payload of 8 KiB next to its size field: one contiguous write', async () => {
    const { backend, log } = await openCounting()
    await log.append('ns', bytes(8192))
    expect(writes(backend.calls)[0]).toEqual({ op: 'write', position: 16, bytes: 8200 })
    await log.close()
  })

  it('writes a payload above 8 KiB as it is, beside its size field', async () => {
    const { backend, log } = await openCounting()
    await log.append('ns', bytes(8193))
    expect(writes(backend.calls)[0]).toEqual({ op: 'writev', position: 16, bytes: 8201 })
    await log.close()
  })

  it('lays a batch of small and large payloads out in order, byte for byte', async () => {
    const { backend, log } = await openCounting()
    const sizes = [5, 20_000, 7, 8192, 8193]
    await Promise.all(sizes.map((size, i) => log.append('ns', bytes(size, i + 1))))
    const file = backend.bytes()
    let at = 16
    sizes.forEach((size, i) => {
      expect(new DataView(file.buffer).getUint32(at, true)).toBe(size)
      expect(file.subarray(at + 8, at + 8 + size).every((b) => b === i + 1)).toBe(true)
      at += 8 + size
    })
    expect(file.length).toBe(at)
    await log.close()
  })
})

describe('read-ahead', () => {
  const CHUNK = 128 * 1024

  it('reads in chunks of at most 128 KiB and delivers records that straddle a chunk edge whole', async () => {
    const { backend, log } = await openCounting()
    // 1000-byte payloads: record 130 (index 16 + 130 * 1008) straddles the first 128 KiB edge.
    const count = 400
    for (let i = 0; i < count; i++) await log.append('ns', bytes(1000, i % 251))
    backend.calls.length = 0
    const stream = log.stream('ns', 0)
    for (let i = 0; i < count; i++) {
      const record = await stream.next()
      expect(record.seq).toBe(i)
      expect(record.data.length).toBe(1000)
      expect(record.data.every((b) => b === i % 251)).toBe(true)
    }
    stream.done()
    const reads = backend.calls.filter((c) => c.op === 'read')
    expect(Math.max(...reads.map((r) => r.bytes))).toBeLessThanOrEqual(CHUNK)
    // Each chunk starts at the first record it did not hold whole: about a record per chunk is read twice.
    expect(reads.length).toBe(Math.ceil((count * 1008) / (CHUNK - 1008)))
    await log.close()
  })

  it('reads a record larger than a chunk with one read of its own size', async () => {
    const { backend, log } = await openCounting()
    await log.append('ns', bytes(10))
    await log.append('ns', bytes(CHUNK + 1, 7))
    backend.calls.length = 0
    const stream = log.stream('ns', 1)
    const record = await stream.next()
    stream.done()
    expect(record.data.length).toBe(CHUNK + 1)
    expect(backend.calls.filter((c) => c.op === 'read').at(-1)).toEqual({ op: 'read', position: 16 + 18 + 8, bytes: CHUNK + 1 })
    await log.close()
  })
})

describe('the failure path', () => {
  it('rejects a failed record write with IO_ERROR, keeps the file as it was, and refuses later appends', async () => {
    const { backend, log } = await openCounting()
    await log.append('ns', 'kept')
    const before = backend.bytes()
    backend.failRecords = true
    const failed = await log.append('ns', 'lost').catch((error: unknown) => error)
    expect(failed).toMatchObject({ code: 'IO_ERROR' })
    backend.failRecords = false
    await expect(log.append('ns', 'later')).rejects.toMatchObject({ code: 'IO_ERROR' })
    // The header and length of the last commit are put back: nothing of the failed append remains.
    expect(backend.bytes()).toEqual(before)
    const stream = log.stream('ns', 0)
    expect(new TextDecoder().decode((await stream.next()).data)).toBe('kept')
    stream.done()
    await log.close()
  })

  it('reports a header write that failed after it started as an unknown outcome, and puts the last commit back', async () => {
    const { backend, log } = await openCounting()
    await log.append('ns', 'kept')
    const before = backend.bytes()
    backend.failNextHeader = true
    const failed = await log.append('ns', 'in doubt').catch((error: unknown) => error)
    expect(failed).toMatchObject({ code: 'IO_ERROR', details: { outcome: 'unknown', count: 2 } })
    await expect(log.append('ns', 'later')).rejects.toMatchObject({ code: 'IO_ERROR' })
    await log.close()
    // The header on file still holds the last commit: it is written back, and the record cut off.
    expect(backend.bytes()).toEqual(before)
  })
})

describe('the read transform', () => {
  it('names the record it failed on, from get and read as from a stream', async () => {
    const backend = countingBackend()
    const readTransform = (data: Uint8Array): Uint8Array => {
      if (data[0] === 0xff) throw new Error('damaged record')
      return data
    }
    const log = await Immuta.open({ backend, namespaces: ['ns'], readTransform })
    await log.append('ns', bytes(3, 1))
    const { index } = await log.append('ns', bytes(3, 0xff))
    expect(await log.get('ns', 0)).toMatchObject({ seq: 0, size: 3 })
    await expect(log.get('ns', 1)).rejects.toMatchObject({ code: 'TRANSFORM_FAILED', details: { seq: 1, index } })
    await expect(log.read('ns', 0, 2)).rejects.toMatchObject({ code: 'TRANSFORM_FAILED', details: { seq: 1, index } })
    const stream = log.stream('ns', 1)
    await expect(stream.next()).rejects.toMatchObject({ code: 'TRANSFORM_FAILED', details: { seq: 1, index } })
    stream.done()
    await log.close()
  })
})

describe('a buffer transferred while its batch is written', () => {
  it('answers the size and index the record was written with', async () => {
    const inner = countingBackend()
    const file = (await inner.open('ns.log', { readOnly: false })) as BackendFile
    let afterWritev: (() => void) | undefined
    // Answers every write with a promise, so a batch is laid out, then written, then answered.
    const backend: FileBackend = {
      open: () => ({
        ...file,
        write: (data, position) => Promise.resolve(file.write(data, position)),
        writev: (chunks, position) => {
          file.writev?.(chunks, position)
          afterWritev?.()
          return Promise.resolve()
        },
      }),
    }
    const log = await Immuta.open({ backend, namespaces: ['ns'] })
    const first = log.append('ns', bytes(10)) // goes at once; the two below queue behind it
    const big = bytes(20_000, 5)
    const second = log.append('ns', big)
    const third = log.append('ns', bytes(10))
    afterWritev = () => structuredClone(big.buffer, { transfer: [big.buffer] })
    await first
    expect(await second).toEqual({ index: 34, seq: 1, size: 20_000 })
    expect(await third).toEqual({ index: 34 + 8 + 20_000, seq: 2, size: 10 })
    expect(big.byteLength).toBe(0) // it really was transferred
    await log.close()
  })
})

import { describe, expect, it } from 'vitest'
import { HEADER_SIZE } from '../src/format.js'
import { FIRST, INDEX_STRIDE, RecordIndex } from '../src/recordIndex.js'

const commit = (count: number, lastIndex: number) => ({ count, lastIndex, end: lastIndex + 108 })

describe('the in-memory sparse index', () => {
  it('indexes the writer\'s commits one entry per stride of log, at no IO', () => {
    const index = new RecordIndex()
    // 100-byte records committed one by one: an entry every 64 KiB, not every commit.
    for (let seq = 0; seq < 10_000; seq++) index.observe(commit(seq + 1, HEADER_SIZE + seq * 108))
    const entries = index.snapshot()
    expect(entries.length).toBe(Math.floor((9_999 * 108) / INDEX_STRIDE))
    for (const [i, entry] of entries.entries()) {
      expect(entry.offset).toBe(HEADER_SIZE + entry.seq * 108)
      const previous = entries[i - 1]?.offset ?? HEADER_SIZE
      expect(entry.offset - previous).toBeGreaterThanOrEqual(INDEX_STRIDE)
      expect(entry.offset - previous).toBeLessThan(INDEX_STRIDE + 108)
    }
    expect(index.dirty).toBe(true)
    index.markSaved()
    expect(index.dirty).toBe(false)
  })

  it('finds the entry at or below a seq, and the one above', () => {
    const index = new RecordIndex()
    index.observe(commit(1000, 100_000))
    index.observe(commit(2000, 200_000))
    expect(index.floor(0)).toEqual(FIRST)
    expect(index.floor(998)).toEqual(FIRST)
    expect(index.floor(999)).toMatchObject({ seq: 999, offset: 100_000 })
    expect(index.floor(5000)).toMatchObject({ seq: 1999, offset: 200_000 })
    expect(index.above(0)).toMatchObject({ seq: 999 })
    expect(index.above(999)).toMatchObject({ seq: 1999 })
    expect(index.above(1999)).toBeUndefined()
  })

  it('inserts between entries only a stride away from both, and reports a conflicting offset', () => {
    const index = new RecordIndex()
    index.observe(commit(3000, 300_000))
    expect(index.insert({ seq: 1000, offset: 100_000, claimed: true })).toBe(true)
    expect(index.insert({ seq: 1001, offset: 100_100, claimed: true })).toBe(true) // too close: not added
    expect(index.insert({ seq: 10, offset: 1_000, claimed: true })).toBe(true) // too close to offset 16
    expect(index.snapshot().map((entry) => entry.seq)).toEqual([1000, 2999])
    expect(index.insert({ seq: 1000, offset: 100_008, claimed: true })).toBe(false)
    expect(index.insert({ seq: 1000, offset: 100_000, claimed: true })).toBe(true)
  })

  it('forgets what the hint file claimed and keeps what is proven', () => {
    const index = new RecordIndex()
    index.insert({ seq: 1000, offset: 100_000, claimed: true })
    index.insert({ seq: 2000, offset: 200_000, claimed: true })
    index.observe(commit(3000, 300_000))
    index.prove(1000)
    index.dropClaimed()
    expect(index.snapshot()).toEqual([
      { seq: 1000, offset: 100_000, claimed: false },
      { seq: 2999, offset: 300_000, claimed: false },
    ])
  })
})

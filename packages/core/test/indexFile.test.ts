import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { crc32c } from '../src/crc32c.js'
import { HEADER_SIZE, SIZE_FIELD } from '../src/format.js'
import { decodeIndexFile, encodeIndexFile, indexFileNameOf } from '../src/indexFile.js'
import { INDEX_STRIDE } from '../src/recordIndex.js'

const utf8 = new TextEncoder()
const covered = { count: 1000, lastIndex: 200_000, end: 200_100 }
const entries = [
  { seq: 300, offset: 70_000, claimed: false },
  { seq: 700, offset: 140_000, claimed: true },
]

describe('the <ns>.idx hint file', () => {
  it('is named after its namespace, beside <ns>.log', () => {
    expect(indexFileNameOf('events')).toBe('events.idx')
  })

  it('checksums with CRC-32C (the RFC 3720 check value)', () => {
    expect(crc32c(utf8.encode('123456789'))).toBe(0xe3069283)
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa)
  })

  it('decodes what it encodes', () => {
    const bytes = encodeIndexFile(covered, entries)
    expect(bytes.length).toBe(48 + 2 * 16 + 4)
    expect(new TextDecoder().decode(bytes.subarray(0, 8))).toBe('immutaix')
    expect(new DataView(bytes.buffer).getUint32(12, true)).toBe(INDEX_STRIDE)
    expect(decodeIndexFile(bytes)).toEqual({ covered, entries: entries.map(({ seq, offset }) => ({ seq, offset })) })
    expect(decodeIndexFile(encodeIndexFile({ count: 0, lastIndex: 0, end: HEADER_SIZE }, []))).toEqual({
      covered: { count: 0, lastIndex: 0, end: HEADER_SIZE },
      entries: [],
    })
  })

  it('rejects every cut, every flipped bit and zeros', () => {
    const bytes = encodeIndexFile(covered, entries)
    for (let length = 0; length < bytes.length; length++) expect(typeof decodeIndexFile(bytes.subarray(0, length))).toBe('string')
    for (let bit = 0; bit < bytes.length * 8; bit++) {
      const flipped = bytes.slice()
      flipped[bit >> 3] = (flipped[bit >> 3] as number) ^ (1 << (bit & 7))
      expect(typeof decodeIndexFile(flipped), `bit ${bit}`).toBe('string')
    }
    expect(typeof decodeIndexFile(new Uint8Array(bytes.length))).toBe('string')
  })

  it('rejects garbage of any length', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => typeof decodeIndexFile(bytes) === 'string'))
  })

  it.each([
    ['a seq at the covered count', [{ seq: 1000, offset: 70_000 }]],
    ['seqs that do not grow', [{ seq: 300, offset: 70_000 }, { seq: 300, offset: 140_000 }]],
    ['offsets closer than 8 bytes a record', [{ seq: 300, offset: 70_000 }, { seq: 700, offset: 70_000 + 399 * SIZE_FIELD }]],
    ['an offset in the header', [{ seq: 1, offset: 8 }]],
    ['an offset past the covered last record', [{ seq: 999, offset: 200_008 }]],
  ])('rejects a checksummed file with %s', (_, bad) => {
    expect(typeof decodeIndexFile(encodeIndexFile(covered, bad.map((entry) => ({ ...entry, claimed: false }))))).toBe('string')
  })

  it.each([
    ['an empty log with a last offset', { count: 0, lastIndex: 16, end: 16 }],
    ['a last offset in the header', { count: 3, lastIndex: 8, end: 100 }],
    ['an end before the last size field ends', { count: 3, lastIndex: 100, end: 104 }],
  ])('rejects a checksummed file covering %s', (_, bad) => {
    expect(typeof decodeIndexFile(encodeIndexFile(bad, []))).toBe('string')
  })

  it('rejects more entries than one per stride of the covered log, so a foreign file stays small in memory', () => {
    const many = Array.from({ length: 10 }, (_, i) => ({ seq: i, offset: HEADER_SIZE + i * SIZE_FIELD, claimed: false }))
    expect(typeof decodeIndexFile(encodeIndexFile({ count: 10, lastIndex: HEADER_SIZE + 9 * SIZE_FIELD, end: 200 }, many))).toBe('string')
  })
})

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeHeader, encodeHeader, HEADER_SIZE, readU64, writeU64 } from '../src/format.js'

const u64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })

describe('u64 little-endian codec', () => {
  it('reads what DataView reads, for every value below 2^53', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (value) => {
        const bytes = new Uint8Array(8)
        new DataView(bytes.buffer).setBigUint64(0, BigInt(value), true)
        expect(readU64(bytes, 0)).toBe(value)
      }),
    )
  })

  it('writes what DataView writes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (value) => {
        const bytes = new Uint8Array(8)
        writeU64(bytes, 0, value)
        expect(new DataView(bytes.buffer).getBigUint64(0, true)).toBe(BigInt(value))
      }),
    )
  })

  it('reports values of 2^53 and above as -1 instead of rounding them', () => {
    fc.assert(
      fc.property(u64, (value) => {
        const bytes = new Uint8Array(8)
        new DataView(bytes.buffer).setBigUint64(0, value, true)
        const read = readU64(bytes, 0)
        if (value < 2n ** 53n) expect(read).toBe(Number(value))
        else expect(read).toBe(-1)
      }),
    )
  })

  it('reads at an offset inside a larger buffer', () => {
    const bytes = new Uint8Array(24)
    writeU64(bytes, 9, 0x0102030405)
    expect(readU64(bytes, 9)).toBe(0x0102030405)
    expect(bytes[8]).toBe(0)
    expect(bytes[17]).toBe(0)
  })
})

describe('header', () => {
  it('round-trips count and last index at offsets 0 and 8', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), (count, lastIndex) => {
        const bytes = encodeHeader(new Uint8Array(HEADER_SIZE), { count, lastIndex })
        expect(decodeHeader(bytes)).toEqual({ count, lastIndex })
        const view = new DataView(bytes.buffer)
        expect(view.getBigUint64(0, true)).toBe(BigInt(count))
        expect(view.getBigUint64(8, true)).toBe(BigInt(lastIndex))
      }),
    )
  })
})

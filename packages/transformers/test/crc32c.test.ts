import { describe, expect, it } from 'vitest'
import { crc32c } from '../src/index.js'

// Bit at a time, straight from the definition: the reference the sliced tables must match.
function crc32cBitwise(data: Uint8Array): number {
  let c = ~0
  for (const byte of data) {
    c ^= byte
    for (let bit = 0; bit < 8; bit++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1
  }
  return ~c >>> 0
}

const ascending = Uint8Array.from({ length: 32 }, (_, i) => i)

describe('crc32c', () => {
  // RFC 3720 appendix B.4, "CRC Examples".
  it.each([
    ['32 bytes of zeros', new Uint8Array(32), 0x8a9136aa],
    ['32 bytes of 0xFF', new Uint8Array(32).fill(0xff), 0x62a8ab43],
    ['32 ascending bytes 0..31', ascending, 0x46dd794e],
    ['32 descending bytes 31..0', ascending.slice().reverse(), 0x113fdb5c],
  ])('matches RFC 3720 B.4: %s', (_, data, expected) => {
    expect(crc32c(data)).toBe(expected)
  })

  it('gives the catalogue check value for "123456789"', () => {
    expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283)
  })

  it('is 0 for no bytes', () => {
    expect(crc32c(new Uint8Array(0))).toBe(0)
  })

  it('matches the bitwise definition for every length 0..100 at every alignment 0..15', () => {
    const buffer = Uint8Array.from({ length: 128 }, (_, i) => (i * 151 + 17) & 0xff)
    for (let offset = 0; offset < 16; offset++) {
      for (let length = 0; length <= 100; length++) {
        const view = buffer.subarray(offset, offset + length)
        expect(crc32c(view), `offset ${offset}, length ${length}`).toBe(crc32cBitwise(view))
      }
    }
  })

  it('continues over more bytes when given an earlier result', () => {
    const data = Uint8Array.from({ length: 1000 }, (_, i) => (i * 31) & 0xff)
    for (const cut of [0, 1, 15, 16, 17, 500, 999, 1000]) {
      expect(crc32c(data.subarray(cut), crc32c(data.subarray(0, cut)))).toBe(crc32c(data))
    }
  })
})

import { ErrorCode, isImmutaError, type TransformFailedDetails } from '@immuta/core'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { checksum, crc32c, verifyChecksum } from '../src/index.js'
import { failure } from './errors.js'

const text = new TextEncoder().encode('123456789')


describe('checksum', () => {
  it('stores the CRC-32C little-endian in front of the record', () => {
    const stored = checksum()(text)
    // 0xE3069283, least significant byte first.
    expect(Array.from(stored.subarray(0, 4))).toEqual([0x83, 0x92, 0x06, 0xe3])
    expect(stored.subarray(4)).toEqual(text)
  })

  it('stores an empty record as four zero bytes (the CRC-32C of nothing is 0)', () => {
    expect(checksum()(new Uint8Array(0))).toEqual(new Uint8Array(4))
  })

  it('answers synchronously, so chains of synchronous transformers stay synchronous', () => {
    expect(checksum()(text)).toBeInstanceOf(Uint8Array)
    expect(verifyChecksum()(checksum()(text))).toBeInstanceOf(Uint8Array)
  })
})

describe('verifyChecksum', () => {
  it('returns the record without its checksum, as a view of the stored bytes', () => {
    const stored = checksum()(text)
    const data = verifyChecksum()(stored)
    expect(data).toEqual(text)
    expect(data.buffer).toBe(stored.buffer)
  })

  it('throws TRANSFORM_FAILED synchronously for every single-bit change', () => {
    const stored = checksum()(text)
    for (let bit = 0; bit < stored.length * 8; bit++) {
      const damaged = stored.slice()
      damaged[bit >> 3] = (damaged[bit >> 3] as number) ^ (1 << (bit & 7))
      const error = failure(() => verifyChecksum()(damaged))
      expect(isImmutaError(error, ErrorCode.TRANSFORM_FAILED), `bit ${bit}`).toBe(true)
    }
  })

  it('says which CRC was stored and which was computed', () => {
    const damaged = checksum()(text)
    damaged[4] = 0
    const error = failure(() => verifyChecksum()(damaged))
    expect(isImmutaError(error) && error.details).toEqual({ expected: 0xe3069283, actual: crc32c(damaged.subarray(4)), size: 13 })
  })

  it('types those details for TRANSFORM_FAILED: no cast needed to read them', () => {
    const damaged = checksum()(text)
    damaged[4] = 0
    const error = failure(() => verifyChecksum()(damaged))
    if (!isImmutaError(error, ErrorCode.TRANSFORM_FAILED)) throw error
    expectTypeOf(error.details).toEqualTypeOf<TransformFailedDetails | undefined>()
    const crcs: [number | undefined, number | undefined] = [error.details?.expected, error.details?.actual]
    expect(crcs).toEqual([0xe3069283, crc32c(damaged.subarray(4))])
  })

  it('throws TRANSFORM_FAILED for records shorter than 4 bytes', () => {
    for (let size = 0; size < 4; size++) {
      const error = failure(() => verifyChecksum()(new Uint8Array(size)))
      expect(isImmutaError(error, ErrorCode.TRANSFORM_FAILED), `${size} bytes`).toBe(true)
    }
  })

  it('detects records that a power loss zeroed; 4 zero bytes are the empty record', () => {
    expect(verifyChecksum()(new Uint8Array(4))).toEqual(new Uint8Array(0))
    for (const size of [5, 8, 100, 4096]) {
      expect(isImmutaError(failure(() => verifyChecksum()(new Uint8Array(size))), ErrorCode.TRANSFORM_FAILED), `${size} bytes`).toBe(true)
    }
  })
})

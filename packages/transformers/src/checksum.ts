import { ErrorCode, ImmutaError } from '@immuta/core'
import { crc32c } from './crc32c.js'

/** Bytes the checksum adds in front of each record. */
const CHECKSUM_SIZE = 4

/**
 * Write transformer: stores the record's CRC-32C in front of it, as 4 bytes little-endian.
 * Synchronous, so a chain of synchronous transformers stays free of microtasks.
 */
export function checksum(): (data: Uint8Array) => Uint8Array {
  return addChecksum
}

/**
 * Read transformer for `checksum()`: checks the CRC-32C and returns the record without it
 * (a view into the stored bytes, no copy). A record whose bytes changed, or one shorter than
 * 4 bytes, throws an `ImmutaError` with code `TRANSFORM_FAILED`, synchronously.
 */
export function verifyChecksum(): (data: Uint8Array) => Uint8Array {
  return removeChecksum
}

function addChecksum(data: Uint8Array): Uint8Array {
  const stored = new Uint8Array(CHECKSUM_SIZE + data.length)
  writeUint32LE(stored, crc32c(data))
  stored.set(data, CHECKSUM_SIZE)
  return stored
}

function removeChecksum(stored: Uint8Array): Uint8Array {
  if (stored.length < CHECKSUM_SIZE) {
    throw new ImmutaError(ErrorCode.TRANSFORM_FAILED, `verifyChecksum: a record of ${stored.length} bytes cannot hold its 4-byte CRC-32C`, {
      details: { size: stored.length },
    })
  }
  const expected = readUint32LE(stored)
  const data = stored.subarray(CHECKSUM_SIZE)
  const actual = crc32c(data)
  if (actual !== expected) {
    throw new ImmutaError(ErrorCode.TRANSFORM_FAILED, `verifyChecksum: the record's bytes changed (stored CRC-32C ${hex(expected)}, computed ${hex(actual)})`, {
      details: { expected, actual, size: stored.length },
    })
  }
  return data
}

function writeUint32LE(into: Uint8Array, value: number): void {
  into[0] = value
  into[1] = value >>> 8
  into[2] = value >>> 16
  into[3] = value >>> 24
}

function readUint32LE(from: Uint8Array): number {
  return ((from[0] as number) | ((from[1] as number) << 8) | ((from[2] as number) << 16) | ((from[3] as number) << 24)) >>> 0
}

function hex(value: number): string {
  return `0x${value.toString(16).padStart(8, '0')}`
}

/**
 * The log file format: the on-disk layout of the Go library, kept byte for byte. This file is
 * the whole of it; the `.idx` hint file beside a log is a format of its own (indexFile.ts),
 * which Go never reads.
 *
 *   offset 0   u64 LE  committed record count
 *   offset 8   u64 LE  byte offset of the last committed record (0 while empty)
 *   offset 16  records: u64 LE payload size, then the payload
 *
 * Offsets are JavaScript numbers: a value above 2^53 cannot be a real file offset, so decoding
 * reports it instead of silently rounding.
 */
export const HEADER_SIZE = 16
/** The u64 LE in front of every record that holds its payload's size. */
export const SIZE_FIELD = 8

/** The two fields of the header. */
export interface Header {
  count: number
  lastIndex: number
}

/**
 * What the header commits (the committed triple): `end` is the offset just past the last
 * committed record, found from its size field. A namespace's triple changes only after a
 * header write succeeded, all three at once.
 */
export interface Committed extends Header {
  end: number
}

/** The triple of a log without records: what a new file's zeroed header commits. */
export const EMPTY: Committed = { count: 0, lastIndex: 0, end: HEADER_SIZE }

/** Where the record at `index` with a payload of `size` bytes ends: its size field and payload. */
export function recordEnd(index: number, size: number): number {
  return index + SIZE_FIELD + size
}

const TWO_32 = 2 ** 32

/** Reads a u64 LE as a number, or -1 when it does not fit in 2^53. */
export function readU64(bytes: Uint8Array, offset: number): number {
  const lo = readU32(bytes, offset)
  const hi = readU32(bytes, offset + 4)
  if (hi >= 0x200000) return -1
  return hi * TWO_32 + lo
}

export function writeU64(bytes: Uint8Array, offset: number, value: number): void {
  const lo = value >>> 0
  const hi = Math.floor(value / TWO_32) >>> 0
  bytes[offset] = lo
  bytes[offset + 1] = lo >>> 8
  bytes[offset + 2] = lo >>> 16
  bytes[offset + 3] = lo >>> 24
  bytes[offset + 4] = hi
  bytes[offset + 5] = hi >>> 8
  bytes[offset + 6] = hi >>> 16
  bytes[offset + 7] = hi >>> 24
}

function readU32(bytes: Uint8Array, offset: number): number {
  return (
    ((bytes[offset] as number) |
      ((bytes[offset + 1] as number) << 8) |
      ((bytes[offset + 2] as number) << 16) |
      ((bytes[offset + 3] as number) << 24)) >>>
    0
  )
}

export function encodeHeader(into: Uint8Array, header: Header): Uint8Array {
  writeU64(into, 0, header.count)
  writeU64(into, 8, header.lastIndex)
  return into
}

/** Decodes the 16-byte header; a field above 2^53 comes back as -1 for recovery to reject. */
export function decodeHeader(bytes: Uint8Array): Header {
  return { count: readU64(bytes, 0), lastIndex: readU64(bytes, 8) }
}

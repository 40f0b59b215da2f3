import { ErrorCode, ImmutaError } from '@immuta/core'
import { deflateSync, inflateSync } from 'fflate'

/** 0 stores without compressing, 1 is fastest (Go's `flate.BestSpeed`), 9 compresses most. */
export type DeflateLevel = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9

/** Options of `deflate()`. */
export interface DeflateOptions {
  /**
   * Compression level. Level 1 is usually the right trade for a log: most of the size win
   * at several times the speed of 9.
   * @default 6
   */
  level?: DeflateLevel
}

// Go's flate.DefaultCompression and fflate's default alike.
const DEFAULT_LEVEL = 6

/**
 * Write transformer: compresses each record as raw DEFLATE (RFC 1951, no zlib or gzip
 * wrapper), the format of Go's `compress/flate`. Throws `INVALID_ARGUMENT` here, not at the
 * first append, for a level outside 0..9.
 */
export function deflate(options: DeflateOptions = {}): (data: Uint8Array) => Uint8Array {
  const level: unknown = options.level === undefined ? DEFAULT_LEVEL : options.level
  if (!isLevel(level)) {
    throw new ImmutaError(ErrorCode.INVALID_ARGUMENT, `deflate: level must be an integer from 0 to 9, got ${String(level)}`, {
      details: { level },
    })
  }
  // One options object for every record: the hot path allocates only what fflate returns.
  const fflateOptions = { level }
  return (data) => deflateSync(data, fflateOptions)
}

/**
 * Read transformer: decompresses raw DEFLATE, whoever wrote it (`deflate()`, Go's
 * `compress/flate`, zlib with negative window bits). A stream that is not valid DEFLATE
 * throws an `ImmutaError` with code `TRANSFORM_FAILED`, synchronously.
 */
export function inflate(): (data: Uint8Array) => Uint8Array {
  return inflateRecord
}

function inflateRecord(stored: Uint8Array): Uint8Array {
  // RFC 1951 §3.2.3: a stream is at least one block, the last one marked BFINAL. fflate reads
  // zero bytes as an empty record; Go's flate reader answers io.ErrUnexpectedEOF, and so do we.
  if (stored.length === 0) {
    throw new ImmutaError(ErrorCode.TRANSFORM_FAILED, 'inflate: a record of 0 bytes is not a DEFLATE stream')
  }
  try {
    return inflateSync(stored)
  } catch (cause) {
    throw new ImmutaError(ErrorCode.TRANSFORM_FAILED, `inflate: the record is not a valid DEFLATE stream (${messageOf(cause)})`, { cause })
  }
}

function isLevel(level: unknown): level is DeflateLevel {
  return typeof level === 'number' && Number.isInteger(level) && level >= 0 && level <= 9
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

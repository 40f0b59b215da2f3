import { crc32c } from './crc32c.js'
import type { Committed } from './format.js'
import { HEADER_SIZE, readU64, SIZE_FIELD, writeU64 } from './format.js'
import { INDEX_STRIDE, type IndexEntry } from './recordIndex.js'

/**
 * `<namespace>.idx`, beside `<namespace>.log`: a hint that says where some records start. The
 * log files stay byte for byte what Go writes; Go never reads or writes this file. Little endian:
 *
 *   offset 0   8 bytes  magic "immutaix"
 *   offset 8   u32      version (1)
 *   offset 12  u32      stride the writer used (bytes of log between entries, at least)
 *   offset 16  u64      covered count: the log's committed count when this file was written
 *   offset 24  u64      covered lastIndex
 *   offset 32  u64      covered end (offset just past the last covered record)
 *   offset 40  u64      number of entries n
 *   offset 48  n x (u64 seq, u64 offset), seq and offset strictly increasing
 *   then       u32      CRC-32C of every byte before it
 */
const MAGIC = new TextEncoder().encode('immutaix')
const VERSION = 1
const HEAD = 48
const ENTRY = 16
const CRC = 4

export interface IndexFile {
  covered: Committed
  entries: { seq: number; offset: number }[]
}

export function indexFileNameOf(namespace: string): string {
  return `${namespace}.idx`
}

export function encodeIndexFile(covered: Committed, entries: readonly IndexEntry[]): Uint8Array {
  const bytes = new Uint8Array(HEAD + entries.length * ENTRY + CRC)
  const view = new DataView(bytes.buffer)
  bytes.set(MAGIC, 0)
  view.setUint32(8, VERSION, true)
  view.setUint32(12, INDEX_STRIDE, true)
  writeU64(bytes, 16, covered.count)
  writeU64(bytes, 24, covered.lastIndex)
  writeU64(bytes, 32, covered.end)
  writeU64(bytes, 40, entries.length)
  entries.forEach((entry, i) => {
    writeU64(bytes, HEAD + i * ENTRY, entry.seq)
    writeU64(bytes, HEAD + i * ENTRY + 8, entry.offset)
  })
  view.setUint32(bytes.length - CRC, crc32c(bytes.subarray(0, bytes.length - CRC)), true)
  return bytes
}

/**
 * The file's content, or why it is not one this library wrote whole: torn, zeroed, garbage,
 * another version, or entries that no log could have. Says nothing yet about the log itself.
 */
export function decodeIndexFile(bytes: Uint8Array): IndexFile | string {
  if (bytes.length < HEAD + CRC) return `${bytes.length} bytes is shorter than a header`
  if (!MAGIC.every((byte, i) => bytes[i] === byte)) return 'not an index file (magic)'
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (view.getUint32(bytes.length - CRC, true) !== crc32c(bytes.subarray(0, bytes.length - CRC))) return 'checksum mismatch'
  if (view.getUint32(8, true) !== VERSION) return 'unknown version'
  const covered = { count: readU64(bytes, 16), lastIndex: readU64(bytes, 24), end: readU64(bytes, 32) }
  const n = readU64(bytes, 40)
  if (n < 0 || bytes.length !== HEAD + n * ENTRY + CRC) return 'the entry count does not match the length'
  const problem = coveredProblem(covered)
  if (problem) return problem
  // An entry per stride at most: a bound that keeps a well-formed but foreign file small in memory.
  if (n > Math.ceil(covered.end / Math.max(view.getUint32(12, true), SIZE_FIELD)) + 1) return 'more entries than the log has room for'
  const entries: IndexFile['entries'] = []
  let previous = { seq: -1, offset: HEADER_SIZE - SIZE_FIELD }
  for (let i = 0; i < n; i++) {
    const entry = { seq: readU64(bytes, HEAD + i * ENTRY), offset: readU64(bytes, HEAD + i * ENTRY + 8) }
    if (entry.seq <= previous.seq || entry.seq >= covered.count) return `entry ${i} has an impossible seq`
    // Every record takes at least its size field: offsets grow at least 8 bytes a record.
    if (entry.offset - previous.offset < (entry.seq - previous.seq) * SIZE_FIELD) return `entry ${i} has an impossible offset`
    if (entry.offset > covered.lastIndex) return `entry ${i} lies past the covered records`
    entries.push(entry)
    previous = entry
  }
  return { covered, entries }
}

function coveredProblem({ count, lastIndex, end }: Committed): string | undefined {
  if (count < 0 || lastIndex < 0 || end < 0) return 'a covered field does not fit in 2^53'
  if (count === 0) return lastIndex === 0 && end === HEADER_SIZE ? undefined : 'an empty log with a last offset'
  if (lastIndex < HEADER_SIZE || end < lastIndex + SIZE_FIELD) return 'covered offsets that no log has'
  return undefined
}

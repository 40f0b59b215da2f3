import { concat, encodeLog, setU64 } from '../format.js'
import { payload } from '../payloads.js'

/**
 * Malformed files and what the page says must happen to each. The base log holds three records
 * of 5, 20 and 9 bytes at indexes 16, 29 and 57; it ends at 74. Expectations follow from three
 * rules: the header is authoritative (count and last index); opening reads only the header and
 * the last record's size field, so only what those show can fail an open; `verify()` walks the
 * chain. Bytes past the committed end are counted by no header, but a header can lie (one flipped
 * bit), so a writer cuts them only after walking the chain the header describes (CORRUPT_LOG,
 * nothing changed, when the walk disagrees) and after copying them to `<file>.<offset>.cut`.
 * A header whose count disagrees with the records fails a stream before it delivers a record
 * whose seq would differ from the seq `append` gives.
 */
export interface MalformedCase {
  name: string
  bytes: Uint8Array
  /** Open rejects CORRUPT_LOG with `details.offset` one of these; absent when open succeeds. */
  openCorruptAt?: readonly number[]
  /**
   * A writer's open (only) rejects CORRUPT_LOG at one of these offsets and changes nothing: there
   * is a tail to cut, and walking the chain shows the header lies. A follower opens as usual.
   */
  writerCorruptAt?: readonly number[]
  /** A writer's open keeps the bytes past the committed end (`offset`) in `<file>.<offset>.cut`. */
  keptAside?: { offset: number; bytes: Uint8Array }
  /** The records the file holds, when not the base records. */
  records?: readonly Uint8Array[]
  /** `stats().count` after a successful open. */
  count?: number
  /** The file size once a writer opened it: the committed end. */
  sizeAfterWriter?: number
  /** After a writer opened it: `ok` (with count and size), or CORRUPT_LOG at one of these offsets. */
  verify?: 'ok' | readonly number[]
  /**
   * Streaming from 0: this seq's next() rejects CORRUPT_LOG (a size field runs past the end, or
   * the records disagree with the header's count), after `streamSizes` when given.
   */
  streamCorruptAt?: number
  /** Streaming from 0 delivers records of these sizes (instead of the base records). */
  streamSizes?: readonly number[]
}

const A = payload(0, 5)
/** Record B carries, 4 bytes into its payload (file offset 41), bytes that read as the size 3. */
const B = (() => {
  const bytes = payload(1, 20)
  setU64(bytes, 4, 3)
  return bytes
})()
const C = payload(2, 9)
export const BASE_RECORDS: readonly Uint8Array[] = [A, B, C]
const END = 74

function base(): Uint8Array {
  return encodeLog(BASE_RECORDS)
}

function withHeader(count: number | bigint, lastIndex: number | bigint): Uint8Array {
  return encodeLog(BASE_RECORDS, { count, lastIndex })
}

function withU64(at: number, value: number | bigint): Uint8Array {
  const bytes = base()
  setU64(bytes, at, value)
  return bytes
}

function flipped(at: number): Uint8Array {
  const bytes = base()
  bytes[at] = (bytes[at] as number) ^ 0xff
  return bytes
}

const headerCases: MalformedCase[] = [
  { name: 'a consistent log (control)', bytes: base(), count: 3, sizeAfterWriter: END, verify: 'ok' },
  { name: 'an empty file: creation cut short', bytes: new Uint8Array(0), count: 0, sizeAfterWriter: 16, verify: 'ok' },
  { name: 'a file cut inside the header (1 byte)', bytes: base().subarray(0, 1), openCorruptAt: [0, 1] },
  { name: 'a file cut inside the header (8 bytes)', bytes: base().subarray(0, 8), openCorruptAt: [0, 8] },
  { name: 'a file cut inside the header (15 bytes)', bytes: base().subarray(0, 15), openCorruptAt: [0, 8, 15] },
  {
    name: 'a count too high (4 of 3)',
    bytes: withHeader(4, 57),
    count: 4,
    sizeAfterWriter: END,
    verify: [0, 57, END],
    streamCorruptAt: 3,
  },
  { name: 'a count that cannot fit before the last offset', bytes: withHeader(1000, 57), openCorruptAt: [0, 8, 57] },
  {
    name: 'a count too low (2 of 3, last offset of the 3rd)',
    bytes: withHeader(2, 57),
    count: 2,
    sizeAfterWriter: END,
    verify: [0, 8, 29, 57],
    streamCorruptAt: 2,
  },
  {
    // Cannot be told from a crash between the 3rd record's write and its header write.
    name: 'a count of 2 with the 2nd record last: the 3rd is a tail',
    bytes: withHeader(2, 29),
    count: 2,
    sizeAfterWriter: 57,
    verify: 'ok',
    keptAside: { offset: 57, bytes: base().subarray(57) },
  },
  { name: 'a count of 0 with a last offset', bytes: withHeader(0, 16), openCorruptAt: [0, 8, 16] },
  { name: 'a count above 0 without a last offset', bytes: withHeader(3, 0), openCorruptAt: [0, 8] },
  { name: 'a count of 2^64 - 1', bytes: withHeader(2n ** 64n - 1n, 57), openCorruptAt: [0, 8] },
  { name: 'a last offset inside the header', bytes: withHeader(1, 4), openCorruptAt: [8, 4] },
  { name: 'a last offset far past the end', bytes: withHeader(3, 1000), openCorruptAt: [8, 1000] },
  { name: 'a last offset whose size field runs past the end', bytes: withHeader(3, 70), openCorruptAt: [8, 70] },
  { name: 'a last offset of 2^64 - 1', bytes: withHeader(3, 2n ** 64n - 1n), openCorruptAt: [8] },
  {
    name: 'a last offset off a record boundary, reading a size past the end',
    bytes: withHeader(2, 30),
    openCorruptAt: [0, 8, 30],
  },
  {
    // Open cannot see this (it reads one size field, which fits); a writer takes 52 as the
    // committed end and truncates; verify then finds record B running past that end.
    name: 'a last offset off a record boundary, reading a size that fits',
    bytes: withHeader(3, 41),
    count: 3,
    writerCorruptAt: [29],
    streamCorruptAt: 1,
  },
]

/** Headers that lie in ways open's constant-cost check cannot see (a flipped bit or two). */
/** Five records of 20 bytes at 16, 44, 72, 100 and 128; the log ends at 156. */
const FIVE: readonly Uint8Array[] = [0, 1, 2, 3, 4].map((seed) => payload(seed, 20))

const lyingHeaderCases: MalformedCase[] = [
  {
    // Before this was caught, a writer cut the 5th record, which the header counts.
    name: 'a last offset bent to an earlier record boundary, the count unchanged',
    bytes: encodeLog(FIVE, { count: 5, lastIndex: 100 }),
    records: FIVE,
    count: 5,
    writerCorruptAt: [128],
    streamCorruptAt: 4,
  },
  { name: 'a last offset bent so far back that the count cannot fit', bytes: withHeader(3, 29), openCorruptAt: [0] },
  {
    name: 'a count and a last offset both bent to the first record',
    bytes: withHeader(1, 29),
    count: 1,
    writerCorruptAt: [16],
    streamCorruptAt: 1,
  },
  { name: 'a last offset bent to the first record, the count unchanged', bytes: withHeader(3, 16), openCorruptAt: [0] },
  {
    // Cannot be told from a new log whose first commit crashed before its header write.
    name: 'a zeroed header with records after it',
    bytes: withHeader(0, 0),
    count: 0,
    sizeAfterWriter: 16,
    verify: 'ok',
    keptAside: { offset: 16, bytes: base().subarray(16) },
  },
]

const recordCases: MalformedCase[] = [
  { name: 'a huge size field (2^28) in the last record', bytes: withU64(57, 2 ** 28), openCorruptAt: [8, 57] },
  { name: 'a size field of 2^53 + 1 in the last record', bytes: withU64(57, 2n ** 53n + 1n), openCorruptAt: [8, 57] },
  { name: 'a size field of 2^64 - 1 in the last record', bytes: withU64(57, 2n ** 64n - 1n), openCorruptAt: [8, 57] },
  {
    name: 'a huge size field (2^40) in a middle record',
    bytes: withU64(29, 2 ** 40),
    count: 3,
    sizeAfterWriter: END,
    verify: [29],
    streamCorruptAt: 1,
  },
  { name: 'a flipped byte in a middle size field', bytes: flipped(29), count: 3, sizeAfterWriter: END, verify: [29], streamCorruptAt: 1 },
  { name: 'a file cut inside an earlier record', bytes: base().subarray(0, 40), openCorruptAt: [8, 57] },
  { name: 'a file cut inside the last size field', bytes: base().subarray(0, 60), openCorruptAt: [8, 57] },
  { name: 'a file cut inside the last payload', bytes: base().subarray(0, 70), openCorruptAt: [8, 57] },
  {
    name: 'trailing zeros after the committed end',
    bytes: concat(base(), new Uint8Array(100)),
    count: 3,
    sizeAfterWriter: END,
    verify: 'ok',
    keptAside: { offset: END, bytes: new Uint8Array(100) },
  },
  {
    name: 'a whole record after the committed end',
    bytes: concat(base(), encodeLog([payload(7, 6)]).subarray(16)),
    count: 3,
    sizeAfterWriter: END,
    verify: 'ok',
    keptAside: { offset: END, bytes: encodeLog([payload(7, 6)]).subarray(16) },
  },
  {
    // What fastWrite can leave after power loss: a header counting records the OS never wrote.
    // Open sees a last record of size 0 that fits; a follower gets records of zero bytes, then
    // finds a 4th starting before the committed end. A writer, with 9 bytes to cut, walks the
    // chain first: the 3rd record is at 32, not 57.
    name: 'a header counting records whose bytes are zeros',
    bytes: concat(encodeLog([], { count: 3, lastIndex: 57 }), new Uint8Array(END - 16)),
    count: 3,
    writerCorruptAt: [32],
    streamSizes: [0, 0, 0],
    streamCorruptAt: 3,
  },
  // The format has no checksums: damage inside a payload is invisible to open and verify.
  { name: 'flipped payload bytes', bytes: flipped(70), count: 3, sizeAfterWriter: END, verify: 'ok' },
]

export const MALFORMED: readonly MalformedCase[] = [...headerCases, ...lyingHeaderCases, ...recordCases]

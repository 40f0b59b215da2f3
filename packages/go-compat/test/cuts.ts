import type { ManifestNamespace } from './goFixtures.js'
import { goHeader, HEADER_SIZE, SIZE_FIELD } from './goLayout.js'

/** A Go-written file cut short at `at` bytes (a damaged disk, a bad copy, a torn creation). */
export interface Cut {
  where: string
  at: number
}

/**
 * Where to cut a file, from its manifest: inside the header, inside size fields and payloads
 * of committed records, and, where Go left one, at the committed end and inside the
 * uncommitted tail.
 */
export function cutsOf(spec: ManifestNamespace): Cut[] {
  const cuts: Cut[] = []
  const add = (where: string, at: number): void => {
    if (at > 0 && at < spec.file_size && !cuts.some((cut) => cut.at === at)) cuts.push({ where, at })
  }
  add('inside the header, after its first byte', 1)
  add('inside the header, between the count and the last offset', 8)
  add('inside the header, one byte short', HEADER_SIZE - 1)
  const { records } = spec
  const first = records[0]
  const last = records.at(-1)
  if (first) add(`inside the size field of record ${first.seq}`, first.index + SIZE_FIELD / 2)
  if (last) add(`inside the size field of the last record (${last.seq})`, last.index + SIZE_FIELD / 2)
  const withPayload = records.filter((record) => record.size >= 2)
  for (const record of [withPayload[0], withPayload.at(-1)]) {
    if (record) add(`inside the payload of record ${record.seq}`, record.index + SIZE_FIELD + Math.floor(record.size / 2))
  }
  const tail = spec.uncommitted_tail
  add('at the committed end: the uncommitted tail cut off', spec.committed_length)
  if (tail) {
    add('inside the size field of the uncommitted tail', tail.offset + SIZE_FIELD / 2)
    const partial = tail.appends[0]
    if (partial && partial.size >= 2) add('inside the payload of the uncommitted tail', tail.offset + SIZE_FIELD + Math.floor(partial.size / 2))
  }
  return cuts
}

/**
 * What the spec says a writer's open gives for a file cut at `at`:
 * - at or past the committed end, only bytes that no header counts are gone: a clean open with
 *   every committed record, the rest of the tail truncated;
 * - a file shorter than its header whose bytes are all zero is a log whose creation was cut
 *   short (Go writes the zero header into a new file): a clean open of an empty log;
 * - anything else has a header that cannot be right: CORRUPT_LOG, and the file is left alone.
 */
export type Outcome = { kind: 'clean'; count: number; length: number } | { kind: 'corrupt' }

export function outcomeOf(spec: ManifestNamespace, at: number): Outcome {
  if (at >= spec.committed_length) return { kind: 'clean', count: spec.header.count, length: spec.committed_length }
  const kept = goHeader(spec.header.count, spec.header.last_index).subarray(0, at)
  if (at < HEADER_SIZE && kept.every((byte) => byte === 0)) return { kind: 'clean', count: 0, length: HEADER_SIZE }
  return { kind: 'corrupt' }
}

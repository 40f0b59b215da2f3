/**
 * The bytes a log must hold, built from the Go library's format description alone (deliberately
 * not from @immuta/core's codec, which is what is under test):
 *
 *   offset 0   u64 LE  committed record count
 *   offset 8   u64 LE  byte offset of the last committed record (0 while the log is empty)
 *   offset 16  records: u64 LE payload size, then the payload
 *
 * A record's index is the offset of its size field; a commit writes its records at the old
 * committed end and then rewrites the header. Nothing that is not committed is in the file.
 */
export const HEADER_SIZE = 16
export const SIZE_FIELD = 8

export function u64le(value: number): Uint8Array {
  const bytes = new Uint8Array(8)
  new DataView(bytes.buffer).setBigUint64(0, BigInt(value), true)
  return bytes
}

export function goHeader(count: number, lastIndex: number): Uint8Array {
  return concat([u64le(count), u64le(lastIndex)])
}

/** The parts joined. Its own copy: go-compat does not depend on the testkit (whose bytes.ts has the other). */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0))
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.length
  }
  return out
}

/** Where a committed record landed: what `append` must resolve with. */
export interface Placement {
  index: number
  seq: number
  size: number
}

export class GoLayout {
  private readonly parts: Uint8Array[]

  private constructor(
    body: Uint8Array,
    private count: number,
    private lastIndex: number,
    private end: number,
  ) {
    this.parts = [body]
  }

  /** A log nobody appended to: the 16-byte zero header. */
  static empty(): GoLayout {
    return new GoLayout(new Uint8Array(0), 0, 0, HEADER_SIZE)
  }

  /**
   * A log whose committed bytes are `committed` (header included), holding `count` records, the
   * last at `lastIndex`: the state a writer must leave a Go-written file in before appending.
   */
  static of(committed: Uint8Array, count: number, lastIndex: number): GoLayout {
    return new GoLayout(committed.subarray(HEADER_SIZE), count, lastIndex, committed.length)
  }

  get committedCount(): number {
    return this.count
  }

  get committedEnd(): number {
    return this.end
  }

  /** Commits `payloads` together (one append, or a transaction); answers where each landed. */
  commit(payloads: readonly Uint8Array[]): Placement[] {
    const placed: Placement[] = []
    for (const payload of payloads) {
      placed.push({ index: this.end, seq: this.count, size: payload.length })
      this.parts.push(u64le(payload.length), payload)
      this.lastIndex = this.end
      this.end += SIZE_FIELD + payload.length
      this.count++
    }
    return placed
  }

  /** The whole file. */
  bytes(): Uint8Array {
    return concat([goHeader(this.count, this.lastIndex), ...this.parts])
  }
}

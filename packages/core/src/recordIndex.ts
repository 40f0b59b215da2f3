import type { Committed } from './format.js'
import { HEADER_SIZE } from './format.js'

/**
 * Bytes of log between two entries of the index, at least. One entry (16 bytes in memory, two
 * numbers) per 64 KiB of log is 256 KiB of index per GiB; a span of 64 KiB plus one record
 * fits in one 128 KiB read chunk, so a warm `get` reads one chunk (two for a record above it).
 */
export const INDEX_STRIDE: number = 64 * 1024

/** A record the index knows: its seq, its offset, and whether it came from the `.idx` file. */
export interface IndexEntry {
  seq: number
  offset: number
  /**
   * Came from the hint file (or from a walk that started at such an entry): it is used only
   * after the log's own size fields agree with it, and is dropped when they do not.
   */
  claimed: boolean
}

/** The start of the log: always true, never stored. */
export const FIRST: IndexEntry = { seq: 0, offset: HEADER_SIZE, claimed: false }

/**
 * The sparse, in-memory index of one namespace: entries sorted by seq, at least
 * `INDEX_STRIDE` bytes apart, so their number is bounded by the log's size / 64 KiB.
 */
export class RecordIndex {
  private readonly entries: IndexEntry[] = []
  /** Entries added since `markSaved()`: whether the hint file is behind memory. */
  private added = 0
  /** The offset from which a commit adds a tail entry: a stride past the last entry. */
  private nextAt = HEADER_SIZE + INDEX_STRIDE

  get size(): number {
    return this.entries.length
  }

  get dirty(): boolean {
    return this.added > 0
  }

  markSaved(): void {
    this.added = 0
  }

  /**
   * Called on every commit with what the header now commits: the last record's (seq, offset)
   * is exact, so the writer's own appends index themselves at no IO. Only a tail entry is added.
   */
  observe(committed: Committed): void {
    // Every commit comes here: one comparison unless a stride of log has gone by.
    if (committed.lastIndex < this.nextAt) return
    const last = this.entries[this.entries.length - 1]
    if (last !== undefined && committed.count - 1 <= last.seq) return
    this.entries.push({ seq: committed.count - 1, offset: committed.lastIndex, claimed: false })
    this.added++
    this.tailMoved()
  }

  /** The entry with the largest seq at or below `seq`, or the start of the log. */
  floor(seq: number): IndexEntry {
    const at = this.floorAt(seq)
    return at < 0 ? FIRST : (this.entries[at] as IndexEntry)
  }

  /** The entry with the smallest seq above `seq`, or undefined. */
  above(seq: number): IndexEntry | undefined {
    return this.entries[this.floorAt(seq) + 1]
  }

  /**
   * Adds an entry unless one within `INDEX_STRIDE` bytes is there already. Returns false when an
   * entry with the same seq says another offset: one of the two is wrong.
   */
  insert(entry: IndexEntry): boolean {
    const at = this.floorAt(entry.seq)
    const before = this.entries[at]
    if (before?.seq === entry.seq) return before.offset === entry.offset
    const after = this.entries[at + 1]
    const low = before?.offset ?? HEADER_SIZE
    if (entry.offset - low < INDEX_STRIDE) return true
    if (after !== undefined && after.offset - entry.offset < INDEX_STRIDE) return true
    this.entries.splice(at + 1, 0, entry)
    this.added++
    this.tailMoved()
    return true
  }

  /** A claimed entry that a walk from a trusted start reached: it is a fact of the log now. */
  prove(seq: number): void {
    const entry = this.entries[this.floorAt(seq)]
    if (entry?.seq === seq) entry.claimed = false
  }

  /** Forgets everything the hint file said: what is left came from commits and trusted walks. */
  dropClaimed(): void {
    const kept = this.entries.filter((entry) => !entry.claimed)
    this.entries.length = 0
    this.entries.push(...kept)
    this.added++
    this.tailMoved()
  }

  snapshot(): IndexEntry[] {
    return this.entries.slice()
  }

  private tailMoved(): void {
    this.nextAt = (this.entries[this.entries.length - 1]?.offset ?? HEADER_SIZE) + INDEX_STRIDE
  }

  private floorAt(seq: number): number {
    let low = 0
    let high = this.entries.length - 1
    let found = -1
    while (low <= high) {
      const mid = (low + high) >>> 1
      if ((this.entries[mid] as IndexEntry).seq <= seq) {
        found = mid
        low = mid + 1
      } else {
        high = mid - 1
      }
    }
    return found
  }
}

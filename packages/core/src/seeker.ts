import { RecordCursor } from './cursor.js'
import { corrupt, isImmutaError } from './errors.js'
import { isPromise } from './fileIO.js'
import { HEADER_SIZE, readU64, SIZE_FIELD } from './format.js'
import { decodeIndexFile, encodeIndexFile, indexFileNameOf } from './indexFile.js'
import type { NamespaceState } from './namespaceState.js'
import { FIRST, INDEX_STRIDE, type IndexEntry } from './recordIndex.js'
import type { BackendFile, FileBackend } from './types.js'

/** A walk from a claimed entry that the log's size fields do not bear out. */
class WrongHint extends Error {}

/** Entries a walk may add before the hint file is worth writing again in the background. */
const SAVE_AFTER = 16

/**
 * Finds where record `seq` starts without reading what lies before it, from the namespace's
 * sparse index (`ns.index`) and the `<namespace>.idx` hint file. Nothing the file says is
 * believed without the log's own size fields: a walk from one of its entries goes on to the
 * next entry, or to the last record the header names, and must land on it exactly, after
 * exactly the number of records the two claim. A walk that does not land drops everything the
 * file said, and the answer comes from entries that are facts of the log.
 */
export class Seeker {
  private loaded: Promise<void> | undefined
  private saving: Promise<void> = Promise.resolve()
  /** The file on disk is garbage, stale or wrong: rewrite it even if memory has nothing new. */
  private fileWrong = false
  /** Records the file on disk covers, once read or written: behind the log, it is extended. */
  private fileCount: number | undefined
  private closing = false
  /** The background walk that indexes a gap, while it runs. */
  private filling: Promise<void> | undefined

  constructor(
    private readonly ns: NamespaceState,
    private readonly backend: FileBackend,
    private readonly readOnly: boolean,
  ) {}

  /** A cursor on record `seq` (below the committed count), its chunk read when it could be. */
  async cursorAt(seq: number): Promise<RecordCursor> {
    // Whatever goes wrong with the file (a read failing included) only means there is no hint.
    this.loaded ??= this.load().catch(() => this.distrust())
    await this.loaded
    const added = this.ns.index.size
    const cursor = await this.trustedWalk(seq)
    if (this.ns.index.size - added >= SAVE_AFTER) this.saveSoon()
    return cursor
  }

  /**
   * Walks to `seq`; a wrong hint drops the file's entries and tries again. A concurrent walk may
   * still add what it landed with, so after a few tries the walk starts at offset 16, which
   * needs no hint at all.
   */
  private async trustedWalk(seq: number): Promise<RecordCursor> {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        return await this.walk(seq)
      } catch (error) {
        if (!(error instanceof WrongHint)) throw error
        this.distrust()
      }
    }
    const { committed } = this.ns
    return this.span(FIRST, { seq: committed.count - 1, offset: committed.lastIndex, claimed: false }, seq, false)
  }

  /** Writes the hint file if memory knows more than it (never for a follower), then stops. */
  async close(): Promise<void> {
    this.closing = true // a background fill stops at its next record
    await this.filling
    if (!this.readOnly) this.saving = this.saving.then(() => this.save()).catch(() => undefined)
    await this.saving
  }

  private distrust(): void {
    this.ns.index.dropClaimed()
    this.fileWrong = true
  }

  /** A cursor on `seq`, walked from the entry at or below it; see `span` for what is checked. */
  private walk(seq: number): Promise<RecordCursor> {
    const { index, committed } = this.ns
    const from = index.floor(seq)
    const tail: IndexEntry = { seq: committed.count - 1, offset: committed.lastIndex, claimed: false }
    return this.span(from, index.above(seq) ?? tail, seq, from.claimed)
  }

  /**
   * Walks the size fields from `from` towards `to` and returns a cursor on `target` (between the
   * two). A walk from a trusted start (offset 16, a commit, an earlier trusted walk) is the truth
   * and stops at the target. With `mustLand` it goes on to `to` and must reach it exactly after
   * `to.seq - from.seq` records; a walk from a claimed entry always must. Entries passed every
   * stride are added once the walk is known good; a claimed `to` reached from a trusted start is
   * proven.
   */
  private async span(from: IndexEntry, to: IndexEntry, target: number, mustLand: boolean): Promise<RecordCursor> {
    const claimed = from.claimed || to.claimed
    const stop = mustLand ? to.seq : target
    // Every record walked, and the target, ends at or before `to`: reading past it is waste.
    const limit = target < to.seq ? to.offset : this.ns.committed.end
    const cursor = new RecordCursor(this.ns, from.seq, from.offset)
    const passed: IndexEntry[] = []
    let kept = from.offset
    let mark = from.offset
    try {
      while (cursor.seq < stop) {
        if (cursor.seq === target) mark = cursor.position
        const skipped = cursor.skip(limit)
        if (isPromise(skipped)) await skipped
        if (cursor.position - kept >= INDEX_STRIDE && to.offset - cursor.position >= INDEX_STRIDE) {
          passed.push({ seq: cursor.seq, offset: cursor.position, claimed: from.claimed })
          kept = cursor.position
        }
      }
    } catch (error) {
      if (claimed && isImmutaError(error, 'CORRUPT_LOG')) throw new WrongHint()
      throw error
    }
    if (cursor.seq === target) mark = cursor.position
    if (mustLand) this.checkLanding(cursor.position, from, to)
    for (const entry of passed) this.ns.index.insert(entry)
    if (!mustLand && to.offset - mark > 2 * INDEX_STRIDE) this.fillSoon({ seq: target, offset: mark, claimed: from.claimed }, to)
    cursor.moveTo(target, mark)
    return cursor
  }

  /**
   * Indexes the rest of a gap that a get walked into (a log without an index file, or one a Go
   * writer grew), in the background: the caller has its record already, and the next get in
   * the gap, or the next process through the file, finds entries there.
   */
  private fillSoon(from: IndexEntry, to: IndexEntry): void {
    if (this.filling !== undefined || this.closing) return
    this.filling = this.fill(from, to)
      .catch(() => undefined)
      .finally(() => {
        this.filling = undefined
        this.saveSoon()
      })
  }

  private async fill(from: IndexEntry, to: IndexEntry): Promise<void> {
    const cursor = new RecordCursor(this.ns, from.seq, from.offset)
    let kept = from.offset
    let since = 0
    while (cursor.seq < to.seq && !this.closing) {
      const skipped = cursor.skip(to.offset)
      if (isPromise(skipped)) await skipped
      if (cursor.position - kept < INDEX_STRIDE || to.offset - cursor.position < INDEX_STRIDE) continue
      this.ns.index.insert({ seq: cursor.seq, offset: cursor.position, claimed: from.claimed })
      kept = cursor.position
      // A synchronous backend would walk a large gap in one go: let the event loop in every MiB.
      if (++since % 16 === 0) await new Promise((resolve) => setTimeout(resolve, 0))
    }
  }

  private checkLanding(position: number, from: IndexEntry, to: IndexEntry): void {
    if (position === to.offset) {
      if (!from.claimed && to.claimed) this.ns.index.prove(to.seq)
      return
    }
    if (from.claimed || to.claimed) throw new WrongHint()
    throw corrupt(this.ns.io.name, {
      offset: to.offset,
      reason: `walking the size fields from ${from.offset} does not reach record ${to.seq} at ${to.offset}`,
    })
  }

  /** Reads the hint file once; whatever is wrong with it only means there is no hint. */
  private async load(): Promise<void> {
    const bytes = await this.readFile().catch(() => undefined)
    if (bytes === undefined) return
    const file = decodeIndexFile(bytes)
    if (typeof file === 'string' || !(await this.stillCovers(file.covered))) {
      this.fileWrong = true
      return
    }
    this.fileCount = file.covered.count
    const { index } = this.ns
    for (const { seq, offset } of file.entries) {
      if (!index.insert({ seq, offset, claimed: true })) return this.distrust()
    }
    index.markSaved()
    await this.checkEnds(file.entries, file.covered).catch(() => this.distrust())
  }

  /**
   * Whether the log still holds the records the file was written for: the same header, or (after
   * a Go writer appended) a larger count whose covered last record still ends where it did.
   * A log with fewer records, or another last record, is not the one the file describes.
   */
  private async stillCovers(covered: { count: number; lastIndex: number; end: number }): Promise<boolean> {
    const { committed } = this.ns
    if (covered.count > committed.count) return false
    if (covered.count === committed.count) return covered.lastIndex === committed.lastIndex && covered.end === committed.end
    if (covered.count === 0) return true
    if (covered.end > committed.end) return false
    const field = new Uint8Array(SIZE_FIELD)
    const n = await this.ns.io.read(field, covered.lastIndex)
    return n === SIZE_FIELD && covered.lastIndex + SIZE_FIELD + readU64(field, 0) === covered.end
  }

  /**
   * The first and the last span of the file are walked once, against offset 16 and the covered
   * last record, both facts of the log: an index whose entries are all shifted fails here.
   */
  private async checkEnds(entries: readonly { seq: number; offset: number }[], covered: { count: number; lastIndex: number }): Promise<void> {
    const first = entries[0]
    const last = entries[entries.length - 1]
    if (first === undefined || last === undefined) return
    // Only short spans: opening must stay cheap when the file's entries stop far from an end.
    if (first.offset - HEADER_SIZE <= 2 * INDEX_STRIDE) await this.span(FIRST, { ...first, claimed: true }, 0, true)
    if (covered.lastIndex - last.offset > 2 * INDEX_STRIDE) return
    await this.span({ ...last, claimed: true }, { seq: covered.count - 1, offset: covered.lastIndex, claimed: false }, last.seq, true)
  }

  private async readFile(): Promise<Uint8Array> {
    const file = await this.backend.open(indexFileNameOf(this.ns.name), { readOnly: true })
    try {
      const size = await file.size()
      // A file larger than an entry per 8 bytes of log cannot be ours: not worth reading.
      if (size > HEADER_SIZE + this.ns.committed.end * 2 + 64) throw new Error('too large')
      const bytes = new Uint8Array(size)
      let done = 0
      while (done < size) {
        const n = await file.read(bytes.subarray(done), done)
        if (n <= 0) break
        done += n
      }
      return bytes.subarray(0, done)
    } finally {
      await Promise.resolve(file.close()).catch(() => undefined)
    }
  }

  /** Queues a write of the hint file, off every commit path; a failure only leaves the old hint. */
  private saveSoon(): void {
    if (this.readOnly || this.closing) return
    this.saving = this.saving.then(() => this.save()).catch(() => undefined)
  }

  private async save(): Promise<void> {
    const { index } = this.ns
    const covered = this.ns.committed
    const behind = this.fileCount !== undefined && this.fileCount < covered.count
    if (!index.dirty && !this.fileWrong && !behind) return
    if (index.size === 0 && !this.fileWrong && !behind) return
    const bytes = encodeIndexFile(covered, index.snapshot())
    index.markSaved()
    this.fileWrong = false
    this.fileCount = covered.count
    let file: BackendFile | undefined
    try {
      file = await this.backend.open(indexFileNameOf(this.ns.name), { readOnly: false })
      // Never synced: a torn or lost hint fails its checksum and is rebuilt.
      await file.write(bytes, 0)
      await file.truncate(bytes.length)
    } finally {
      if (file) await Promise.resolve(file.close()).catch(() => undefined)
    }
  }
}

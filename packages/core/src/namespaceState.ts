import { type ImmutaError, namespaceFailed, outcomeUnknown } from './errors.js'
import { type FileIO, isPromise } from './fileIO.js'
import type { Committed } from './format.js'
import { decodeHeader, encodeHeader, HEADER_SIZE } from './format.js'
import { RecordIndex } from './recordIndex.js'
import { readExactly } from './recovery.js'
import { Semaphore } from './semaphore.js'

/** Something waiting for the namespace to commit more records, or to close. */
export type Waiter = () => void

/**
 * One namespace of an open log: its file, what is committed, and who waits for more.
 * The committed triple changes only after a header write succeeded, all three at once, so a
 * reader never sees a count without the bytes that back it.
 */
export class NamespaceState {
  /** What readers see: changed only by `publish`. */
  committed: Committed
  /**
   * What the header said at open. Every later commit is counted from it, so it is the one
   * header that may disagree with the records it counts (a header that lies): streams check
   * it when they reach it.
   */
  readonly opened: Committed
  /** Set after a failed write, truncate or sync: the file is not trusted for writing any more. */
  private failure: ImmutaError | undefined
  /** The attempt, after a failure, to put back the last commit's header and length, while it runs. */
  private repair: Promise<void> | undefined
  /** The commit whose header write has started and not yet finished: a failure cannot take it back. */
  private headerInDoubt: Committed | undefined
  private readonly waiters = new Set<Waiter>()
  readonly readers: Semaphore
  /** Reused for every header write: writes of one namespace never overlap. */
  readonly headerScratch: Uint8Array = new Uint8Array(HEADER_SIZE)
  /** Where some records start, for `get`, `read` and `stream(ns, N)`; fed by every commit. */
  readonly index: RecordIndex = new RecordIndex()

  constructor(
    readonly name: string,
    readonly io: FileIO,
    committed: Committed,
    readerCount: number,
  ) {
    this.committed = committed
    this.opened = committed
    this.readers = new Semaphore(readerCount)
    this.index.observe(committed)
  }

  /** Makes `next` what readers see: its header is written (and synced, in durable mode). */
  publish(next: Committed): void {
    this.headerInDoubt = undefined
    this.committed = next
    this.index.observe(next)
    this.wake()
  }

  /** The header write of `next` starts: from here on a reader elsewhere may see it. */
  headerWriteStarts(next: Committed): void {
    this.headerInDoubt = next
  }

  /** True once a write failed: the namespace takes no more appends until the log is reopened. */
  get failed(): boolean {
    return this.failure !== undefined
  }

  /** The error appends get once the namespace has failed. */
  failedError(): ImmutaError {
    return namespaceFailed(this.name, this.failure)
  }

  /** The repair after a failure while it runs (see `fail`); close() waits for it. */
  get repairing(): Promise<void> | undefined {
    return this.repair
  }

  /**
   * After a failed write or sync the namespace stops writing (a failed fsync may have dropped
   * pages that a later successful one will not bring back). Answers the error the failed commit
   * reports.
   *
   * Before the header write, nothing counts the new records: the header and length of the last
   * commit are put back, once and without waiting, so a write that failed half way leaves no
   * record for the next opener to find. Once the header write has started, a follower may have
   * read the new header and delivered its records: the commit's outcome is unknown (IO_ERROR,
   * `details.outcome: 'unknown'`), and the header is read back. When it holds the new commit it
   * is never taken back, and this process serves the commit too; only a header that holds
   * anything else (the old one, or a torn mix that no reader can take as a commit) is put back.
   */
  fail(error: ImmutaError): ImmutaError {
    if (this.failure) return error
    this.failure = error
    const inDoubt = this.headerInDoubt
    this.headerInDoubt = undefined
    if (!inDoubt) {
      this.restoreLastCommit()
      return error
    }
    this.repair = headerOnFile(this.io).then(
      (onFile) => {
        if (onFile.count === inDoubt.count && onFile.lastIndex === inDoubt.lastIndex) this.publish(inDoubt)
        else return this.restoreLastCommit()
      },
      () => undefined,
    )
    return outcomeUnknown(this.io.name, error, inDoubt.count)
  }

  /** Puts back the header and length of the last commit, once; close() waits for it. */
  private restoreLastCommit(): Promise<void> | undefined {
    const { committed, io } = this
    const restore = new Uint8Array(HEADER_SIZE)
    try {
      const header = io.write(encodeHeader(restore, committed), 0)
      const truncated = isPromise(header) ? header.then(() => io.truncate(committed.end)) : io.truncate(committed.end)
      // close() waits for this, so the repair never reaches a file that is already closed.
      if (!isPromise(truncated)) return undefined
      const repair = truncated.catch(() => undefined)
      this.repair = repair
      return repair
    } catch {
      // The backend is failing; the next writer's recovery decides what the file holds.
      return undefined
    }
  }

  addWaiter(waiter: Waiter): void {
    this.waiters.add(waiter)
  }

  removeWaiter(waiter: Waiter): void {
    this.waiters.delete(waiter)
  }

  get hasWaiters(): boolean {
    return this.waiters.size > 0
  }

  /** Wakes every waiter; each looks again at what changed (new records, close, done). */
  wake(): void {
    if (this.waiters.size === 0) return
    const woken = [...this.waiters]
    this.waiters.clear()
    for (const waiter of woken) waiter()
  }
}

async function headerOnFile(io: FileIO): Promise<{ count: number; lastIndex: number }> {
  return decodeHeader(await readExactly(io, HEADER_SIZE, 0))
}

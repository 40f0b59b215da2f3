import type { ImmutaError } from './errors.js'
import type { FileIO } from './fileIO.js'
import { HEADER_SIZE } from './header.js'
import { RecordIndex } from './recordIndex.js'
import type { Committed } from './recovery.js'
import { Semaphore } from './semaphore.js'

/** Something waiting for the namespace to commit more records, or to close. */
export type Waiter = () => void

/**
 * One namespace of an open log: its file, what is committed, and who waits for more.
 * The committed triple changes only after a header write succeeded, all three at once, so a
 * reader never sees a count without the bytes that back it.
 */
export class NamespaceState {
  committed: Committed
  /**
   * What the header said at open. Every later commit is counted from it, so it is the one
   * header that may disagree with the records it counts (a header that lies): streams check
   * it when they reach it.
   */
  readonly opened: Committed
  /** Set after a failed write, truncate or sync: the file is not trusted for writing any more. */
  failure: ImmutaError | undefined
  /** The attempt, after a failure, to put back the last commit's header and length, while it runs. */
  repair: Promise<void> | undefined
  /** The commit whose header write has started and not yet finished: a failure cannot take it back. */
  headerInDoubt: Committed | undefined
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

  commit(next: Committed): void {
    this.committed = next
    this.index.observe(next)
    this.wake()
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

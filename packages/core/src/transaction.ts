import { isWritableBytes } from './appendData.js'
import type { CloseNotice } from './closeNotice.js'
import { type ImmutaError, transactionClosed, transactionRolledBack, unreadableBytes } from './errors.js'
import { isPromise } from './fileIO.js'
import { flushBatch } from './flush.js'
import type { Committed } from './format.js'
import type { NamespaceState } from './namespaceState.js'
import { isCopied, RecordBatch, writeBatch } from './recordLayout.js'
import type { AppendData, AppendResult } from './types.js'
import type { Writer } from './writer.js'

/** What a transaction needs from the log that began it. */
export interface TransactionContext {
  ns: NamespaceState
  writer: Writer
  durable: boolean
  /** Encodes and write-transforms a payload; rejects with TRANSFORM_FAILED. */
  prepare(data: AppendData): Uint8Array | Promise<Uint8Array>
  /** Fires when the log closes: a write transform that never answers does not hold close. */
  closed: CloseNotice
  /** Throws STORAGE_CLOSED once the log is closed. */
  checkOpen(): void
  /** Called when the transaction ends, however it ends. */
  ended(tx: Transaction): void
}

/**
 * Records past this many bytes are written to the file before commit (past the committed end,
 * where no reader looks), so that a large transaction does not sit in memory.
 */
const SPILL_BYTES = 1 << 20

/**
 * Appends that become visible together, or not at all. Records wait in memory (or, past
 * 1 MiB of them, in the file beyond the committed end); commit writes what is left and then one
 * header that counts them all. Rollback drops them; if any reached the file it is truncated back
 * to its length before the transaction, so the file is byte-identical to before.
 */
export class Transaction {
  private state: 'open' | 'ending' | 'ended' = 'open'
  private readonly granted: Promise<void>
  private start: Committed | undefined
  private pending: RecordBatch | undefined
  private spilledEnd = 0
  private spilledCount = 0
  private lastIndex = 0
  private tail: Promise<unknown> = Promise.resolve()
  /** The first `tx.append` that failed, awaited or not: commit then rolls back and rejects with it. */
  private failure: unknown
  /** Why the writer was never granted (the signal's reason, or close): every call rejects with it. */
  private refusedWith: unknown

  /** @internal `signal` bounds the wait for the namespace's writer. */
  constructor(
    private readonly ctx: TransactionContext,
    signal?: AbortSignal,
  ) {
    this.granted = new Promise<void>((grant, cancel) => {
      const refused = (reason: unknown): void => {
        // Never granted: there is no writer to release, and nothing to roll back.
        this.state = 'ended'
        this.refusedWith = reason
        ctx.ended(this)
        cancel(reason)
      }
      ctx.writer.enqueue({ grant, cancel: refused }, signal)
    })
    this.granted.catch(() => undefined)
  }

  /** The namespace this transaction writes to. */
  get namespace(): string {
    return this.ctx.ns.name
  }

  /** True once the transaction committed or rolled back. */
  get closed(): boolean {
    return this.state !== 'open'
  }

  /** Stages one record. Its index and seq are where it will be once the transaction commits. */
  append(data: AppendData): Promise<AppendResult> {
    const refused = this.refusal()
    if (refused !== undefined) return Promise.reject(refused)
    const staged = this.serially(() => this.stage(data))
    staged.catch((error: unknown) => {
      this.failure ??= error
    })
    return staged
  }

  /** Makes every staged record visible at once. Rejects TRANSACTION_CLOSED when already ended. */
  commit(): Promise<void> {
    const refused = this.refusal()
    if (refused !== undefined) return Promise.reject(refused)
    this.state = 'ending'
    return this.serially(() => this.finish(true))
  }

  /** Drops every staged record; the file is left as it was before the transaction. */
  rollback(): Promise<void> {
    const refused = this.refusal()
    if (refused !== undefined) return Promise.reject(refused)
    this.state = 'ending'
    return this.serially(() => this.finish(false))
  }

  /** `await using tx = log.begin(ns)`: leaving the scope without commit rolls back. */
  async [Symbol.asyncDispose](): Promise<void> {
    if (this.state === 'open') await this.rollback()
  }

  /** @internal Rolls back at close, whatever the caller is doing. */
  abort(): Promise<void> {
    if (this.state !== 'open') return this.tail.then(() => undefined)
    this.state = 'ending'
    return this.serially(() => this.finish(false))
  }

  /** After close every call is STORAGE_CLOSED, whatever state the transaction was left in. */
  private refusal(): unknown {
    try {
      this.ctx.checkOpen()
    } catch (error) {
      return error
    }
    if (this.refusedWith !== undefined) return this.refusedWith
    return this.state === 'open' ? undefined : transactionClosed()
  }

  /** Runs tx calls one after another, in call order, each once the writer is ours. */
  private serially<T>(step: () => Promise<T>): Promise<T> {
    const run = this.tail.then(() => this.granted).then(step)
    this.tail = run.catch(() => undefined)
    return run
  }

  private async stage(data: AppendData): Promise<AppendResult> {
    const { ns } = this.ctx
    if (ns.failed) throw ns.failedError()
    const prepared = this.ctx.prepare(data)
    const payload = keep(isPromise(prepared) ? await this.ctx.closed.race(prepared) : prepared, data)
    // Checked again here: the caller's buffer may have been detached while this call waited its turn.
    if (!isWritableBytes(payload)) throw unreadableBytes(undefined)
    this.start ??= ns.committed
    this.pending ??= new RecordBatch(this.spilledEnd || this.start.end)
    const index = this.pending.add(payload)
    this.lastIndex = index
    const seq = this.start.count + this.spilledCount + this.pending.count - 1
    if (this.pending.bytes >= SPILL_BYTES) await this.spill()
    return { index, seq, size: payload.length }
  }

  private async spill(): Promise<void> {
    const batch = this.pending as RecordBatch
    try {
      await writeBatch(this.ctx.ns.io, batch)
    } catch (error) {
      this.ctx.ns.fail(error as ImmutaError)
      throw error
    }
    this.spilledEnd = batch.end
    this.spilledCount += batch.count
    this.pending = undefined
  }

  private async finish(commit: boolean): Promise<void> {
    try {
      if (commit) await this.commitStaged()
      else await this.dropStaged()
    } finally {
      this.state = 'ended'
      this.ctx.writer.release()
      this.ctx.ended(this)
    }
  }

  private async commitStaged(): Promise<void> {
    const { ns } = this.ctx
    if (this.failure !== undefined) {
      await this.dropStaged()
      throw transactionRolledBack(this.failure)
    }
    if (ns.failed) throw ns.failedError()
    const start = this.start
    if (!start) return // nothing staged: nothing to write
    const batch = this.pending ?? new RecordBatch(this.spilledEnd)
    const count = this.spilledCount + batch.count
    const next: Committed = { count: start.count + count, lastIndex: this.lastIndex, end: batch.end }
    try {
      await flushBatch(ns, this.ctx.durable, batch, next)
    } catch (error) {
      throw ns.fail(error as ImmutaError)
    }
  }

  private async dropStaged(): Promise<void> {
    const { ns } = this.ctx
    if (this.spilledCount === 0 || !this.start) return
    try {
      await ns.io.truncate(this.start.end)
    } catch (error) {
      ns.fail(error as ImmutaError)
      throw error
    }
  }
}

/**
 * What commit keeps of the caller's bytes. RecordBatch copies payloads up to COPY_LIMIT (isCopied) and holds
 * larger ones by reference until commit; a caller may reuse its buffer once `tx.append` resolved,
 * so those are copied here. A write transform's output is the engine's own and is never copied.
 */
function keep(payload: Uint8Array, data: unknown): Uint8Array {
  if (payload !== data || isCopied(payload.length)) return payload
  // Not payload.slice(): on a Node Buffer that is a view of the same memory, not a copy.
  const copy = new Uint8Array(payload.length)
  copy.set(payload)
  return copy
}

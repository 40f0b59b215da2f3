import { RecordCursor, type StoredRecord } from './cursor.js'
import { ImmutaError } from './errors.js'
import { isPromise } from './fileIO.js'
import type { NamespaceState } from './namespaceState.js'
import type { LogRecord } from './types.js'

/** What a stream needs from the log that made it. */
export interface StreamHost {
  readonly ns: NamespaceState
  /** Applies the read transform; rejects with TRANSFORM_FAILED. Undefined when there is none. */
  readonly transform: ((payload: Uint8Array, record: StoredRecord) => Uint8Array | Promise<Uint8Array>) | undefined
  isClosed(): boolean
  /** A stream is about to wait for new records (followers start polling). */
  waiting(): void
  /** `stream(ns, N)` within the count: a cursor already on record N, found without walking from 0. */
  readonly seek?: () => Promise<RecordCursor>
}

export interface NextOptions {
  /** Aborting rejects the pending `next()` with the signal's reason (a `TimeoutError` for `AbortSignal.timeout`). */
  signal?: AbortSignal
}

/**
 * Reads one namespace in order, from where `log.stream(ns, start)` put it, and then waits for
 * new records for as long as the log is open. It sees only committed records, each once.
 */
export class LogStream implements AsyncIterable<LogRecord> {
  private cursor: RecordCursor
  private seek: (() => Promise<RecordCursor>) | undefined
  private finished = false
  private wake: (() => void) | undefined
  /** The last `next()` still to settle; a new call waits for it, so calls are answered in order. */
  private tail: Promise<unknown> = Promise.resolve()
  private pending = 0

  /** @internal */
  constructor(
    private readonly host: StreamHost,
    seq: number,
    position: number,
    /** Records before this seq are passed over without being delivered (`stream(ns, N)`). */
    private readonly firstSeq: number,
  ) {
    this.cursor = new RecordCursor(host.ns, seq, position)
    this.seek = host.seek
  }

  /**
   * The next committed record, waiting for one when the stream is at the end. Rejects with the
   * signal's reason when it aborts, and with STORAGE_CLOSED once the log is closed or the stream
   * is done. Calls made while one is pending are answered in order.
   */
  next(options?: NextOptions): Promise<LogRecord> {
    const signal = options?.signal
    if (this.pending === 0) {
      const ready = this.nextBuffered(signal)
      if (ready) return ready
    }
    this.pending++
    const run = this.pending === 1 ? this.read(signal) : this.tail.then(() => this.read(signal))
    const settle = (): void => {
      this.pending--
    }
    this.tail = run.then(settle, settle)
    return run
  }

  /** Stops the stream: a pending `next()` rejects with STORAGE_CLOSED, a `for await` ends. */
  done(): void {
    this.finished = true
    this.wake?.()
  }

  [Symbol.dispose](): void {
    this.done()
  }

  /** `for await` ends normally when the log closes or the stream is done; leaving the loop ends the stream. */
  [Symbol.asyncIterator](): AsyncIterator<LogRecord> {
    const ended = (error: unknown): IteratorResult<LogRecord> => {
      if (error instanceof ImmutaError && error.code === 'STORAGE_CLOSED') return { done: true, value: undefined }
      throw error
    }
    return {
      next: () => this.next().then((value) => ({ done: false, value }), ended),
      return: async () => {
        this.done()
        return { done: true, value: undefined }
      },
    }
  }

  /**
   * The hot path: a record already in the cursor's chunk, no transform, nothing pending, is
   * delivered without an async function or a wait.
   */
  private nextBuffered(signal: AbortSignal | undefined): Promise<LogRecord> | undefined {
    if (this.host.transform || this.cursor.seq < this.firstSeq || signal?.aborted) return undefined
    if (this.host.isClosed() || this.finished) return undefined
    const record = this.cursor.takeBuffered(this.host.ns.committed.end)
    return record === undefined ? undefined : Promise.resolve(record)
  }

  private async read(signal: AbortSignal | undefined): Promise<LogRecord> {
    const { ns } = this.host
    for (;;) {
      this.checkOpen()
      signal?.throwIfAborted()
      const { end } = ns.committed
      if (this.cursor.position >= end) {
        await this.waitForCommit(signal)
        continue
      }
      if (this.seek !== undefined && this.cursor.seq < this.firstSeq) {
        const seek = this.seek
        this.seek = undefined // tried once: should it fail, the stream walks from where it is
        this.cursor = await seek()
        continue
      }
      if (this.cursor.seq < this.firstSeq) {
        const skipped = this.cursor.skip(end)
        if (isPromise(skipped)) await skipped
        continue
      }
      const stored = this.cursor.next(end)
      return this.deliver(isPromise(stored) ? await stored : stored)
    }
  }

  private async deliver(stored: StoredRecord): Promise<LogRecord> {
    const { transform } = this.host
    let data = stored.payload
    if (transform) {
      try {
        const out = transform(stored.payload, stored)
        data = isPromise(out) ? await out : out
      } catch (error) {
        this.cursor.rewind(stored) // a record that does not transform is not skipped silently
        throw error
      }
    }
    return { seq: stored.seq, index: stored.index, size: stored.payload.length, data }
  }

  private checkOpen(): void {
    if (this.host.isClosed()) throw new ImmutaError('STORAGE_CLOSED', 'the log is closed')
    if (this.finished) throw new ImmutaError('STORAGE_CLOSED', 'the stream is done')
  }

  /** Resolves when the namespace commits, the log closes or the stream is done; rejects on abort. */
  private waitForCommit(signal: AbortSignal | undefined): Promise<void> {
    const { ns } = this.host
    return new Promise<void>((resolve, reject) => {
      const cleanup = (): void => {
        ns.removeWaiter(onWake)
        signal?.removeEventListener('abort', onAbort)
        this.wake = undefined
      }
      const onWake = (): void => {
        cleanup()
        resolve()
      }
      const onAbort = (): void => {
        cleanup()
        reject(signal?.reason)
      }
      this.wake = onWake
      ns.addWaiter(onWake)
      signal?.addEventListener('abort', onAbort, { once: true })
      this.host.waiting()
    })
  }
}

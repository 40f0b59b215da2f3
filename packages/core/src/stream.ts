import { abortable } from './abortable.js'
import { RecordCursor } from './cursor.js'
import { corrupt, ImmutaError, storageClosed } from './errors.js'
import { isPromise } from './fileIO.js'
import { holdProcess, releaseProcess } from './keepAlive.js'
import type { NamespaceState } from './namespaceState.js'
import type { ReadTransform } from './transforms.js'
import type { LogRecord } from './types.js'

/** What a stream needs from the log that made it. */
export interface StreamHost {
  readonly ns: NamespaceState
  /** Applies the read transform; rejects with TRANSFORM_FAILED. Undefined when there is none. */
  readonly transform: ReadTransform | undefined
  isClosed(): boolean
  /** A stream is about to wait for new records (followers start polling). */
  waiting(): void
  /** `stream(ns, N)` within the count: a cursor already on record N, found without walking from 0. */
  readonly seek?: () => Promise<RecordCursor>
}

/** Options of `stream.next()`. */
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
  /**
   * Until the stream has passed the header read at open (the namespace's `opened`), the seq
   * and position where it must pass it; after that, never reached.
   */
  private checkSeq = Number.MAX_SAFE_INTEGER
  private checkEnd = Number.POSITIVE_INFINITY
  /** A start still to be fixed by a fresh read of the header (`stream(ns, -1)` on a follower). */
  private starting: Promise<{ count: number; end: number }> | undefined

  /** @internal */
  constructor(
    private readonly host: StreamHost,
    seq: number,
    position: number,
    /** Records before this seq are passed over without being delivered (`stream(ns, N)`). */
    private readonly firstSeq: number,
    starting?: Promise<{ count: number; end: number }>,
  ) {
    this.cursor = new RecordCursor(host.ns, seq, position)
    this.starting = starting
    const { opened } = host.ns
    if (seq < opened.count) {
      this.checkSeq = opened.count
      this.checkEnd = opened.end
    }
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
    // A call queued behind another answers its own signal at once; its read, when its turn
    // comes, sees the signal aborted and takes no record.
    return signal === undefined || this.pending === 1 ? run : abortable(run, signal)
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
    const { cursor } = this
    if (this.host.transform || cursor.seq < this.firstSeq || cursor.seq >= this.checkSeq || signal?.aborted) return undefined
    if (this.host.isClosed() || this.finished) return undefined
    const record = cursor.takeBuffered(Math.min(this.host.ns.committed.end, this.checkEnd))
    return record === undefined ? undefined : Promise.resolve(record)
  }

  private async read(signal: AbortSignal | undefined): Promise<LogRecord> {
    try {
      return await this.readNext(signal)
    } catch (error) {
      // A read in flight when close() closed the file fails with the backend's EBADF: that is close's doing.
      if (this.host.isClosed() && !(error instanceof ImmutaError && error.code === 'STORAGE_CLOSED')) {
        throw storageClosed('the log was closed during the read', error)
      }
      throw error
    }
  }

  private async readNext(signal: AbortSignal | undefined): Promise<LogRecord> {
    const { ns } = this.host
    if (this.starting) await this.fixStart()
    for (;;) {
      this.checkOpen()
      signal?.throwIfAborted()
      if (this.cursor.seq >= this.checkSeq || this.cursor.position >= this.checkEnd) this.passOpenedHeader()
      const end = Math.min(ns.committed.end, this.checkEnd)
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
      const record = this.cursor.next(end)
      return this.deliver(isPromise(record) ? await record : record)
    }
  }

  /** Starts after every record the header commits now (the read started when the stream was made). */
  private async fixStart(): Promise<void> {
    const fresh = await this.starting
    this.starting = undefined
    if (fresh && fresh.count > this.cursor.seq) {
      this.cursor.seq = fresh.count
      this.cursor.position = fresh.end
    }
  }

  /**
   * The records before the header read at open must end exactly where it says, with exactly
   * the count it says; otherwise the seqs this stream delivers would differ from the seqs
   * `append` answers for the same records. Checked before any record past that point is served.
   */
  private passOpenedHeader(): void {
    const { seq, position } = this.cursor
    if (seq === this.checkSeq && position === this.checkEnd) {
      this.checkSeq = Number.MAX_SAFE_INTEGER
      this.checkEnd = Number.POSITIVE_INFINITY
      return
    }
    const { opened, io } = this.host.ns
    const reason =
      seq < opened.count
        ? `the header counts ${opened.count} records up to ${opened.end}, but only ${seq} end there`
        : `the header counts ${opened.count} records, but more start before its committed end ${opened.end}`
    throw corrupt(io.name, { offset: position, reason })
  }

  private async deliver(record: LogRecord): Promise<LogRecord> {
    const { transform } = this.host
    if (!transform) return record
    try {
      const out = transform(record)
      return isPromise(out) ? await out : out
    } catch (error) {
      this.cursor.rewind(record) // a record that does not transform is not skipped silently
      throw error
    }
  }

  private checkOpen(): void {
    if (this.host.isClosed()) throw storageClosed()
    if (this.finished) throw storageClosed('the stream is done')
  }

  /** Resolves when the namespace commits, the log closes or the stream is done; rejects on abort. */
  private waitForCommit(signal: AbortSignal | undefined): Promise<void> {
    const { ns } = this.host
    return new Promise<void>((resolve, reject) => {
      let waiting = true
      const cleanup = (): void => {
        if (!waiting) return
        waiting = false
        releaseProcess()
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
      holdProcess()
      ns.addWaiter(onWake)
      signal?.addEventListener('abort', onAbort, { once: true })
      this.host.waiting()
    })
  }
}

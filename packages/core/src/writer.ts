import { describeValue, isWritableBytes } from './appendData.js'
import type { CloseNotice } from './closeNotice.js'
import { type ImmutaError, invalidAppendData, isImmutaError, unreadableBytes, writeFailed } from './errors.js'
import { isPromise } from './fileIO.js'
import { flushBatch, flushWritten } from './flush.js'
import { type Committed, recordEnd } from './format.js'
import { holdProcess, releaseProcess } from './keepAlive.js'
import type { NamespaceState } from './namespaceState.js'
import { RecordBatch, slabBytes, writeRecord } from './recordLayout.js'
import type { AppendResult } from './types.js'

/** A job that an `AbortSignal` may take out of the queue while it waits for the writer. */
interface Abortable {
  signal?: AbortSignal | undefined
  onAbort?: (() => void) | undefined
}

/** A single append waiting for its turn. `payload` is a promise while an async transform runs. */
interface PendingAppend extends Abortable {
  payload: Uint8Array | Promise<Uint8Array>
  /**
   * The payload's length when its batch was laid out. The answer is built from this, not from
   * `payload`: a caller may transfer its buffer while the batch is written, and the record on
   * disk keeps the length it was laid out with.
   */
  size: number
  resolve(result: AppendResult): void
  reject(error: unknown): void
}

/**
 * A queued append as a class: one object of one shape per record in flight. A literal with two
 * closures (the executor's and the entry's) was two more objects per append, and with 10,000
 * appends in flight the garbage collector's time went up by a third (issue 19's profile).
 */
class QueuedAppend implements PendingAppend {
  onAbort: (() => void) | undefined = undefined
  size = 0
  constructor(
    public payload: Uint8Array | Promise<Uint8Array>,
    readonly resolve: (result: AppendResult) => void,
    readonly reject: (error: unknown) => void,
    readonly signal: AbortSignal | undefined,
  ) {}
}

/**
 * One promise executor for every queued append, instead of a closure per append: it hands the
 * resolving functions over through these two slots, read right after `new Promise` returns.
 */
let takenResolve: (result: AppendResult) => void = () => undefined
let takenReject: (error: unknown) => void = () => undefined
function takeResolvers(resolve: (result: AppendResult) => void, reject: (error: unknown) => void): void {
  takenResolve = resolve
  takenReject = reject
}

/** A transaction waiting for the writer; `grant` hands it over, `cancel` refuses it. */
export interface WriterTicket extends Abortable {
  grant(): void
  cancel(error: unknown): void
}

type Job = PendingAppend | WriterTicket

const isTicket = (job: Job): job is WriterTicket => 'grant' in job

/**
 * Batches that fit are laid out in this per-writer scratch and not in a fresh buffer: a new
 * Uint8Array above 64 bytes lives outside the V8 heap and costs about 0.8 µs to allocate, a
 * tenth of a whole 100-byte append. Reuse is safe because one writer's writes never overlap.
 * 16 KiB holds any one copied record (COPY_LIMIT) and about 150 records of 100 bytes; a larger
 * batch gets a buffer of its own, a cost spread over its records. Per namespace written.
 */
const SCRATCH_BYTES = 16 * 1024

/**
 * Schedules the writer's turns. Node's `queueMicrotask` builds an AsyncResource per call; a
 * reaction on a settled promise is the same microtask without it.
 */
const resolved = Promise.resolve()

/**
 * The single writer of one namespace: where an append becomes bytes on disk. A record is laid
 * out by recordLayout.ts and made committed by flush.ts (records -> sync -> header -> sync ->
 * publish).
 *
 * Appends queue in call order; whenever the writer is free, every append queued up to the next
 * transaction is written as one batch: one (vectored) write of the records and one header write,
 * whatever their number (group commit). A transaction takes the writer for as long as it is open.
 *
 * An append to an idle writer is written at once, inside the call; the writer then stays busy
 * until a microtask later, so the appends made in the rest of that tick queue up and share the
 * next flush. With a backend that answers synchronously a flush runs without awaiting anything.
 */
export class Writer {
  private queue: Job[] = []
  private busy = false
  private scheduled = false
  /**
   * Whether an append to an idle writer is written at once. Not in durable mode, and not while
   * commits wait for the backend (a thread-pool write): callers that resume together after a
   * commit would otherwise find the writer idle, and the first one's record would go alone,
   * splitting group commit into a batch of one and a batch of the rest (64 durable appenders:
   * two syncs for 1 record, two for 63). The last commit's answer decides.
   */
  private immediate: boolean
  private idle: Array<() => void> = []
  /** Allocated on the first write: a namespace that is never written costs nothing. */
  private scratchBytes: Uint8Array | undefined
  private readonly pumpBound = (): void => this.pump()
  private readonly drainBound = (): void => this.drain()

  constructor(
    private readonly ns: NamespaceState,
    private readonly durable: boolean,
    /** Fires when the log closes: appends still waiting for their write transform give up. */
    private readonly closed: CloseNotice,
  ) {
    this.immediate = !durable
  }

  /** `signal` bounds the time the append waits in the queue; once it is being written it is not withdrawn. */
  append(payload: Uint8Array | Promise<Uint8Array>, signal?: AbortSignal): Promise<AppendResult> {
    if (signal?.aborted) return Promise.reject(signal.reason)
    if (this.immediate && !this.busy && this.queue.length === 0 && !isPromise(payload)) return this.appendNow(payload)
    const promise = new Promise<AppendResult>(takeResolvers)
    const job = new QueuedAppend(payload, takenResolve, takenReject, signal)
    this.queue.push(job)
    if (signal) this.withdrawOnAbort(job, signal, job.reject)
    this.schedule()
    return promise
  }

  /** Queues a transaction behind every append and transaction already queued. */
  enqueue(ticket: WriterTicket, signal?: AbortSignal): void {
    if (signal?.aborted) {
      ticket.cancel(signal.reason)
      return
    }
    this.queue.push(ticket)
    if (signal) this.withdrawOnAbort(ticket, signal, (reason) => ticket.cancel(reason))
    this.schedule()
  }

  /** A transaction that held the writer ended. */
  release(): void {
    this.busy = false
    this.pump()
  }

  /** Resolves once nothing is queued or being written. */
  drained(): Promise<void> {
    if (!this.busy && this.queue.length === 0) return Promise.resolve()
    return new Promise((resolve) => this.idle.push(resolve))
  }

  /** Refuses every queued transaction (at close); queued appends are still written. */
  cancelTickets(error: ImmutaError): void {
    const tickets = this.queue.filter(isTicket)
    this.queue = this.queue.filter((job) => !isTicket(job))
    for (const ticket of tickets) {
      stopWatching(ticket)
      ticket.cancel(error)
    }
  }

  /** Takes `job` out of the queue when `signal` aborts before the writer reaches it. */
  /**
   * A wait for the writer that a signal bounds keeps the process alive until it ends, as a
   * waiting `next()` does (keepAlive.ts): `AbortSignal.timeout` is unref'd, and a transaction
   * nested on its own namespace with a timeout must end in the TimeoutError, not exit code 13.
   */
  private withdrawOnAbort(job: Job, signal: AbortSignal, refuse: (reason: unknown) => void): void {
    job.signal = signal
    job.onAbort = () => {
      job.onAbort = undefined
      releaseProcess()
      const at = this.queue.indexOf(job)
      if (at === -1) return
      this.queue.splice(at, 1)
      refuse(signal.reason)
    }
    signal.addEventListener('abort', job.onAbort, { once: true })
    holdProcess()
  }

  /**
   * The fast path of a sequential writer: nothing queued, nothing in flight. The record goes to
   * the backend now, with no queue entry, no promise executor and no microtask before the write;
   * only the release of the writer waits for a microtask (see the class comment).
   */
  private appendNow(payload: Uint8Array): Promise<AppendResult> {
    this.busy = true
    const outcome = this.writeOne(payload)
    if (isPromise(outcome)) {
      this.immediate = false
      outcome.then(this.drainBound, this.drainBound)
      return outcome
    }
    resolved.then(this.drainBound)
    return Promise.resolve(outcome)
  }

  /**
   * Writes and commits one record; a failure comes back as a rejected promise, never thrown.
   * Only the backend's failures (always ImmutaErrors, from FileIO) fail the namespace: bytes
   * that throw when read are refused before anything reaches the file.
   */
  private writeOne(payload: Uint8Array): AppendResult | Promise<AppendResult> {
    const { ns } = this
    if (ns.failed) return Promise.reject(ns.failedError())
    const { count, end: index } = ns.committed
    try {
      const size = payload.length
      const result: AppendResult = { index, seq: count, size }
      const next: Committed = { count: count + 1, lastIndex: index, end: recordEnd(index, size) }
      const done = flushWritten(ns, this.durable, writeRecord(ns.io, this.scratch(), payload, index), next)
      if (!isPromise(done)) return result
      return done.then(
        () => result,
        (error: unknown) => {
          throw this.failWith(error)
        },
      )
    } catch (error) {
      return Promise.reject(isImmutaError(error) ? this.failWith(error) : invalidAppendData(describeValue(payload), error))
    }
  }

  private scratch(): Uint8Array {
    this.scratchBytes ??= new Uint8Array(SCRATCH_BYTES)
    return this.scratchBytes
  }

  private schedule(): void {
    if (this.busy || this.scheduled) return
    this.scheduled = true
    resolved.then(this.pumpBound)
  }

  private pump(): void {
    this.scheduled = false
    if (this.busy) return
    this.busy = true
    this.drain()
  }

  /** Works through the queue while it holds the writer; comes back here after an async flush. */
  private drain(): void {
    while (this.queue.length > 0) {
      const head = this.queue[0] as Job
      if (isTicket(head)) {
        this.queue.shift()
        stopWatching(head)
        head.grant()
        return // the transaction releases the writer when it ends
      }
      const flushed = this.flush(this.takeAppends())
      const waits = isPromise(flushed)
      this.immediate = !waits && !this.durable
      if (waits) {
        flushed.then(this.drainBound)
        return
      }
    }
    this.busy = false
    if (this.idle.length > 0) this.notifyIdle()
  }

  /** Takes the run of appends at the head of the queue, up to the first transaction. */
  private takeAppends(): PendingAppend[] {
    const stop = this.queue.findIndex(isTicket)
    let taken: PendingAppend[]
    if (stop === -1) {
      taken = this.queue as PendingAppend[]
      this.queue = []
    } else {
      taken = this.queue.splice(0, stop) as PendingAppend[]
    }
    for (let i = 0; i < taken.length; i++) stopWatching(taken[i] as PendingAppend)
    return taken
  }

  /** Writes one batch; never throws: each append's promise carries its own outcome. */
  private flush(appends: PendingAppend[]): void | Promise<void> {
    if (appends.some((a) => isPromise(a.payload))) {
      return settlePayloads(appends, this.closed).then((ready) => this.write(ready))
    }
    return this.write(appends as ReadyAppend[])
  }

  private write(all: ReadyAppend[]): void | Promise<void> {
    const { ns } = this
    if (ns.failed) return rejectAll(all, ns.failedError())
    const start = ns.committed
    let appends = all
    let batch: RecordBatch
    try {
      batch = this.layout(appends, start.end)
    } catch {
      // A buffer detached (transferred) after its append was called: only now can it be told.
      appends = refuseUnwritable(all)
      try {
        batch = this.layout(appends, start.end)
      } catch (error) {
        return rejectAll(appends, unreadableBytes(error))
      }
    }
    if (appends.length === 0) return
    const next: Committed = { count: start.count + batch.count, lastIndex: batch.lastIndex, end: batch.end }
    try {
      const done = flushBatch(ns, this.durable, batch, next)
      if (isPromise(done)) {
        return done.then(
          () => resolveAll(appends, batch, start.count),
          (error: unknown) => this.fail(appends, error),
        )
      }
      resolveAll(appends, batch, start.count)
    } catch (error) {
      this.fail(appends, error)
    }
  }

  /** Lays the records out in memory; throws (having written nothing) on bytes that cannot be read. */
  private layout(appends: ReadyAppend[], start: number): RecordBatch {
    const need = slabBytes(appends)
    const batch = new RecordBatch(start, need <= SCRATCH_BYTES ? this.scratch() : new Uint8Array(need))
    for (let i = 0; i < appends.length; i++) {
      const a = appends[i] as ReadyAppend
      a.size = a.payload.length
      batch.add(a.payload)
    }
    return batch
  }

  private fail(appends: ReadyAppend[], error: unknown): void {
    rejectAll(appends, this.failWith(error))
  }

  /** Marks the namespace failed (see NamespaceState.fail) and answers the error appends get. */
  private failWith(error: unknown): ImmutaError {
    return this.ns.fail(writeFailed(error))
  }

  private notifyIdle(): void {
    const idle = this.idle
    this.idle = []
    for (const resolve of idle) resolve()
  }
}

interface ReadyAppend extends PendingAppend {
  payload: Uint8Array
}

function resolveAll(appends: ReadyAppend[], batch: RecordBatch, firstSeq: number): void {
  let index = batch.start
  for (let i = 0; i < appends.length; i++) {
    const a = appends[i] as ReadyAppend
    a.resolve({ index, seq: firstSeq + i, size: a.size })
    index = recordEnd(index, a.size)
  }
}

function rejectAll(appends: PendingAppend[], error: unknown): void {
  for (const a of appends) a.reject(error)
}

function stopWatching(job: Job): void {
  if (job.onAbort === undefined) return
  job.signal?.removeEventListener('abort', job.onAbort)
  job.onAbort = undefined
  releaseProcess()
}

/** Rejects the appends whose bytes cannot be read (INVALID_ARGUMENT) and answers the others. */
function refuseUnwritable(appends: ReadyAppend[]): ReadyAppend[] {
  const writable: ReadyAppend[] = []
  for (const a of appends) {
    if (isWritableBytes(a.payload)) writable.push(a)
    else a.reject(invalidAppendData(describeValue(a.payload)))
  }
  return writable
}

/**
 * Waits for async transforms in call order; an append whose transform failed is rejected and
 * left out, and so is every append still waiting for its transform when the log closes.
 */
async function settlePayloads(appends: PendingAppend[], closed: CloseNotice): Promise<ReadyAppend[]> {
  const ready: ReadyAppend[] = []
  for (const a of appends) {
    try {
      a.payload = isPromise(a.payload) ? await closed.race(a.payload) : a.payload
      ready.push(a as ReadyAppend)
    } catch (error) {
      a.reject(error)
    }
  }
  return ready
}

import { abortable } from './abortable.js'
import { CloseNotice } from './closeNotice.js'
import {
  type ImmutaError,
  invalidArgument,
  ioError,
  isImmutaError,
  locked,
  namespaceNotFound,
  namespaceRequired,
  readOnly,
  recordNotFound,
  storageClosed,
} from './errors.js'
import { FileIO } from './fileIO.js'
import { Follower } from './follower.js'
import { HEADER_SIZE } from './format.js'
import { fileNameOf, validateNamespaces } from './namespaceName.js'
import { NamespaceState } from './namespaceState.js'
import { type OpenSettings, settingsOf } from './options.js'
import { prepareForWriting } from './prepareForWriting.js'
import { readCommitted } from './recovery.js'
import { Seeker } from './seeker.js'
import { LogStream } from './stream.js'
import { Transaction, type TransactionContext } from './transaction.js'
import { prepareAppend, type ReadTransform, readTransformOf } from './transforms.js'
import type {
  AppendData,
  AppendResult,
  BackendLock,
  ImmutaOptions,
  LogRecord,
  NamespaceStats,
  ReadOptions,
  VerifyOptions,
  VerifyResult,
  WriteOptions,
} from './types.js'
import { verifyNamespace } from './verify.js'
import { Writer } from './writer.js'

/**
 * An open log: one file per namespace over a `FileBackend`, one writer per namespace, any number
 * of streams. Open it with `Immuta.open(options)`; close it with `close()` or `await using`.
 */
export class Immuta {
  private closing: Promise<void> | undefined
  private readonly writers = new Map<string, Writer>()
  private readonly openTransactions = new Set<Transaction>()
  private readonly follower: Follower | undefined
  /** Fired by close(): work waiting on a transform that may never answer gives up. */
  private readonly closeNotice = new CloseNotice()
  private readonly seekers = new Map<string, Seeker>()
  /** The read transform as the read path applies it (transforms.ts); undefined without one. */
  private readonly readTransform: ReadTransform | undefined

  private constructor(
    private readonly settings: OpenSettings,
    private readonly states: Map<string, NamespaceState>,
    private readonly lock: BackendLock | undefined,
  ) {
    const all = [...states.values()]
    this.readTransform = readTransformOf(settings.readTransform)
    if (settings.readOnly) this.follower = new Follower(all, settings.backend, settings.pollInterval)
    else for (const ns of all) this.writers.set(ns.name, new Writer(ns, !settings.fastWrite, this.closeNotice))
    for (const ns of all) this.seekers.set(ns.name, new Seeker(ns, settings.backend, settings.readOnly))
  }

  /**
   * Opens (and, unless read-only, creates) every namespace's file and recovers it. Rejects with
   * NAMESPACE_REQUIRED, INVALID_NAMESPACE, READER_COUNT_INVALID, LOCKED, CORRUPT_LOG or IO_ERROR.
   */
  static async open(options: ImmutaOptions): Promise<Immuta> {
    const settings = settingsOf(options)
    const names = validateNamespaces(options.namespaces)
    const lock = settings.readOnly ? undefined : await takeLock(settings)
    const states = new Map<string, NamespaceState>()
    try {
      for (const name of names) states.set(name, await openNamespace(settings, name))
    } catch (error) {
      await closeQuietly([...states.values()], lock)
      throw error
    }
    return new Immuta(settings, states, lock)
  }

  /** The namespaces this log was opened with. */
  get namespaces(): readonly string[] {
    return [...this.states.keys()]
  }

  /**
   * Commits one record. When the promise resolves the record is committed and visible to every
   * stream (and, with `fastWrite: false`, synced). Concurrent appends are written in call order,
   * as few writes as possible. `options.signal` bounds the wait for the namespace's writer.
   * Once the promise resolves, `data` may be reused.
   */
  append(namespace: string, data: AppendData, options?: WriteOptions): Promise<AppendResult> {
    let writer: Writer
    let payload: Uint8Array | Promise<Uint8Array>
    try {
      writer = this.writerOf(namespace)
      // Bytes without a write transform, the common case, skip prepare's dispatch. isView
      // refuses a Proxy of a Uint8Array, which passes instanceof; an empty view may be detached.
      payload =
        data instanceof Uint8Array && ArrayBuffer.isView(data) && data.byteLength !== 0 && this.settings.writeTransform === undefined
          ? data
          : this.prepare(data)
    } catch (error) {
      return Promise.reject(error)
    }
    return writer.append(payload, options?.signal)
  }

  /**
   * Runs `work` in a transaction: commits when it resolves, rolls back and rethrows when it
   * throws, rolls back and rejects when one of its appends failed (awaited or not).
   * `options.signal` bounds the wait for the namespace's writer.
   */
  async transaction<T>(namespace: string, work: (tx: Transaction) => T | Promise<T>, options?: WriteOptions): Promise<T> {
    const tx = this.begin(namespace, options)
    let result: T
    try {
      result = await work(tx)
    } catch (error) {
      if (!tx.closed) await tx.rollback().catch(() => undefined)
      throw error
    }
    if (!tx.closed) await tx.commit()
    return result
  }

  /**
   * Begins a transaction: `await using tx = log.begin(ns)` rolls back unless committed.
   * `options.signal` bounds the wait for the namespace's writer: its calls reject with the
   * signal's reason when it aborts first.
   */
  begin(namespace: string, options?: WriteOptions): Transaction {
    const writer = this.writerOf(namespace)
    const ns = this.stateOf(namespace)
    const context: TransactionContext = {
      ns,
      writer,
      durable: !this.settings.fastWrite,
      prepare: (data) => this.prepare(data),
      closed: this.closeNotice,
      checkOpen: () => this.checkOpen(),
      ended: (tx) => this.openTransactions.delete(tx),
    }
    const tx = new Transaction(context, options?.signal)
    if (!tx.closed) this.openTransactions.add(tx)
    return tx
  }

  /**
   * A stream over one namespace. `start`: 0 from the first record; -1 only records committed
   * after this call; N > 0 from the record with `seq === N`, whenever it is committed.
   */
  stream(namespace: string, start = 0): LogStream {
    const ns = this.stateOf(namespace)
    this.checkOpen()
    if (typeof start !== 'number') {
      throw invalidArgument(`stream start must be a number (-1, 0 or a positive integer), got a ${typeof start}: ${JSON.stringify(start)}`)
    }
    if (!Number.isSafeInteger(start) || start < -1) {
      throw invalidArgument(`stream start must be -1, 0 or a positive integer, not ${String(start)}`)
    }
    const host = {
      ns,
      transform: this.readTransform,
      isClosed: () => this.closing !== undefined,
      waiting: () => this.follower?.waiting(),
    }
    const { count, end } = ns.committed
    if (start === -1) return new LogStream(host, count, end, count, this.startOfNew(ns))
    if (start >= count) return new LogStream(host, count, end, start)
    if (start === 0) return new LogStream(host, 0, HEADER_SIZE, start)
    return new LogStream({ ...host, seek: () => this.seekerOf(ns).cursorAt(start) }, 0, HEADER_SIZE, start)
  }

  /**
   * The committed record `seq`, after the read transform, read from where the index says it is
   * (checked against the log's size fields). Rejects RECORD_NOT_FOUND for a seq at or past the
   * count, INVALID_ARGUMENT for one that is not a non-negative integer.
   */
  async get(namespace: string, seq: number, options?: ReadOptions): Promise<LogRecord> {
    const ns = this.stateOf(namespace)
    this.checkOpen()
    checkSeq('get seq', seq)
    const work = async (): Promise<LogRecord> => {
      // A header caught mid-rewrite is tried again at the next poll; the count known now answers.
      if (this.follower && seq >= ns.committed.count) await this.follower.refresh(ns).catch(() => undefined)
      if (seq >= ns.committed.count) {
        throw recordNotFound(namespace, seq, ns.committed.count)
      }
      const cursor = await this.seekerOf(ns).cursorAt(seq)
      return this.deliver(await cursor.next(ns.committed.end))
    }
    return abortable(work(), options?.signal)
  }

  /**
   * Records `from` .. `from + count - 1` in order, of those committed now: fewer (or none) when
   * the log holds fewer. It never waits for new records; a stream does.
   */
  async read(namespace: string, from: number, count: number, options?: ReadOptions): Promise<LogRecord[]> {
    const ns = this.stateOf(namespace)
    this.checkOpen()
    checkSeq('read from', from)
    checkSeq('read count', count)
    const work = async (): Promise<LogRecord[]> => {
      if (this.follower) await this.follower.refresh(ns).catch(() => undefined)
      const { end, count: committed } = ns.committed
      const stop = Math.min(committed, from + count)
      const records: LogRecord[] = []
      if (from >= stop) return records
      const cursor = await this.seekerOf(ns).cursorAt(from)
      while (cursor.seq < stop) {
        options?.signal?.throwIfAborted()
        records.push(await this.deliver(await cursor.next(end)))
      }
      return records
    }
    return abortable(work(), options?.signal)
  }

  /**
   * Where a follower's `stream(ns, -1)` starts: its last header read may be old (file events are
   * missed, or off), so the header is read afresh, starting now; the stream's first `next()`
   * waits for that read. A writer knows its own commits: undefined.
   */
  private startOfNew(ns: NamespaceState): Promise<{ count: number; end: number }> | undefined {
    if (!this.follower) return undefined
    const reading = this.follower.current(ns)
    reading.catch(() => undefined) // the stream's first next() reports a failure; never unhandled
    return reading
  }

  /** `{ count, size, lastIndex }`: committed records, file bytes, the last record's index. */
  async stats(namespace: string): Promise<NamespaceStats> {
    const ns = this.stateOf(namespace)
    this.checkOpen()
    if (this.follower) await this.follower.refresh(ns)
    const size = await ns.io.size()
    return { count: ns.committed.count, size, lastIndex: ns.committed.lastIndex }
  }

  /**
   * Walks every record; rejects CORRUPT_LOG with `{ file, offset, reason }` when the file is not
   * consistent. With `transform: true` it also runs the read transform over every record.
   */
  async verify(namespace: string, options: VerifyOptions = {}): Promise<VerifyResult> {
    const ns = this.stateOf(namespace)
    this.checkOpen()
    if (this.follower) await this.follower.refresh(ns)
    return verifyNamespace(ns, { ...options, transform: options.transform ? this.readTransform : undefined })
  }

  /**
   * Waits for commits in flight, rolls back open transactions, wakes every waiting stream with
   * STORAGE_CLOSED, closes every file and releases the writer lock. Calling it again is a no-op.
   */
  close(): Promise<void> {
    this.closing ??= this.shutDown()
    return this.closing
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close()
  }

  private async shutDown(): Promise<void> {
    const closed = storageClosed()
    for (const writer of this.writers.values()) writer.cancelTickets(closed)
    this.closeNotice.close(closed)
    await Promise.allSettled([...this.openTransactions].map((tx) => tx.abort()))
    await Promise.all([...this.writers.values()].map((writer) => writer.drained()))
    this.follower?.stop()
    for (const ns of this.states.values()) ns.wake()
    await Promise.all([...this.states.values()].map((ns) => ns.repairing))
    await Promise.all([...this.seekers.values()].map((seeker) => seeker.close()))
    const failure = await closeQuietly([...this.states.values()], this.lock)
    if (failure) throw failure
  }

  private checkOpen(): void {
    if (this.closing) throw storageClosed()
  }

  private stateOf(namespace: string): NamespaceState {
    if (namespace === '' || namespace === undefined) throw namespaceRequired()
    const ns = this.states.get(namespace)
    if (!ns) throw namespaceNotFound(namespace, [...this.states.keys()])
    return ns
  }

  private seekerOf(ns: NamespaceState): Seeker {
    return this.seekers.get(ns.name) as Seeker
  }

  /** A stored record as callers see it: after the read transform, with its stored size. */
  private async deliver(record: LogRecord): Promise<LogRecord> {
    return this.readTransform ? this.readTransform(record) : record
  }

  private writerOf(namespace: string): Writer {
    // The hot path: one lookup. Everything else only decides which error to throw.
    const writer = this.writers.get(namespace)
    if (writer !== undefined && this.closing === undefined) return writer
    this.checkOpen()
    const ns = this.stateOf(namespace)
    throw readOnly(ns.name)
  }

  /** Encodes strings as UTF-8 and runs the write transform (transforms.ts). */
  private prepare(data: AppendData): Uint8Array | Promise<Uint8Array> {
    return prepareAppend(data, this.settings.writeTransform)
  }
}

/** A seq (or a count) is a non-negative safe integer. */
function checkSeq(what: string, value: number): void {
  if (Number.isSafeInteger(value) && value >= 0) return
  throw invalidArgument(`${what} must be a non-negative integer, not ${String(value)}`)
}

async function takeLock(settings: OpenSettings): Promise<BackendLock | undefined> {
  const { backend } = settings
  if (!backend.lock) return undefined
  try {
    return await backend.lock()
  } catch (error) {
    if (isImmutaError(error)) throw error
    // The FileBackend contract: a held lock rejects with an error whose code is 'LOCKED'.
    if ((error as { code?: unknown } | null)?.code === 'LOCKED') throw locked(error)
    throw ioError('lock', 'the log directory', error)
  }
}

async function openNamespace(settings: OpenSettings, name: string): Promise<NamespaceState> {
  const fileName = fileNameOf(name)
  const { readOnly, fastWrite } = settings
  let file: Awaited<ReturnType<OpenSettings['backend']['open']>>
  try {
    file = await settings.backend.open(fileName, { readOnly })
  } catch (error) {
    throw ioError('open', fileName, error)
  }
  const io = new FileIO(file, fileName)
  try {
    const committed = await readCommitted(io)
    if (!readOnly) await prepareForWriting(io, committed, !fastWrite, settings.backend)
    return new NamespaceState(name, io, committed, settings.readerCount)
  } catch (error) {
    await Promise.resolve()
      .then(() => io.close())
      .catch(() => undefined)
    throw error
  }
}

/** Closes every file and then releases the lock; returns the first failure instead of stopping at it. */
async function closeQuietly(states: NamespaceState[], lock: BackendLock | undefined): Promise<ImmutaError | undefined> {
  let failure: ImmutaError | undefined
  for (const ns of states) {
    try {
      await ns.io.close()
    } catch (error) {
      failure ??= ioError('close', ns.io.name, error)
    }
  }
  try {
    await lock?.release()
  } catch (error) {
    failure ??= ioError('release the lock of', 'the log directory', error)
  }
  return failure
}

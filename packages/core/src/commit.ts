import { ImmutaError } from './errors.js'
import { isPromise } from './fileIO.js'
import { encodeHeader, HEADER_SIZE, SIZE_FIELD, writeU64 } from './header.js'
import type { NamespaceState } from './namespaceState.js'
import type { Committed } from './recovery.js'
import type { Awaitable } from './types.js'

/** Runs `next` on a value now, or once its promise resolves: sequencing without a microtask. */
export function andThen<T, U>(value: Awaitable<T>, next: (value: T) => Awaitable<U>): Awaitable<U> {
  return isPromise(value) ? value.then(next) : next(value)
}

/**
 * Records laid out for one write: a size field and a payload each, contiguous from `start`.
 * Payloads are written as they are, never copied.
 */
export class RecordBatch {
  readonly chunks: Uint8Array[] = []
  count = 0
  bytes = 0
  lastIndex = 0

  constructor(readonly start: number) {}

  /** Adds a record and returns its index (the offset of its size field). */
  add(payload: Uint8Array): number {
    const index = this.start + this.bytes
    const sizeField = new Uint8Array(SIZE_FIELD)
    writeU64(sizeField, 0, payload.length)
    this.chunks.push(sizeField, payload)
    this.count++
    this.bytes += SIZE_FIELD + payload.length
    this.lastIndex = index
    return index
  }

  get end(): number {
    return this.start + this.bytes
  }
}

/** Writes a batch's records past the committed end without counting them: no header changes. */
export function writeRecords(ns: NamespaceState, batch: RecordBatch): Awaitable<void> {
  if (batch.count === 0) return undefined
  return ns.io.writev(batch.chunks, batch.start)
}

/**
 * Makes records committed. The order is what durability rests on: the records first, then (in
 * durable mode) a sync, so that the header, written next, never counts a record that is not on
 * stable storage; then the header, then a sync so the commit itself survives power loss. Only
 * after all of it do readers see the records.
 */
export function commitRecords(ns: NamespaceState, durable: boolean, unwritten: RecordBatch, next: Committed): Awaitable<Committed> {
  return andThen(writeRecords(ns, unwritten), () =>
    andThen(durable ? ns.io.sync() : undefined, () =>
      andThen(ns.io.write(encodeHeader(ns.headerScratch, next), 0), () =>
        andThen(durable ? ns.io.sync() : undefined, () => {
          ns.commit(next)
          return next
        }),
      ),
    ),
  )
}

/**
 * After a failed write or sync the namespace stops writing (a failed fsync may have dropped
 * pages that a later successful one will not bring back). It still tries, once and without
 * waiting on it, to put back the header and length of the last commit, so that a write that
 * failed half way leaves no record for the next opener to find.
 */
export function failNamespace(ns: NamespaceState, error: ImmutaError): void {
  if (ns.failure) return
  ns.failure = error
  const { committed } = ns
  const restore = new Uint8Array(HEADER_SIZE)
  try {
    const header = ns.io.write(encodeHeader(restore, committed), 0)
    const truncated = andThen(header, () => ns.io.truncate(committed.end))
    if (isPromise(truncated)) truncated.catch(() => undefined)
  } catch {
    // The backend is failing; the next writer's recovery decides what the file holds.
  }
}

/** The error an append gets once its namespace has failed. */
export function failedError(ns: NamespaceState): ImmutaError {
  return new ImmutaError('IO_ERROR', `namespace "${ns.name}" failed to write and takes no more appends until the log is reopened`, {
    cause: ns.failure,
  })
}

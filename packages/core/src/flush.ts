import { isPromise } from './fileIO.js'
import { type Committed, encodeHeader } from './format.js'
import type { NamespaceState } from './namespaceState.js'
import { type RecordBatch, writeBatch } from './recordLayout.js'
import type { Awaitable } from './types.js'

/**
 * Makes records committed. The order is what durability rests on: the records first, then (in
 * durable mode) a sync, so that the header, written next, never counts a record that is not on
 * stable storage; then the header, then a sync so the commit itself survives power loss. Only
 * after all of it are the records published to readers.
 *
 * Each step goes on at once when the backend answered synchronously: no microtask and no closure
 * per commit on that path, which is every fast-mode commit over node-fs.
 */
export function flushBatch(ns: NamespaceState, durable: boolean, unwritten: RecordBatch, next: Committed): Awaitable<Committed> {
  return flushWritten(ns, durable, writeBatch(ns.io, unwritten), next)
}

/** `flushBatch` once the caller has started writing the records itself (`written`). */
export function flushWritten(ns: NamespaceState, durable: boolean, written: Awaitable<void>, next: Committed): Awaitable<Committed> {
  if (isPromise(written)) return written.then(() => syncRecords(ns, durable, next))
  return syncRecords(ns, durable, next)
}

function syncRecords(ns: NamespaceState, durable: boolean, next: Committed): Awaitable<Committed> {
  const synced = durable ? ns.io.sync() : undefined
  if (isPromise(synced)) return synced.then(() => writeHeader(ns, durable, next))
  return writeHeader(ns, durable, next)
}

function writeHeader(ns: NamespaceState, durable: boolean, next: Committed): Awaitable<Committed> {
  // From here on a reader elsewhere may see the new header: a failure can no longer undo it.
  ns.headerWriteStarts(next)
  const written = ns.io.write(encodeHeader(ns.headerScratch, next), 0)
  if (isPromise(written)) return written.then(() => syncHeader(ns, durable, next))
  return syncHeader(ns, durable, next)
}

function syncHeader(ns: NamespaceState, durable: boolean, next: Committed): Awaitable<Committed> {
  const synced = durable ? ns.io.sync() : undefined
  if (isPromise(synced)) return synced.then(() => publish(ns, next))
  return publish(ns, next)
}

function publish(ns: NamespaceState, next: Committed): Committed {
  ns.publish(next)
  return next
}

import type { Immuta, LogRecord } from '@immuta/core'

/*
 * Random access to committed records, in one place. Core has only `stream()` and `stats()`
 * today, so these walk a stream; when core gains `log.get(ns, seq)` and
 * `log.read(ns, from, count)`, these two functions become calls to them and nothing else in
 * the CLI changes.
 */

/**
 * The records with `from <= seq < from + count` that are committed now, in order (fewer, or
 * none, when the namespace ends sooner). Never waits for new records.
 */
export async function* readRange(log: Immuta, namespace: string, from: number, count: number): AsyncGenerator<LogRecord> {
  const { count: committed } = await log.stats(namespace)
  const end = Math.min(committed, from + count)
  if (from >= end) return
  const stream = log.stream(namespace, from)
  try {
    for (let seq = from; seq < end; seq++) yield await stream.next()
  } finally {
    stream.done()
  }
}

/** The record with this seq, or undefined when the namespace does not hold it (yet). */
export async function getRecord(log: Immuta, namespace: string, seq: number): Promise<LogRecord | undefined> {
  for await (const record of readRange(log, namespace, seq, 1)) return record
  return undefined
}

import type { Immuta, LogRecord } from '@immuta/core'

/**
 * The first `count` records of a stream from `start`. Each wait is bounded, so that a record
 * that never comes fails the test instead of hanging it.
 */
export async function readRecords(log: Immuta, ns: string, count: number, start = 0): Promise<LogRecord[]> {
  const stream = log.stream(ns, start)
  const records: LogRecord[] = []
  try {
    for (let i = 0; i < count; i++) records.push(await stream.next({ signal: AbortSignal.timeout(10_000) }))
  } finally {
    stream.done()
  }
  return records
}

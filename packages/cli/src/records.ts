import { type Immuta, isImmutaError, type LogRecord } from '@immuta/core'

/** Records read per `log.read` call: bounds the memory a long `cat` holds at once. */
const PAGE = 1024

/**
 * The records with `from <= seq < from + count` that are committed now, in order (fewer, or
 * none, when the namespace ends sooner). Never waits for new records. Pages through
 * `log.read`, which starts at `from` through the log's index instead of walking from 0.
 */
export async function* readRange(log: Immuta, namespace: string, from: number, count: number): AsyncGenerator<LogRecord> {
  const end = Math.min(Number.MAX_SAFE_INTEGER, from + count)
  for (let seq = from; seq < end; ) {
    const page = await log.read(namespace, seq, Math.min(PAGE, end - seq))
    yield* page
    if (page.length < Math.min(PAGE, end - seq)) return
    seq += page.length
  }
}

/** The record with this seq, or undefined when the namespace does not hold it (yet). */
export async function getRecord(log: Immuta, namespace: string, seq: number): Promise<LogRecord | undefined> {
  try {
    return await log.get(namespace, seq)
  } catch (error) {
    if (isImmutaError(error, 'RECORD_NOT_FOUND')) return undefined
    throw error
  }
}

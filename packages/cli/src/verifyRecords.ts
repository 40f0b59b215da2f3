import { type CorruptionDetails, type Immuta, isImmutaError, type LogRecord, type Transformer } from '@immuta/core'
import { describeError } from './errors.js'
import { readRange } from './records.js'

/** What verifying one namespace found. */
export type VerifyOutcome =
  | { ok: true; namespace: string; count: number; size: number }
  | { ok: false; namespace: string; file: string; offset: number; reason: string; seq?: number }

/**
 * `log.verify(ns)` (the record chain holds together), then, with a read transform, every record
 * through that transform: the first record it refuses is reported with its seq and index. The
 * CLI walks the records itself rather than calling `verify(ns, { transform: true })` so that
 * `onRecord` (the progress bar) can let the event loop turn between records: over node-fs the
 * engine's walk answers synchronously and would hold the loop, and the bar, until it ends.
 */
export async function verifyNamespace(
  log: Immuta,
  namespace: string,
  transform: Transformer | undefined,
  onRecord: (record: LogRecord) => Promise<void> | undefined = () => undefined,
): Promise<VerifyOutcome> {
  let checked: { count: number; size: number }
  try {
    checked = await log.verify(namespace)
  } catch (error) {
    const corruption = corruptionOf(error, namespace)
    if (corruption) return corruption
    throw error
  }
  if (transform) {
    for await (const record of readRange(log, namespace, 0, checked.count)) {
      try {
        await transform(record.data)
      } catch (error) {
        return { ok: false, namespace, file: `${namespace}.log`, offset: record.index, seq: record.seq, reason: describeError(error) }
      }
      await onRecord(record)
    }
  }
  return { ok: true, namespace, ...checked }
}

/** A CORRUPT_LOG error (from verify, or from opening a header that cannot be right) as an outcome. */
export function corruptionOf(error: unknown, namespace: string): VerifyOutcome | undefined {
  if (!isImmutaError(error, 'CORRUPT_LOG')) return undefined
  const details = error.details as Partial<CorruptionDetails> | undefined
  return {
    ok: false,
    namespace,
    file: details?.file ?? `${namespace}.log`,
    offset: details?.offset ?? 0,
    reason: details?.reason ?? error.message,
  }
}

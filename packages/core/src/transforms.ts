import { describeValue, isWritableBytes } from './appendData.js'
import { invalidAppendData, recordTransformFailed, transformFailed } from './errors.js'
import { isPromise } from './fileIO.js'
import type { AppendData, LogRecord, Transformer } from './types.js'

/**
 * Where the caller's transformers run: the write transform on what an append is given, the read
 * transform on each record the read path delivers (streams, get, read, verify). Either may answer
 * synchronously or with a promise; a throw, a rejection or an answer that is not bytes is
 * TRANSFORM_FAILED.
 */

const utf8 = new TextEncoder()

/** A record as the read path delivers it, after the read transform; see `readTransformOf`. */
export type ReadTransform = (record: LogRecord) => LogRecord | Promise<LogRecord>

/** Encodes strings as UTF-8 and runs the write transform; its failure is TRANSFORM_FAILED. */
export function prepareAppend(data: AppendData, transform: Transformer | undefined): Uint8Array | Promise<Uint8Array> {
  let bytes: Uint8Array
  if (typeof data === 'string') bytes = utf8.encode(data)
  else if (isWritableBytes(data)) bytes = data
  else throw invalidAppendData(describeValue(data))
  return transform ? runTransform(transform, bytes, 'write') : bytes
}

/**
 * The read transform as the read path applies it: a record in, the same record with `data`
 * replaced by the transform's output (`size` stays the stored size). Its failure says which
 * record (`details: { seq, index }`). Undefined when the log has no read transform.
 */
export function readTransformOf(transform: Transformer | undefined): ReadTransform | undefined {
  if (!transform) return undefined
  return (record) => transformRecord(transform, record)
}

function transformRecord(transform: Transformer, record: LogRecord): LogRecord | Promise<LogRecord> {
  let out: Uint8Array | Promise<Uint8Array>
  try {
    out = runTransform(transform, record.data, 'read')
  } catch (error) {
    throw recordTransformFailed(error, record)
  }
  if (!isPromise(out)) return { seq: record.seq, index: record.index, size: record.size, data: out }
  return out.then(
    (data) => ({ seq: record.seq, index: record.index, size: record.size, data }),
    (error: unknown) => {
      throw recordTransformFailed(error, record)
    },
  )
}

/** Runs a transformer; a throw, a rejection or an answer that is not bytes is TRANSFORM_FAILED. */
function runTransform(transform: Transformer, data: Uint8Array, which: 'read' | 'write'): Uint8Array | Promise<Uint8Array> {
  let out: Uint8Array | Promise<Uint8Array>
  try {
    out = transform(data)
  } catch (error) {
    throw transformFailed(which, error)
  }
  if (isPromise(out)) {
    return out.then(
      (bytes) => checkedBytes(bytes, which),
      (error: unknown) => {
        throw transformFailed(which, error)
      },
    )
  }
  return checkedBytes(out, which)
}

function checkedBytes(bytes: unknown, which: 'read' | 'write'): Uint8Array {
  if (isWritableBytes(bytes)) return bytes
  throw transformFailed(which, new TypeError(`the ${which} transform returned ${describeValue(bytes)}, not a usable Uint8Array`))
}

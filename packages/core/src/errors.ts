/**
 * Every error that immuta raises on purpose is an `ImmutaError` with one of these codes.
 * Branch on `code`, never on message text: messages are for people and may change.
 * This table is the one list of codes: core checks the README error table against it, and the
 * testkit reads it.
 */
export const ErrorCode = {
  /** `Immuta.open` without a list of namespaces, or a call without a namespace. */
  NAMESPACE_REQUIRED: 'NAMESPACE_REQUIRED',
  /** A namespace name that could not be a file name everywhere, given twice, or twice in different case. */
  INVALID_NAMESPACE: 'INVALID_NAMESPACE',
  /** A call names a namespace the log was not opened with. */
  NAMESPACE_NOT_FOUND: 'NAMESPACE_NOT_FOUND',
  /** `readerCount` is not a positive integer. */
  READER_COUNT_INVALID: 'READER_COUNT_INVALID',
  /** Another writer holds the log directory's lock. */
  LOCKED: 'LOCKED',
  /** A write to a log opened with `readOnly: true`. */
  READ_ONLY: 'READ_ONLY',
  /** A log file that no writer could have left; `details` are `{ file, offset, reason }`. */
  CORRUPT_LOG: 'CORRUPT_LOG',
  /** The backend failed; its error is the `cause`. A failed write stops the namespace until reopened. */
  IO_ERROR: 'IO_ERROR',
  /** A write or read transform threw, rejected or returned something that is not bytes. */
  TRANSFORM_FAILED: 'TRANSFORM_FAILED',
  /** A call on a transaction that has already committed or rolled back. */
  TRANSACTION_CLOSED: 'TRANSACTION_CLOSED',
  /** A call on a closed log, or a `next()` of a stream that is done. */
  STORAGE_CLOSED: 'STORAGE_CLOSED',
  /** An option or argument of the wrong type or range (append data, a stream start, a seq...). */
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  /** `get` of a seq at or past the committed count; `details` are `{ namespace, seq, count }`. */
  RECORD_NOT_FOUND: 'RECORD_NOT_FOUND',
} as const

/** One of the codes of `ErrorCode`: `'CORRUPT_LOG'`, `'LOCKED'`, ... */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode]

/** Where a log file is wrong: the `details` of every `CORRUPT_LOG` error. */
export interface CorruptionDetails {
  /** The file, as the backend names it (`<namespace>.log`). */
  file: string
  /** The byte offset the problem is about. */
  offset: number
  /** Why the bytes there cannot be right. */
  reason: string
}

/**
 * The `details` of a `TRANSFORM_FAILED` error that a transformer of `@immuta/transformers`
 * raised; a transform that threw anything else gives no details (its error is the `cause`).
 */
export interface TransformFailedDetails {
  /** Bytes of the record the transformer was given (set by the transformer that failed). */
  size?: number
  /** From a stream, `get`, `read` or `verify`: the seq of the record whose read transform failed. */
  seq?: number
  /** From a stream, `get`, `read` or `verify`: the index (byte offset) of that record. */
  index?: number
  /** `verifyChecksum()`: the CRC-32C stored in front of the record. */
  expected?: number
  /** `verifyChecksum()`: the CRC-32C of the record's bytes as read. */
  actual?: number
}

/** What `details` holds, by code. Codes not listed here may carry any details, or none. */
export type ErrorDetails<C extends ErrorCode = ErrorCode> = C extends 'CORRUPT_LOG'
  ? CorruptionDetails
  : C extends 'TRANSFORM_FAILED'
    ? TransformFailedDetails | undefined
    : Record<string, unknown> | undefined

/** The third argument of `new ImmutaError(code, message, options)`. */
export interface ImmutaErrorOptions<C extends ErrorCode = ErrorCode> {
  /** The error that led to this one (a backend's, a transformer's). */
  cause?: unknown
  /** Machine-readable facts about the error; see `ErrorDetails` for what each code carries. */
  details?: ErrorDetails<C>
}

/**
 * Every error immuta raises on purpose. Branch on `code` (or use `isImmutaError(error, code)`,
 * which also types `details` for that code); `message` is for people.
 */
export class ImmutaError<C extends ErrorCode = ErrorCode> extends Error {
  override readonly name = 'ImmutaError'
  readonly code: C
  readonly details: ErrorDetails<C>

  constructor(code: C, message: string, options: ImmutaErrorOptions<C> = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.details = options.details as ErrorDetails<C>
  }
}

/**
 * True when `error` is an `ImmutaError`, optionally with the given code; with a code, `details`
 * is typed for it (`isImmutaError(e, 'CORRUPT_LOG') && e.details.offset`).
 */
export function isImmutaError<C extends ErrorCode = ErrorCode>(error: unknown, code?: C): error is ImmutaError<C> {
  return error instanceof ImmutaError && (code === undefined || error.code === code)
}

// The named constructors below make every error the engine raises: a message is worded once,
// and a code's details are filled in one place. Not exported from index.ts.

/** Where a log file is wrong, before it becomes a CORRUPT_LOG error. */
export interface Problem {
  offset: number
  reason: string
}

/** CORRUPT_LOG for `file`, saying where and why. */
export function corrupt(file: string, problem: Problem): ImmutaError<'CORRUPT_LOG'> {
  return new ImmutaError('CORRUPT_LOG', `${file} is corrupt at offset ${problem.offset}: ${problem.reason}`, {
    details: { file, offset: problem.offset, reason: problem.reason },
  })
}

/** A backend's failure as the `IO_ERROR` users see; errors that are already ours pass through. */
export function ioError(op: string, file: string, error: unknown): ImmutaError {
  if (error instanceof ImmutaError) return error
  const reason = error instanceof Error ? error.message : String(error)
  return new ImmutaError('IO_ERROR', `${op} of ${file} failed: ${reason}`, { cause: error })
}

/** A write's failure as an ImmutaError: ours pass through, anything else becomes IO_ERROR. */
export function writeFailed(error: unknown): ImmutaError {
  return error instanceof ImmutaError ? error : new ImmutaError('IO_ERROR', String(error), { cause: error })
}

/**
 * The error an append gets once its namespace has failed. Its `cause` is the backend's own
 * error (an errno error on node-fs), as for the append that failed first, not our wrapper.
 */
export function namespaceFailed(namespace: string, failure: ImmutaError | undefined): ImmutaError {
  return new ImmutaError('IO_ERROR', `namespace "${namespace}" failed to write and takes no more appends until the log is reopened`, {
    cause: failure?.cause ?? failure,
  })
}

/** IO_ERROR for a header write that failed after it started: the commit may or may not have happened. */
export function outcomeUnknown(file: string, error: ImmutaError, count: number): ImmutaError {
  return new ImmutaError(
    'IO_ERROR',
    `the header write of ${file} failed after it started: the commit of records up to seq ${count - 1} may or may not have happened (${error.message})`,
    { cause: error, details: { file, outcome: 'unknown', count } },
  )
}

/** STORAGE_CLOSED: `what` is closed ("the log is closed", "the stream is done"...). */
export function storageClosed(what = 'the log is closed', cause?: unknown): ImmutaError {
  return new ImmutaError('STORAGE_CLOSED', what, cause === undefined ? {} : { cause })
}

/** INVALID_ARGUMENT with `message` saying what was wrong. */
export function invalidArgument(message: string, cause?: unknown): ImmutaError {
  return new ImmutaError('INVALID_ARGUMENT', message, cause === undefined ? {} : { cause })
}

/** INVALID_ARGUMENT for append data that is neither usable bytes nor a string; `got` describes it. */
export function invalidAppendData(got: string, cause?: unknown): ImmutaError {
  return new ImmutaError('INVALID_ARGUMENT', `append takes a Uint8Array or a string, got ${got}`, { cause })
}

/** INVALID_ARGUMENT for bytes that passed the checks at append and then threw when read. */
export function unreadableBytes(cause: unknown): ImmutaError {
  return new ImmutaError('INVALID_ARGUMENT', 'the bytes given to append could not be read (changed or detached after the call?)', {
    cause,
  })
}

/** READER_COUNT_INVALID for the `readerCount` option. */
export function readerCountInvalid(value: unknown): ImmutaError {
  return new ImmutaError('READER_COUNT_INVALID', `readerCount must be a positive integer, not ${String(value)}`)
}

/** NAMESPACE_REQUIRED with `message` saying what was given instead. */
export function namespaceRequired(message = 'a namespace is required'): ImmutaError {
  return new ImmutaError('NAMESPACE_REQUIRED', message)
}

/** INVALID_NAMESPACE with `message` saying why the name is refused. */
export function invalidNamespace(message: string): ImmutaError {
  return new ImmutaError('INVALID_NAMESPACE', message)
}

/** NAMESPACE_NOT_FOUND, naming the namespaces the log was opened with. */
export function namespaceNotFound(namespace: string, opened: readonly string[]): ImmutaError {
  const names = opened.map((name) => `"${name}"`).join(', ')
  return new ImmutaError('NAMESPACE_NOT_FOUND', `the log was not opened with namespace ${JSON.stringify(namespace)}; it was opened with ${names}`)
}

/** READ_ONLY for a write to `namespace` of a log opened read-only. */
export function readOnly(namespace: string): ImmutaError {
  return new ImmutaError('READ_ONLY', `the log was opened read-only; "${namespace}" cannot be written`)
}

/** LOCKED: the backend's lock is held by another writer; its error is the cause. */
export function locked(cause: unknown): ImmutaError {
  const reason = cause instanceof Error ? cause.message : String(cause)
  return new ImmutaError('LOCKED', `another writer holds the log directory: ${reason}`, { cause })
}

/** RECORD_NOT_FOUND for `get` of a seq at or past the committed count. */
export function recordNotFound(namespace: string, seq: number, count: number): ImmutaError {
  return new ImmutaError('RECORD_NOT_FOUND', `"${namespace}" has ${count} committed records; there is no seq ${seq}`, {
    details: { namespace, seq, count },
  })
}

/** TRANSFORM_FAILED for a transform's failure; a TRANSFORM_FAILED it raised itself passes through. */
export function transformFailed(which: 'read' | 'write', cause: unknown): ImmutaError {
  if (cause instanceof ImmutaError && cause.code === 'TRANSFORM_FAILED') return cause
  const reason = cause instanceof Error ? cause.message : String(cause)
  return new ImmutaError('TRANSFORM_FAILED', `the ${which} transform failed: ${reason}`, { cause })
}

/** A read transform's failure on one record, saying which record (`details: { seq, index }`). */
export function recordTransformFailed(error: unknown, record: { seq: number; index: number }): ImmutaError {
  const failed = transformFailed('read', error)
  return new ImmutaError('TRANSFORM_FAILED', `${failed.message} (record seq ${record.seq} at index ${record.index})`, {
    cause: failed.cause,
    details: { ...(failed.details as TransformFailedDetails | undefined), seq: record.seq, index: record.index },
  })
}

/** TRANSACTION_CLOSED: the transaction has already ended. */
export function transactionClosed(): ImmutaError {
  return new ImmutaError('TRANSACTION_CLOSED', 'the transaction has already committed or rolled back')
}

/** Commit's answer when one of the transaction's appends failed: the same code, the append's error as cause. */
export function transactionRolledBack(failure: unknown): unknown {
  if (!(failure instanceof ImmutaError)) return failure
  return new ImmutaError(failure.code, `the transaction rolled back because one of its appends failed: ${failure.message}`, {
    cause: failure,
    details: failure.details,
  })
}

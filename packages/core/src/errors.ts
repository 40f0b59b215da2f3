/**
 * Every error that immuta raises on purpose is an `ImmutaError` with one of these codes.
 * Branch on `code`, never on message text: messages are for people and may change.
 */
export const ErrorCode = {
  NAMESPACE_REQUIRED: 'NAMESPACE_REQUIRED',
  INVALID_NAMESPACE: 'INVALID_NAMESPACE',
  NAMESPACE_NOT_FOUND: 'NAMESPACE_NOT_FOUND',
  READER_COUNT_INVALID: 'READER_COUNT_INVALID',
  LOCKED: 'LOCKED',
  READ_ONLY: 'READ_ONLY',
  CORRUPT_LOG: 'CORRUPT_LOG',
  IO_ERROR: 'IO_ERROR',
  TRANSFORM_FAILED: 'TRANSFORM_FAILED',
  TRANSACTION_CLOSED: 'TRANSACTION_CLOSED',
  STORAGE_CLOSED: 'STORAGE_CLOSED',
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

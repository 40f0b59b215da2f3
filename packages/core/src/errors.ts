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

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode]

/** Where a log file is wrong, attached to `CORRUPT_LOG` errors. */
export interface CorruptionDetails {
  file: string
  offset: number
  reason: string
}

export interface ImmutaErrorOptions {
  cause?: unknown
  details?: CorruptionDetails | Record<string, unknown>
}

export class ImmutaError extends Error {
  override readonly name = 'ImmutaError'
  readonly code: ErrorCode
  readonly details: CorruptionDetails | Record<string, unknown> | undefined

  constructor(code: ErrorCode, message: string, options: ImmutaErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.details = options.details
  }
}

/** True when `error` is an `ImmutaError`, optionally with the given code. */
export function isImmutaError(error: unknown, code?: ErrorCode): error is ImmutaError {
  return error instanceof ImmutaError && (code === undefined || error.code === code)
}

import { ErrorCode, ImmutaError } from '@immuta/core'

/**
 * Wraps an fs error as `IO_ERROR`, keeping it as `cause` so callers can still read its errno
 * code (`cause.code === 'EIO'`). An `ImmutaError` passes through unchanged.
 */
export function ioError(action: string, path: string, error: unknown): ImmutaError {
  if (error instanceof ImmutaError) return error
  const reason = error instanceof Error ? error.message : String(error)
  return new ImmutaError(ErrorCode.IO_ERROR, `${action} ${path} failed: ${reason}`, { cause: error })
}

/** The errno code of an fs error (`'ENOENT'`), or undefined. */
export function errnoCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}

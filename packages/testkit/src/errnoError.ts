/** An error shaped like Node's system errors (`error.code === 'EIO'`), without depending on Node. */
export type ErrnoError = Error & { readonly code: string }

export function errnoError(code: string, message: string): ErrnoError {
  return Object.assign(new Error(`${code}: ${message}`), { code })
}

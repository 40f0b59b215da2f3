export { chain } from './chain.js'
export { ErrorCode, ImmutaError, isImmutaError } from './errors.js'
export type { CorruptionDetails, ImmutaErrorOptions } from './errors.js'
export type { Awaitable, BackendFile, BackendLock, FileBackend, Transformer } from './types.js'

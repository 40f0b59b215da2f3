export { chain } from './chain.js'
export { ErrorCode, ImmutaError, isImmutaError } from './errors.js'
export type { CorruptionDetails, ImmutaErrorOptions } from './errors.js'
export { Immuta } from './immuta.js'
export type { LogStream, NextOptions } from './stream.js'
export type { Transaction } from './transaction.js'
export type {
  AppendData,
  AppendResult,
  Awaitable,
  BackendFile,
  BackendLock,
  FileBackend,
  ImmutaOptions,
  LogRecord,
  NamespaceStats,
  ReadOptions,
  Transformer,
  VerifyResult,
} from './types.js'

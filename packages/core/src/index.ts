export { chain } from './chain.js'
export type { CorruptionDetails, ErrorDetails, ImmutaErrorOptions, TransformFailedDetails } from './errors.js'
export { ErrorCode, ImmutaError, isImmutaError } from './errors.js'
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
  VerifyOptions,
  VerifyProgress,
  VerifyResult,
  WriteOptions,
} from './types.js'

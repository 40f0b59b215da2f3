// The error types a user of this package catches, so that installing node-fs alone is enough.
export { ErrorCode, ImmutaError, isImmutaError } from '@immuta/core'
export type { NodeFile } from './nodeFile.js'
export { type NodeFsBackend, type NodeFsOptions, nodeFs } from './nodeFs.js'
export { type OpenOptions, open } from './open.js'

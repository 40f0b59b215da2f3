export type { NodeFile } from './nodeFile.js'
export { type NodeFsBackend, type NodeFsOptions, nodeFs } from './nodeFs.js'
export { type OpenOptions, open } from './open.js'

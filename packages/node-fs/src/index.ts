export { type NodeFsBackend, type NodeFsOptions, nodeFs } from './nodeFs.js'
export type { NodeFile } from './nodeFile.js'

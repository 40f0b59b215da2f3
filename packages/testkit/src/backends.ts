// The backends alone, without the suites: `@immuta/testkit/backends` imports no test runner, so
// an app, a script or another test runner (Deno's, Bun's, node:test) can use them.
export { faultyBackend } from './faultyBackend.js'
export type { FaultKind, FaultPlan, FaultyBackend, FileCall, PowerLossPlan } from './faultyBackend.js'
export { memoryBackend } from './memoryBackend.js'
export type { MemoryBackend, MemoryBackendOptions, MemoryFile, MemoryLock } from './memoryBackend.js'

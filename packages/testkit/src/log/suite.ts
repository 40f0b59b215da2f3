import { type Awaitable, type FileBackend, Immuta } from '@immuta/core'
import { afterEach, beforeEach } from 'vitest'
import type { BackendCapabilities } from '../capabilities.js'

/** What `Immuta.open` takes, as the engine declares it. */
export type OpenOptions = Parameters<typeof Immuta.open>[0]
export type Log = Awaited<ReturnType<typeof Immuta.open>>

/** Options of `logConformance()`. */
export interface LogConformanceOptions {
  /** Names the `describe` block: `logConformance: ${name}`. */
  name: string
  /** A fresh, empty backend. Called once per test; tests never share one. */
  create: () => Awaitable<FileBackend>
  /** Called after each test with every backend `create` gave it (remove a temporary folder, say). */
  cleanup?: (backend: FileBackend) => Awaitable<void>
  /**
   * Seed of every random choice (payloads, delays, crash points). A failure prints it.
   * @default a fresh random seed per run
   */
  seed?: number
  /**
   * Multiplies the crash states and fault points the exploration tries (at least 10,000 crash
   * states at 1). Raise it for a long soak; it costs time linearly.
   * @default 1
   */
  crashScale?: number
}

/** What every section of the suite gets: fresh backends, and logs that are closed after each test. */
export interface Suite {
  readonly name: string
  readonly seed: number
  readonly crashScale: number
  /** What the backend has; tests of a missing optional feature are not registered. */
  readonly capabilities: BackendCapabilities
  backend(): Promise<FileBackend>
  /** Opens a log that is closed after the test, even when the test fails. */
  open(options: OpenOptions): Promise<Log>
}

export function createSuite(options: LogConformanceOptions, seed: number, capabilities: BackendCapabilities): Suite {
  const logs: Log[] = []
  const backends: FileBackend[] = []
  beforeEach(({ onTestFailed }) => {
    onTestFailed(() => console.log(`logConformance: ${options.name} failed with seed ${seed} (replay: IMMUTA_SEED=${seed})`))
  })
  afterEach(async () => {
    // A test that failed half way may leave logs open; close them so locks and timers go.
    await Promise.allSettled(logs.splice(0).map((log) => log.close()))
    const created = backends.splice(0)
    if (options.cleanup) for (const backend of created) await options.cleanup(backend)
  })
  return {
    name: options.name,
    seed,
    crashScale: options.crashScale ?? 1,
    capabilities,
    backend: async () => {
      const backend = await options.create()
      backends.push(backend)
      return backend
    },
    open: async (openOptions) => {
      const log = await Immuta.open(openOptions)
      logs.push(log)
      return log
    },
  }
}

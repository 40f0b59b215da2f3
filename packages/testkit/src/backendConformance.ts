import type { Awaitable, FileBackend } from '@immuta/core'
import { describe, it } from 'vitest'
import { backendChecks } from './backendChecks.js'
import { missingCapabilities, probeBackend } from './capabilities.js'

/** Options of `backendConformance()`. */
export interface BackendConformanceOptions {
  /** Shown in the name of the `describe` block. */
  name: string
  /** Makes a fresh, empty backend. Called once per test, so no test sees another's files. */
  create: () => Awaitable<FileBackend>
  /** Runs after each test with the backend that `create` made (remove a temporary folder, say). */
  cleanup?: (backend: FileBackend) => Awaitable<void>
}

/**
 * Registers a vitest `describe` that checks the `FileBackend` contract. The checks of optional
 * methods (`writev`, `lock`, `watch`) are registered only when a backend made by `create` has
 * them; the output names those left out.
 */
export function backendConformance(options: BackendConformanceOptions): void {
  const suite = `backendConformance: ${options.name}`
  describe(suite, async () => {
    const capabilities = await probeBackend(options.create, options.cleanup)
    const note = missingCapabilities(suite, capabilities, { writev: 'the writev check', lock: 'the lock checks', watch: 'the watch check' })
    if (note) console.info(note)
    for (const check of backendChecks) {
      if (check.requires && !capabilities[check.requires]) continue
      it(check.name, { timeout: check.timeout }, async (context) => {
        const backend = await options.create()
        try {
          await check.run(backend, { skip: (reason) => context.skip(reason) })
        } finally {
          await options.cleanup?.(backend)
        }
      })
    }
  })
}

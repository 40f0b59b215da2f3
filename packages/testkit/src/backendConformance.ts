import type { Awaitable, FileBackend } from '@immuta/core'
import { describe, it } from 'vitest'
import { backendChecks } from './backendChecks.js'

export interface BackendConformanceOptions {
  /** Shown in the name of the `describe` block. */
  name: string
  /** Makes a fresh, empty backend. Called once per test, so no test sees another's files. */
  create: () => Awaitable<FileBackend>
  /** Runs after each test with the backend that `create` made (remove a temporary folder, say). */
  cleanup?: (backend: FileBackend) => Awaitable<void>
}

/**
 * Registers a vitest `describe` that checks the `FileBackend` contract. Checks of optional
 * methods (`writev`, `lock`, `watch`) skip themselves when the backend lacks them.
 */
export function backendConformance(options: BackendConformanceOptions): void {
  describe(`backendConformance: ${options.name}`, () => {
    for (const check of backendChecks) {
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

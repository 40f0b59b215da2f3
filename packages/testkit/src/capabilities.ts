import type { Awaitable, FileBackend } from '@immuta/core'
import { memoryInternals } from './memoryBackend.js'

/**
 * What a backend can do, as the backend itself shows it (abstract-level's `supports` manifest):
 * the suites register the tests of an optional feature only where the backend has it, so no
 * test is skipped and nothing is chosen by flags at the call site.
 */
export interface BackendCapabilities {
  /** Its files have `writev`. */
  writev: boolean
  /** It has `lock()`. */
  lock: boolean
  /** It has `watch()`. */
  watch: boolean
  /** It keeps synced and unsynced writes apart (a `memoryBackend()`), so power loss can be simulated. */
  powerLoss: boolean
}

export type Capability = keyof BackendCapabilities

const PROBE_FILE = 'capabilities-probe.log'

/** Makes one backend with `create`, looks at what it has, and cleans it up. */
export async function probeBackend(
  create: () => Awaitable<FileBackend>,
  cleanup?: (backend: FileBackend) => Awaitable<void>,
): Promise<BackendCapabilities> {
  const backend = await create()
  try {
    const file = await backend.open(PROBE_FILE, { readOnly: false })
    const writev = typeof file.writev === 'function'
    await file.close()
    return {
      writev,
      lock: typeof backend.lock === 'function',
      watch: typeof backend.watch === 'function',
      powerLoss: memoryInternals(backend) !== undefined,
    }
  } finally {
    await cleanup?.(backend)
  }
}

/** A line for the test output naming what was not registered, and why. */
export function missingCapabilities(suite: string, capabilities: BackendCapabilities, what: Partial<Record<Capability, string>>): string | undefined {
  const missing = Object.entries(what)
    .filter(([capability]) => !capabilities[capability as Capability])
    .map(([capability, tests]) => `${tests} (the backend has no ${capability === 'powerLoss' ? 'synced/unsynced split' : `${capability}()`})`)
  return missing.length === 0 ? undefined : `${suite}: not registered: ${missing.join('; ')}`
}

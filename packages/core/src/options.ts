import { invalidArgument, readerCountInvalid } from './errors.js'
import type { FileBackend, ImmutaOptions, Transformer } from './types.js'

/** `ImmutaOptions` checked, with defaults filled in. */
export interface OpenSettings {
  backend: FileBackend
  readerCount: number
  fastWrite: boolean
  readOnly: boolean
  pollInterval: number
  writeTransform: Transformer | undefined
  readTransform: Transformer | undefined
}

const DEFAULT_READER_COUNT = 5
const DEFAULT_POLL_INTERVAL = 250
/** Timers take at most 2^31 - 1 ms; above it Node warns and fires after 1 ms, every poll. */
const MAX_POLL_INTERVAL = 2_147_483_647

/** Every option `Immuta.open` knows: a misspelt one is refused rather than silently ignored. */
const KNOWN_OPTIONS: readonly (keyof ImmutaOptions)[] = [
  'backend',
  'namespaces',
  'readerCount',
  'fastWrite',
  'writeTransform',
  'readTransform',
  'readOnly',
  'pollInterval',
]

/** Checks every option but `namespaces` (see namespaceName.ts) and fills in defaults. */
export function settingsOf(options: ImmutaOptions): OpenSettings {
  if (typeof options !== 'object' || options === null) {
    throw invalidArgument(`Immuta.open takes an options object ({ backend, namespaces, ... }), got ${options === null ? 'null' : typeof options}`)
  }
  refuseUnknown(options)
  const { backend, readerCount = DEFAULT_READER_COUNT, pollInterval = DEFAULT_POLL_INTERVAL } = options
  if (typeof backend !== 'object' || backend === null || typeof backend.open !== 'function') {
    throw invalidArgument('`backend` must be a FileBackend (an object with an open() method)')
  }
  if (!Number.isSafeInteger(readerCount) || readerCount < 1) {
    throw readerCountInvalid(readerCount)
  }
  if (typeof pollInterval !== 'number' || !(pollInterval > 0) || !(pollInterval <= MAX_POLL_INTERVAL)) {
    throw invalidArgument(`pollInterval must be a positive number of milliseconds up to ${MAX_POLL_INTERVAL}, not ${String(pollInterval)}`)
  }
  return {
    backend,
    readerCount,
    pollInterval,
    fastWrite: flag(options.fastWrite, 'fastWrite', true),
    readOnly: flag(options.readOnly, 'readOnly', false),
    writeTransform: transformer(options.writeTransform, 'writeTransform'),
    readTransform: transformer(options.readTransform, 'readTransform'),
  }
}

function refuseUnknown(options: object): void {
  for (const name of Object.keys(options)) {
    if ((KNOWN_OPTIONS as readonly string[]).includes(name)) continue
    throw invalidArgument(`unknown option "${name}"; did you mean "${closest(name, KNOWN_OPTIONS)}"?`)
  }
}

/** The known name fewest single-character edits away from `name` (Levenshtein distance). */
function closest(name: string, known: readonly string[]): string {
  let best = known[0] as string
  let bestDistance = Number.POSITIVE_INFINITY
  for (const candidate of known) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase())
    if (distance < bestDistance) {
      best = candidate
      bestDistance = distance
    }
  }
  return best
}

/**
 * Written here rather than taken from a package: core has no dependencies, and eight short
 * option names do not need one.
 */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1)
      row.push(Math.min((previous[j] as number) + 1, (row[j - 1] as number) + 1, substitution))
    }
    previous = row
  }
  return previous[b.length] as number
}

function flag(value: unknown, name: string, fallback: boolean): boolean {
  if (value === undefined) return fallback
  if (typeof value !== 'boolean') throw invalidArgument(`${name} must be a boolean`)
  return value
}

function transformer(value: unknown, name: string): Transformer | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'function') throw invalidArgument(`${name} must be a function (data: Uint8Array) => Uint8Array | Promise<Uint8Array>`)
  return value as Transformer
}

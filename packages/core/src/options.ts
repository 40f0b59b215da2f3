import { ImmutaError } from './errors.js'
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

/** Checks every option but `namespaces` (see namespaceName.ts) and fills in defaults. */
export function settingsOf(options: ImmutaOptions): OpenSettings {
  if (typeof options !== 'object' || options === null) throw invalid('Immuta.open takes an options object')
  const { backend, readerCount = DEFAULT_READER_COUNT, pollInterval = DEFAULT_POLL_INTERVAL } = options
  if (typeof backend !== 'object' || backend === null || typeof backend.open !== 'function') {
    throw invalid('`backend` must be a FileBackend (an object with an open() method)')
  }
  if (!Number.isSafeInteger(readerCount) || readerCount < 1) {
    throw new ImmutaError('READER_COUNT_INVALID', `readerCount must be a positive integer, not ${String(readerCount)}`)
  }
  if (typeof pollInterval !== 'number' || !(pollInterval > 0) || !Number.isFinite(pollInterval)) {
    throw invalid(`pollInterval must be a positive number of milliseconds, not ${String(pollInterval)}`)
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

export function transformFailed(which: 'read' | 'write', cause: unknown): ImmutaError {
  if (cause instanceof ImmutaError && cause.code === 'TRANSFORM_FAILED') return cause
  const reason = cause instanceof Error ? cause.message : String(cause)
  return new ImmutaError('TRANSFORM_FAILED', `the ${which} transform failed: ${reason}`, { cause })
}

function flag(value: unknown, name: string, fallback: boolean): boolean {
  if (value === undefined) return fallback
  if (typeof value !== 'boolean') throw invalid(`${name} must be a boolean`)
  return value
}

function transformer(value: unknown, name: string): Transformer | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'function') throw invalid(`${name} must be a function (data: Uint8Array) => Uint8Array | Promise<Uint8Array>`)
  return value as Transformer
}

function invalid(message: string): ImmutaError {
  return new ImmutaError('INVALID_ARGUMENT', message)
}

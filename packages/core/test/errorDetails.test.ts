import { describe, expect, expectTypeOf, it } from 'vitest'
import {
  type CorruptionDetails,
  type FileBackend,
  Immuta,
  ImmutaError,
  isImmutaError,
  type TransformFailedDetails,
} from '../src/index.js'

// `details` is typed by code: what CORRUPT_LOG and TRANSFORM_FAILED carry is part of the API,
// checked here at run time and, through expectTypeOf, by `pnpm typecheck`.

/** One file of fixed bytes, enough for a read-only open to read its header. */
function oneFile(bytes: Uint8Array): FileBackend {
  return {
    open: () => ({
      read: (into, position) => {
        const part = bytes.subarray(position, position + into.length)
        into.set(part)
        return part.length
      },
      write: () => {},
      truncate: () => {},
      size: () => bytes.length,
      sync: () => {},
      close: () => {},
    }),
  }
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('resolved'),
    (error: unknown) => error,
  )
}

describe('ImmutaError details, typed by code', () => {
  it('CORRUPT_LOG: isImmutaError(e, code) gives CorruptionDetails, never undefined', async () => {
    const header = new Uint8Array(16)
    header[0] = 1 // one record counted, no last offset
    const error = await rejection(Immuta.open({ backend: oneFile(header), namespaces: ['events'], readOnly: true }))
    if (!isImmutaError(error, 'CORRUPT_LOG')) throw error
    expectTypeOf(error.details).toEqualTypeOf<CorruptionDetails>()
    expectTypeOf(error.code).toEqualTypeOf<'CORRUPT_LOG'>()
    expect(error.details).toEqual({ file: 'events.log', offset: 8, reason: expect.any(String) })
  })

  it('TRANSFORM_FAILED: details are TransformFailedDetails or undefined', () => {
    const error = new ImmutaError('TRANSFORM_FAILED', 'the record changed', { details: { size: 12, expected: 1, actual: 2 } })
    expectTypeOf(error.details).toEqualTypeOf<TransformFailedDetails | undefined>()
    expect(error.details?.size).toBe(12)
  })

  it('a code without typed details, or no code at all, gives the loose type', () => {
    const error: unknown = new ImmutaError('LOCKED', 'held', { details: { pid: 1 } })
    if (!isImmutaError(error)) throw error
    expectTypeOf(error.details).toEqualTypeOf<CorruptionDetails | TransformFailedDetails | Record<string, unknown> | undefined>()
    expect(error.details).toEqual({ pid: 1 })
  })
})

import { ErrorCode, ImmutaError } from '@immuta/core'
import { expect } from 'vitest'
import { expectBytes } from '../expectBytes.js'

export { expectBytes }

/**
 * The codes core raises on purpose: its `ErrorCode` table, the one list (core's test checks it
 * against the README's error table). An error with any other code is a defect of the engine.
 */
export const DOCUMENTED_CODES: readonly string[] = Object.values(ErrorCode)

function expectCode(error: unknown, code: ErrorCode): ImmutaError {
  expect(error, `expected an ImmutaError ${code}`).toBeInstanceOf(ImmutaError)
  expect((error as ImmutaError).code).toBe(code)
  return error as ImmutaError
}

/** What a promise settles with, without throwing: the rejection reason, or undefined when it resolved. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error ?? new Error('rejected with nothing'),
  )
}

/** `run` returns a promise (it must not throw synchronously) that rejects with `code`. */
export async function rejectsWith(run: () => Promise<unknown>, code: ErrorCode): Promise<ImmutaError> {
  let promise: Promise<unknown> | undefined
  expect(() => {
    promise = run()
  }, 'a promise-returning call rejects rather than throws').not.toThrow()
  return expectCode(await rejectionOf(promise as Promise<unknown>), code)
}

/** `run` throws `code` synchronously. */
export function throwsWith(run: () => unknown, code: ErrorCode): ImmutaError {
  try {
    run()
  } catch (error) {
    return expectCode(error, code)
  }
  return expect.unreachable(`expected ${code} to be thrown synchronously`)
}

/** `run` fails with `code`, by throwing or by rejecting: for calls the page does not say which. */
export async function failsWith(run: () => unknown, code: ErrorCode): Promise<ImmutaError> {
  const error = await rejectionOf((async () => run())())
  return expectCode(error, code)
}

/** An error the engine let out: it must be an ImmutaError with a documented code. */
export function expectDocumented(error: unknown): void {
  expect(error).toBeInstanceOf(ImmutaError)
  expect(DOCUMENTED_CODES).toContain((error as ImmutaError).code)
}

/** The payloads delivered, in order, against those expected. */
export function expectPayloads(actual: readonly Uint8Array[], expected: readonly Uint8Array[]): void {
  expect(actual.length, 'number of records').toBe(expected.length)
  for (const [i, bytes] of actual.entries()) expectBytes(bytes, expected[i] as Uint8Array, `record ${i}`)
}

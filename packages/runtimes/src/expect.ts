// A few assertions with no dependency, so that the scenario runs where vitest does not (Bun and
// Deno run it as a plain module): each throws an Error that says what differed.
import { ImmutaError } from '@immuta/core'

export function ok(condition: boolean, what: string): asserts condition {
  if (!condition) throw new Error(`expected ${what}`)
}

export function equal(actual: unknown, expected: unknown, what: string): void {
  const a = show(actual)
  const e = show(expected)
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`)
}

export function sameBytes(actual: Uint8Array, expected: Uint8Array, what: string): void {
  ok(actual instanceof Uint8Array, `${what} to be a Uint8Array`)
  if (actual.length !== expected.length) throw new Error(`${what}: expected ${expected.length} bytes, got ${actual.length}`)
  const at = actual.findIndex((byte, i) => byte !== expected[i])
  if (at !== -1) throw new Error(`${what}: bytes differ first at ${at} (${actual[at]} instead of ${expected[at]})`)
}

/** The error that `promise` rejects with; throws when it resolves. */
export async function rejection(promise: Promise<unknown>, what: string): Promise<unknown> {
  const settled = await promise.then(
    () => ({ resolved: true as const }),
    (error: unknown) => ({ resolved: false as const, error }),
  )
  if (settled.resolved) throw new Error(`expected ${what} to reject, but it resolved`)
  return settled.error
}

/** Asserts that `promise` rejects with an `ImmutaError` of `code`, and returns it. */
export async function rejectsWith(promise: Promise<unknown>, code: string, what: string): Promise<ImmutaError> {
  const error = await rejection(promise, what)
  return immutaError(error, code, what)
}

/** Asserts that `run` throws an `ImmutaError` of `code` synchronously. */
export function throwsWith(run: () => unknown, code: string, what: string): ImmutaError {
  try {
    run()
  } catch (error) {
    return immutaError(error, code, what)
  }
  throw new Error(`expected ${what} to throw ${code}, but it returned`)
}

function immutaError(error: unknown, code: string, what: string): ImmutaError {
  if (!(error instanceof ImmutaError)) throw new Error(`${what}: expected an ImmutaError ${code}, got ${String(error)}`)
  if (error.code !== code) throw new Error(`${what}: expected code ${code}, got ${error.code} (${error.message})`)
  return error
}

function show(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v instanceof Uint8Array ? `Uint8Array[${v.join(',')}]` : v))
}

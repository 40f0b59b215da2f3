import { ImmutaError } from '@immuta/core'

/** The error `run` throws synchronously; fails the test when it returns. */
export function failure(run: () => unknown): unknown {
  try {
    run()
  } catch (error) {
    return error
  }
  throw new Error('expected a synchronous throw')
}

/** The ImmutaError `promise` rejects with; fails the test when it resolves or rejects otherwise. */
export async function rejection(promise: Promise<unknown>): Promise<ImmutaError> {
  const error = await promise.then(
    () => new Error('expected a rejection'),
    (reason: unknown) => reason,
  )
  if (!(error instanceof ImmutaError)) throw error
  return error
}

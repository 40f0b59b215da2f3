/** `work`, or a rejection with the signal's reason as soon as it aborts, whichever comes first. */
export function abortable<T>(work: () => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return work()
  if (signal.aborted) return Promise.reject(signal.reason)
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    work().then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}

import type { Awaitable, FileBackend } from '@immuta/core'
import { seededRandom } from '../src/random.js'
import { wrapBackend } from '../src/wrapBackend.js'

/**
 * Wraps `inner` so that each call runs synchronously, after a microtask, or after a timer of
 * up to 2 ms, as a seeded random source decides: a backend that is slow in unpredictable ways. Unlike the suites' `delayedBackend`
 * (src/log/backends/), which makes each call at once and only answers late, the call itself waits.
 */
export function slowBackend(inner: FileBackend, seed: number): FileBackend {
  const random = seededRandom(seed)
  const later = <T>(body: () => Awaitable<T>): Awaitable<T> => {
    const choice = random.int(4)
    if (choice === 0) return body()
    if (choice === 1) return Promise.resolve().then(body)
    return new Promise((resolve) => setTimeout(resolve, choice - 2)).then(body)
  }
  return wrapBackend(inner, {
    call: (_info, run) => later(run),
    open: (_name, _options, run) => later(async () => await run()),
    lock: (run) => later(run),
  })
}

import type { Awaitable, FileBackend } from '@immuta/core'
import type { Random } from '../../random.js'
import { wrapBackend } from '../../wrapBackend.js'

/**
 * A backend that answers every call with a promise, after a seeded random delay of a few
 * microtasks or a macrotask, to prove that the engine takes promise answers (and answers that
 * arrive out of order) as well as synchronous ones. The call reaches `inner` at once, in call
 * order, so the effect on the storage is what the engine asked for; only the answer is late.
 */
export function delayedBackend(inner: FileBackend, random: Random): FileBackend {
  return wrapBackend(inner, {
    call: (_info, run) => later(random, run),
    open: (_name, _options, run) => later(random, run),
    lock: (run) => later(random, run).then((held) => ({ release: () => later(random, () => held.release()) })),
  })
}

/**
 * Runs `call` now and answers after a few microtasks, or now and then after a macrotask, so
 * that answers to concurrent calls arrive out of order without making the suite slow.
 */
async function later<T>(random: Random, call: () => Awaitable<T>): Promise<T> {
  let answer: Promise<T>
  try {
    answer = Promise.resolve(call())
  } catch (error) {
    answer = Promise.reject(error)
  }
  // Marked as handled while it waits: the caller still gets the rejection when it is answered.
  answer.catch(() => {})
  if (random.int(8) === 0) await new Promise<void>((resolve) => setTimeout(resolve, 0))
  for (let hops = random.int(4); hops > 0; hops--) await undefined
  return answer
}

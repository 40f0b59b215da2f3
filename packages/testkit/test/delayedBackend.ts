import type { Awaitable, BackendFile, FileBackend } from '@immuta/core'
import { seededRandom } from '../src/random.js'

/**
 * Wraps `inner` so that each answer comes synchronously, after a microtask, or after a timer of
 * up to 2 ms, as a seeded random source decides: a backend that is slow in unpredictable ways.
 */
export function delayedBackend(inner: FileBackend, seed: number): FileBackend {
  const random = seededRandom(seed)
  const later = <T>(body: () => Awaitable<T>): Awaitable<T> => {
    const choice = random.int(4)
    if (choice === 0) return body()
    if (choice === 1) return Promise.resolve().then(body)
    return new Promise((resolve) => setTimeout(resolve, choice - 2)).then(body)
  }
  const wrapFile = (file: BackendFile): BackendFile => {
    const wrapped: BackendFile = {
      read: (into, position) => later(() => file.read(into, position)),
      write: (data, position) => later(() => file.write(data, position)),
      truncate: (size) => later(() => file.truncate(size)),
      size: () => later(() => file.size()),
      sync: () => later(() => file.sync()),
      close: () => later(() => file.close()),
    }
    const writev = file.writev?.bind(file)
    if (writev !== undefined) wrapped.writev = (chunks, position) => later(() => writev(chunks, position))
    return wrapped
  }
  const backend: FileBackend = {
    open: (name, options) => later(async () => wrapFile(await inner.open(name, options))),
  }
  const lock = inner.lock?.bind(inner)
  if (lock !== undefined) backend.lock = () => later(lock)
  if (inner.watch !== undefined) backend.watch = inner.watch.bind(inner)
  return backend
}

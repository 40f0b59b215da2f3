import type { Awaitable, BackendFile, BackendLock, FileBackend } from '@immuta/core'

/** The methods of a `BackendFile`, as a wrapper sees them. */
export type FileMethod = 'read' | 'write' | 'writev' | 'truncate' | 'size' | 'sync' | 'close'

/** One call on a wrapped file, as a hook sees it. */
export interface FileCallInfo {
  method: FileMethod
  /** The file's name, as it was opened. */
  name: string
  /** The arguments the engine passed: `(into, position)`, `(data, position)`, `(chunks, position)`, `(size)` or none. */
  args: readonly unknown[]
  /** The inner file (for a hook that makes a call of its own on it, a short write's prefix). */
  file: BackendFile
  /** The wrapped file the call was made on: the same object for every call on one handle. */
  handle: BackendFile
}

/**
 * What a wrapper adds around an inner backend; every hook is optional, and a missing one passes
 * the call through unchanged (a synchronous answer stays synchronous). Each hook gets `run`,
 * which makes the call on the inner backend, and answers what the engine gets.
 */
export interface BackendHooks {
  /** Around every file call. */
  call?(info: FileCallInfo, run: () => Awaitable<unknown>): Awaitable<unknown>
  /** Around `open`; `run` opens the inner file and answers it wrapped. */
  open?(name: string, options: { readOnly: boolean }, run: () => Awaitable<BackendFile>): Awaitable<BackendFile>
  /** Around `lock`, when the inner backend has one. */
  lock?(run: () => Awaitable<BackendLock>): Awaitable<BackendLock>
  /** Around `watch`, when the inner backend has one. */
  watch?(name: string, onChange: () => void, run: () => () => void): () => void
  /** Hide the inner files' optional `writev`, so that the engine joins its chunks itself. */
  hideWritev?: boolean
  /** Hide the inner backend's optional `watch`. */
  hideWatch?: boolean
}

/**
 * The one place the testkit lists a backend's methods: wraps `inner` so that each call goes
 * through `hooks`. faultyBackend, the recording and delayed backends of the suites, and the
 * backend without writev are each a set of hooks over it.
 */
export function wrapBackend(inner: FileBackend, hooks: BackendHooks): FileBackend {
  const backend: FileBackend = {
    open: (name, options) => {
      const run = (): Awaitable<BackendFile> => mapAnswer(inner.open(name, options), (file) => wrapFile(file, name, hooks))
      return hooks.open ? hooks.open(name, options, run) : run()
    },
  }
  const lock = inner.lock?.bind(inner)
  if (lock !== undefined) backend.lock = hooks.lock ? () => (hooks.lock as NonNullable<BackendHooks['lock']>)(lock) : lock
  const watch = inner.watch?.bind(inner)
  if (watch !== undefined && hooks.hideWatch !== true) {
    const around = hooks.watch
    backend.watch = around ? (name, onChange) => around(name, onChange, () => watch(name, onChange)) : watch
  }
  return backend
}

function wrapFile(file: BackendFile, name: string, hooks: BackendHooks): BackendFile {
  const around = hooks.call
  if (around === undefined && (hooks.hideWritev !== true || file.writev === undefined)) return file
  const call = <T>(method: FileMethod, args: readonly unknown[], run: () => Awaitable<T>): Awaitable<T> =>
    around ? (around({ method, name, args, file, handle }, run) as Awaitable<T>) : run()
  const handle: BackendFile = {
    read: (into, position) => call('read', [into, position], () => file.read(into, position)),
    write: (data, position) => call('write', [data, position], () => file.write(data, position)),
    truncate: (size) => call('truncate', [size], () => file.truncate(size)),
    size: () => call('size', [], () => file.size()),
    sync: () => call('sync', [], () => file.sync()),
    close: () => call('close', [], () => file.close()),
  }
  const writev = file.writev?.bind(file)
  if (writev !== undefined && hooks.hideWritev !== true) {
    handle.writev = (chunks, position) => call('writev', [chunks, position], () => writev(chunks, position))
  }
  return handle
}

/** Maps an answer without turning a synchronous one into a promise. */
export function mapAnswer<T, U>(answer: Awaitable<T>, map: (value: T) => U): Awaitable<U> {
  return isPromise(answer) ? answer.then(map) : map(answer)
}

function isPromise<T>(value: Awaitable<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function'
}

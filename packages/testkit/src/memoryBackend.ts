import { ErrorCode, type BackendLock, type FileBackend, ImmutaError } from '@immuta/core'
import { discardPending, type MemoryFile, openMemoryFile, type PendingOperation, type StoredFile, ioError, storedFile } from './memoryFile.js'

export type { MemoryFile } from './memoryFile.js'

/** Options of `memoryBackend()`. */
export interface MemoryBackendOptions {
  /**
   * Files the backend starts with, by name, as synced bytes (copied). Handy for opening a log
   * over a hand-made or damaged file.
   * @default {}
   */
  files?: Readonly<Record<string, Uint8Array>>
}

/** The writer lock of a `memoryBackend()`: released synchronously. */
export interface MemoryLock extends BackendLock {
  release(): void
}

/** `memoryBackend()`: every method answers synchronously, and `lock` and `watch` are always there. */
export interface MemoryBackend extends FileBackend {
  open(name: string, options: { readOnly: boolean }): MemoryFile
  lock(): MemoryLock
  watch(name: string, onChange: () => void): () => void
}

/** Per file: the synced bytes and the operations not yet synced, in the order they were made. */
export interface FileState {
  readonly durable: Uint8Array
  readonly pending: readonly PendingOperation[]
}

/** What `faultyBackend` reaches into; not part of the package's exports. */
export interface MemoryInternals {
  files(): Map<string, FileState>
  discardPending(name: string): void
}

const internals = new WeakMap<FileBackend, MemoryInternals>()

/** The internals of `backend` when it is a `memoryBackend()`, else `undefined`. */
export function memoryInternals(backend: FileBackend): MemoryInternals | undefined {
  return internals.get(backend)
}

/**
 * The reference backend: files in memory, with the durable bytes and the pending (unsynced)
 * operations of each kept apart, so that `faultyBackend` can simulate power loss over it.
 */
export function memoryBackend(options: MemoryBackendOptions = {}): MemoryBackend {
  const files = new Map<string, StoredFile>()
  for (const [name, bytes] of Object.entries(options.files ?? {})) files.set(name, storedFile(bytes))
  const watchers = watcherRegistry()
  const backend: MemoryBackend = {
    open(name, { readOnly }) {
      let file = files.get(name)
      if (file === undefined) {
        if (readOnly) throw ioError(name, 'ENOENT', 'no such file')
        file = storedFile(new Uint8Array(0))
        files.set(name, file)
      }
      return openMemoryFile(file, name, readOnly, () => watchers.changed(name))
    },
    lock: exclusiveLock(),
    watch: watchers.watch,
  }
  internals.set(backend, {
    files: () => new Map([...files].map(([name, file]) => [name, { durable: file.durable.copy(), pending: [...file.pending] }])),
    discardPending: (name) => {
      const file = files.get(name)
      if (file !== undefined) discardPending(file)
    },
  })
  return backend
}

/** One writer lock per backend, as one directory has one lock file. A stale release frees nothing. */
function exclusiveLock(): () => MemoryLock {
  let holder: object | undefined
  return () => {
    if (holder !== undefined) throw new ImmutaError(ErrorCode.LOCKED, 'memoryBackend: another writer holds the lock')
    const token = {}
    holder = token
    return {
      release: () => {
        if (holder === token) holder = undefined
      },
    }
  }
}

/**
 * Listeners per file name. Calls are coalesced into one microtask per burst of changes: a listener
 * never runs inside the write that caused it, and a stopped listener is not called afterwards.
 */
function watcherRegistry(): { watch: MemoryBackend['watch']; changed(name: string): void } {
  const listeners = new Map<string, Set<() => void>>()
  const scheduled = new Set<string>()
  const notify = (name: string): void => {
    scheduled.delete(name)
    const set = listeners.get(name) ?? new Set()
    for (const listener of [...set]) if (set.has(listener)) listener()
  }
  return {
    watch(name, onChange) {
      const set = listeners.get(name) ?? new Set()
      listeners.set(name, set)
      const listener = (): void => onChange()
      set.add(listener)
      return () => {
        set.delete(listener)
      }
    },
    changed(name) {
      if (scheduled.has(name) || !listeners.has(name)) return
      scheduled.add(name)
      queueMicrotask(() => notify(name))
    },
  }
}

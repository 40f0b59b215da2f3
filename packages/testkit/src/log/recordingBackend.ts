import type { Awaitable, BackendFile, FileBackend } from '@immuta/core'

export type CallKind = 'open' | 'read' | 'write' | 'truncate' | 'size' | 'sync' | 'close' | 'lock' | 'release' | 'watch'

/** One backend call as the engine made it. `bytes` is what a read returned or a write carried. */
export interface BackendCall {
  kind: CallKind
  file: string
  position?: number
  /** Bytes a read asked for (the buffer's length). */
  requested?: number
  bytes?: number
  readOnly?: boolean
}

/**
 * A backend that records every call before passing it on, so tests can check what the engine
 * did with the storage (bytes read at open, no writes by a follower, sync before header) without
 * depending on how the engine is built. Synchronous answers stay synchronous: wrapping must not
 * change which path the engine takes.
 */
export interface RecordingBackend {
  backend: FileBackend
  calls: BackendCall[]
  /** Every handle opened and not yet closed. */
  openFiles(): string[]
  /** The most reads that were in flight at once on `file`. */
  maxReadsInFlight(file: string): number
}

export function recordingBackend(inner: FileBackend): RecordingBackend {
  const calls: BackendCall[] = []
  const open = new Map<BackendFile, string>()
  const inFlight = new Map<string, { now: number; max: number }>()
  const backend: FileBackend = {
    open: (name, options) => {
      calls.push({ kind: 'open', file: name, readOnly: options.readOnly })
      return then(inner.open(name, options), (file) => {
        const wrapped = recordFile(file, name, calls, inFlight, () => open.delete(wrapped))
        open.set(wrapped, name)
        return wrapped
      })
    },
  }
  const lock = inner.lock?.bind(inner)
  if (lock) {
    backend.lock = () => {
      calls.push({ kind: 'lock', file: '' })
      return then(lock(), (held) => ({
        release: () => {
          calls.push({ kind: 'release', file: '' })
          return held.release()
        },
      }))
    }
  }
  const watch = inner.watch?.bind(inner)
  if (watch) {
    backend.watch = (name, onChange) => {
      calls.push({ kind: 'watch', file: name })
      return watch(name, onChange)
    }
  }
  return {
    backend,
    calls,
    openFiles: () => [...open.values()],
    maxReadsInFlight: (file) => inFlight.get(file)?.max ?? 0,
  }
}

function recordFile(
  file: BackendFile,
  name: string,
  calls: BackendCall[],
  inFlight: Map<string, { now: number; max: number }>,
  onClose: () => void,
): BackendFile {
  const reads = inFlight.get(name) ?? { now: 0, max: 0 }
  inFlight.set(name, reads)
  const wrapped: BackendFile = {
    read: (into, position) => {
      const call: BackendCall = { kind: 'read', file: name, position, requested: into.length }
      calls.push(call)
      reads.now++
      reads.max = Math.max(reads.max, reads.now)
      return settle(
        () => file.read(into, position),
        (n) => {
          call.bytes = n
        },
        () => reads.now--,
      )
    },
    write: (data, position) => {
      calls.push({ kind: 'write', file: name, position, bytes: data.length })
      return file.write(data, position)
    },
    truncate: (size) => {
      calls.push({ kind: 'truncate', file: name, position: size })
      return file.truncate(size)
    },
    size: () => {
      calls.push({ kind: 'size', file: name })
      return file.size()
    },
    sync: () => {
      calls.push({ kind: 'sync', file: name })
      return file.sync()
    },
    close: () => {
      calls.push({ kind: 'close', file: name })
      onClose()
      return file.close()
    },
  }
  const writev = file.writev?.bind(file)
  if (writev) {
    wrapped.writev = (chunks, position) => {
      calls.push({ kind: 'write', file: name, position, bytes: chunks.reduce((sum, chunk) => sum + chunk.length, 0) })
      return writev(chunks, position)
    }
  }
  return wrapped
}

function isPromise<T>(value: Awaitable<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function'
}

/** Maps an answer without turning a synchronous one into a promise. */
function then<T, U>(answer: Awaitable<T>, map: (value: T) => U): Awaitable<U> {
  return isPromise(answer) ? answer.then(map) : map(answer)
}

/** Calls `run`, observes its answer, and runs `always` once it settled, sync or not. */
function settle<T>(run: () => Awaitable<T>, onValue: (value: T) => void, always: () => void): Awaitable<T> {
  let answer: Awaitable<T>
  try {
    answer = run()
  } catch (error) {
    always()
    throw error
  }
  if (!isPromise(answer)) {
    always()
    onValue(answer)
    return answer
  }
  return answer.then(
    (value) => {
      always()
      onValue(value)
      return value
    },
    (error: unknown) => {
      always()
      throw error
    },
  )
}

import type { Awaitable, BackendFile, FileBackend } from '@immuta/core'
import { type FileCallInfo, mapAnswer, wrapBackend } from '../../wrapBackend.js'

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
  const backend = wrapBackend(inner, {
    open: (name, options, run) => {
      calls.push({ kind: 'open', file: name, readOnly: options.readOnly })
      return mapAnswer(run(), (file) => {
        open.set(file, name)
        return file
      })
    },
    call: (info, run) => {
      const { method, name, args } = info
      if (method === 'read') return recordRead(info, run, calls, inFlight)
      if (method === 'write' || method === 'writev') {
        const bytes = method === 'write' ? (args[0] as Uint8Array).length : totalLength(args[0] as Uint8Array[])
        calls.push({ kind: 'write', file: name, position: args[1] as number, bytes })
      } else if (method === 'truncate') {
        calls.push({ kind: 'truncate', file: name, position: args[0] as number })
      } else {
        calls.push({ kind: method, file: name })
        if (method === 'close') open.delete(info.handle)
      }
      return run()
    },
    lock: (run) => {
      calls.push({ kind: 'lock', file: '' })
      return mapAnswer(run(), (held) => ({
        release: () => {
          calls.push({ kind: 'release', file: '' })
          return held.release()
        },
      }))
    },
    watch: (name, _onChange, run) => {
      calls.push({ kind: 'watch', file: name })
      return run()
    },
  })
  return {
    backend,
    calls,
    openFiles: () => [...open.values()],
    maxReadsInFlight: (file) => inFlight.get(file)?.max ?? 0,
  }
}

/** Records a read, with the bytes it returned, and counts the reads in flight on its file. */
function recordRead(
  { name, args }: FileCallInfo,
  run: () => Awaitable<unknown>,
  calls: BackendCall[],
  inFlight: Map<string, { now: number; max: number }>,
): Awaitable<unknown> {
  const reads = inFlight.get(name) ?? { now: 0, max: 0 }
  inFlight.set(name, reads)
  const call: BackendCall = { kind: 'read', file: name, position: args[1] as number, requested: (args[0] as Uint8Array).length }
  calls.push(call)
  reads.now++
  reads.max = Math.max(reads.max, reads.now)
  return settle(
    run as () => Awaitable<number>,
    (n) => {
      call.bytes = n
    },
    () => reads.now--,
  )
}

function totalLength(chunks: readonly Uint8Array[]): number {
  return chunks.reduce((sum, chunk) => sum + chunk.length, 0)
}

function isPromise<T>(value: Awaitable<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function'
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

import { ioError } from './errors.js'
import type { Awaitable, BackendFile } from './types.js'

/** True when a backend answered with a promise (or any thenable) rather than a value. */
export function isPromise<T>(value: Awaitable<T>): value is Promise<T> {
  // Native promises and the common synchronous answers (undefined, numbers) are told apart
  // without reading a `then` property: that read sees every type the engine passes through
  // here, so its inline cache is megamorphic (about 20 ns an append over a no-op backend).
  if (value instanceof Promise) return true
  if (value === undefined || typeof value === 'number') return false
  return typeof (value as { then?: unknown } | null)?.then === 'function'
}

/**
 * The one place where a backend's answers are normalised. A backend may answer with a value,
 * a promise, or throw synchronously; every method here gives back the value as it came (so the
 * hot path pays no microtask for a synchronous backend) or a promise, and every failure,
 * synchronous or not, as an `IO_ERROR` with the backend's error as `cause`.
 */
export class FileIO {
  constructor(
    readonly file: BackendFile,
    readonly name: string,
  ) {}

  read(into: Uint8Array, position: number): Awaitable<number> {
    try {
      return this.settle('read', this.file.read(into, position))
    } catch (error) {
      throw ioError('read', this.name, error)
    }
  }

  /** Writes the chunks contiguously: one `writev` where the backend has it, else one joined write. */
  writev(chunks: Uint8Array[], position: number): Awaitable<void> {
    try {
      if (chunks.length === 1) return this.settle('write', this.file.write(chunks[0] as Uint8Array, position))
      if (this.file.writev) return this.settle('write', this.file.writev(chunks, position))
      return this.settle('write', this.file.write(join(chunks), position))
    } catch (error) {
      throw ioError('write', this.name, error)
    }
  }

  write(data: Uint8Array, position: number): Awaitable<void> {
    try {
      const answer = this.file.write(data, position)
      // Every append writes twice: a synchronous backend's answer skips settle.
      return answer === undefined ? undefined : this.settle('write', answer)
    } catch (error) {
      throw ioError('write', this.name, error)
    }
  }

  truncate(size: number): Awaitable<void> {
    try {
      return this.settle('truncate', this.file.truncate(size))
    } catch (error) {
      throw ioError('truncate', this.name, error)
    }
  }

  size(): Awaitable<number> {
    try {
      return this.settle('size', this.file.size())
    } catch (error) {
      throw ioError('size', this.name, error)
    }
  }

  sync(): Awaitable<void> {
    try {
      return this.settle('sync', this.file.sync())
    } catch (error) {
      throw ioError('sync', this.name, error)
    }
  }

  close(): Awaitable<void> {
    try {
      return this.settle('close', this.file.close())
    } catch (error) {
      throw ioError('close', this.name, error)
    }
  }

  private settle<T>(op: string, answer: Awaitable<T>): Awaitable<T> {
    if (!isPromise(answer)) return answer
    return answer.then(undefined, (error: unknown) => {
      throw ioError(op, this.name, error)
    })
  }
}

/** The chunks as one array. The testkit has its own (bytes.ts): core imports no other package. */
function join(chunks: Uint8Array[]): Uint8Array {
  let total = 0
  for (const chunk of chunks) total += chunk.length
  const out = new Uint8Array(total)
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.length
  }
  return out
}

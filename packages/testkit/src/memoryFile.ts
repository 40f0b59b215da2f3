import { type BackendFile, ErrorCode, ImmutaError } from '@immuta/core'
import { concatBytes } from './bytes.js'
import { errnoError } from './errnoError.js'
import { GrowableBytes } from './growableBytes.js'

/** A write or truncate that reached the (simulated) OS but not yet stable storage. */
export type PendingOperation =
  | { readonly kind: 'write'; readonly position: number; readonly data: Uint8Array }
  | { readonly kind: 'truncate'; readonly size: number }

/**
 * One file, as the power-loss model needs it: `durable` is what survives power loss,
 * `current` is what reads see (`durable` with every pending operation applied, in order).
 */
export interface StoredFile {
  durable: GrowableBytes
  current: GrowableBytes
  pending: PendingOperation[]
}

/** A handle of `memoryBackend()`: every method answers synchronously. */
export interface MemoryFile extends BackendFile {
  read(into: Uint8Array, position: number): number
  write(data: Uint8Array, position: number): void
  writev(chunks: Uint8Array[], position: number): void
  truncate(size: number): void
  size(): number
  sync(): void
  close(): void
}

export function storedFile(durable: Uint8Array): StoredFile {
  return { durable: new GrowableBytes(durable), current: new GrowableBytes(durable), pending: [] }
}

export function applyOperation(bytes: GrowableBytes, operation: PendingOperation): void {
  if (operation.kind === 'write') bytes.write(operation.data, operation.position)
  else bytes.truncate(operation.size)
}

/** What a failed fsync does on Linux: the unsynced data is gone, reads see the last synced state. */
export function discardPending(file: StoredFile): void {
  file.current = new GrowableBytes(file.durable.copy())
  file.pending = []
}

/** Opens a handle on `file`; `changed` tells the backend's watchers. */
export function openMemoryFile(file: StoredFile, name: string, readOnly: boolean, changed: () => void): MemoryFile {
  let closed = false
  const usable = (): StoredFile => {
    if (closed) throw ioError(name, 'EBADF', 'the file is closed')
    return file
  }
  const record = (operation: PendingOperation): void => {
    if (readOnly) throw ioError(name, 'EBADF', 'the file was opened read-only')
    const target = usable()
    applyOperation(target.current, operation)
    target.pending.push(operation)
    changed()
  }
  const handle: MemoryFile = {
    read: (into, position) => usable().current.read(into, offset(name, position)),
    // The copy is what lets the caller reuse `data` as soon as write returns.
    write: (data, position) => record({ kind: 'write', position: offset(name, position), data: data.slice() }),
    writev: (chunks, position) => handle.write(concatBytes(chunks), position),
    truncate: (size) => record({ kind: 'truncate', size: offset(name, size) }),
    size: () => usable().current.length,
    sync: () => {
      const target = usable()
      for (const operation of target.pending) applyOperation(target.durable, operation)
      target.pending = []
    },
    close: () => {
      closed = true
    },
  }
  return handle
}

function offset(name: string, value: number): number {
  if (Number.isSafeInteger(value) && value >= 0) return value
  throw ioError(name, 'EINVAL', `${value} is not a byte offset`)
}

/** The memory backend fails like the engine reports backend failures: IO_ERROR with an errno-style cause. */
export function ioError(name: string, code: string, why: string): ImmutaError {
  return new ImmutaError(ErrorCode.IO_ERROR, `memoryBackend: ${name}: ${why}`, { cause: errnoError(code, why) })
}

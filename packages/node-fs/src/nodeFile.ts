import type { Awaitable, BackendFile } from '@immuta/core'
import {
  closeSync,
  fdatasync,
  fdatasyncSync,
  fstatSync,
  ftruncateSync,
  read,
  readSync,
  type Stats,
  write,
  writeSync,
  writev,
  writevSync,
} from 'node:fs'
import { checkStillAtPath, type FileIdentity, removeIfStillEmpty } from './fileIdentity.js'
import { ioError } from './ioError.js'

/** What a writer's file knows beyond its descriptor. Followers have none. */
export interface WriterFile {
  /** Whether this open created the file, so a failed open may take it back. */
  created: boolean
  /** The file's device and inode at open, to tell that the path still names it. */
  identity: FileIdentity
}

/**
 * One open `<namespace>.log`: positional reads and writes on a file descriptor, never
 * `O_APPEND`, so a failed write cannot leave bytes that a later one lands after.
 *
 * IO of at most `syncIoLimit` bytes uses synchronous fs calls and answers with a plain value:
 * on the page cache they are 10 to 25 times faster than a trip through libuv's thread pool
 * (bench/io.mjs). Larger IO goes through the thread pool so one call cannot hold the event
 * loop for long. `sync` does too unless `blockingSync`: an fdatasync takes milliseconds, and
 * while it runs the engine gathers the next group commit.
 *
 * A writer's file checks that it is still the file at its path (not deleted, not replaced) in
 * `size()`, `sync()` and `close()`: so the engine's `stats()`, `verify()`, `close()` and every
 * durable commit notice, and the append path pays nothing.
 */
export class NodeFile implements BackendFile {
  readonly path: string
  #fd: number
  readonly #syncIoLimit: number
  readonly #blockingSync: boolean
  readonly #inFlight = new Set<Promise<unknown>>()
  readonly #writer: WriterFile | undefined
  #writeFailed = false

  constructor(path: string, fd: number, syncIoLimit: number, blockingSync: boolean, writer?: WriterFile) {
    this.path = path
    this.#fd = fd
    this.#syncIoLimit = syncIoLimit
    this.#blockingSync = blockingSync
    this.#writer = writer
  }

  read(into: Uint8Array, position: number): Awaitable<number> {
    const fd = this.#use('reading')
    if (into.byteLength > this.#syncIoLimit) return this.#async('reading', readAll(fd, into, position))
    try {
      return readAllSync(fd, into, position)
    } catch (error) {
      throw ioError('reading', this.path, error)
    }
  }

  write(data: Uint8Array, position: number): Awaitable<void> {
    const fd = this.#use('writing')
    if (data.byteLength > this.#syncIoLimit) return this.#async('writing', writeAll(fd, [data], position))
    try {
      writeBytesSync(fd, data, position)
    } catch (error) {
      this.#writeFailed = true
      throw ioError('writing', this.path, error)
    }
  }

  writev(chunks: Uint8Array[], position: number): Awaitable<void> {
    const fd = this.#use('writing')
    const total = byteLength(chunks)
    if (total > this.#syncIoLimit) return this.#async('writing', writeAll(fd, chunks, position))
    try {
      writeChunksSync(fd, chunks, position, total)
    } catch (error) {
      this.#writeFailed = true
      throw ioError('writing', this.path, error)
    }
  }

  truncate(size: number): void {
    const fd = this.#use('truncating')
    try {
      ftruncateSync(fd, size)
    } catch (error) {
      throw ioError('truncating', this.path, error)
    }
  }

  size(): number {
    return this.#stat('reading the size of').size
  }

  sync(): Awaitable<void> {
    const fd = this.#use('syncing')
    try {
      // One lstat against the identity taken at open, not an fstat too: a durable commit
      // syncs twice, and each stat is several microseconds.
      if (this.#writer) checkStillAtPath(this.#writer.identity, this.path, 'syncing')
    } catch (error) {
      if (this.#blockingSync) throw error
      return Promise.reject(error)
    }
    if (this.#blockingSync) {
      try {
        fdatasyncSync(fd)
      } catch (error) {
        throw ioError('syncing', this.path, error)
      }
      return
    }
    return this.#async('syncing', new Promise<void>((ok, fail) => fdatasync(fd, (e) => (e ? fail(e) : ok()))))
  }

  /** Waits for IO in flight, so the descriptor is never closed under a thread-pool call. */
  close(): Awaitable<void> {
    if (this.#fd < 0) return
    if (this.#inFlight.size === 0) return this.#closeNow()
    return Promise.allSettled(this.#inFlight).then(() => this.#closeNow())
  }

  #closeNow(): void {
    const fd = this.#fd
    if (fd < 0) return
    let vanished: unknown
    try {
      const stats = this.#stat('closing')
      if (this.#writer?.created && this.#writeFailed) removeIfStillEmpty(stats, this.path)
    } catch (error) {
      vanished = error
    }
    // Mark closed first: a descriptor number is reused by the next open, and a late call on a
    // stale number would write into some other file.
    this.#fd = -1
    try {
      closeSync(fd)
    } catch (error) {
      throw ioError('closing', this.path, error)
    }
    if (vanished) throw vanished
  }

  /** fstat, and for a writer the check that the file is still the one at its path. */
  #stat(action: string): Stats {
    const fd = this.#use(action)
    let stats: Stats
    try {
      stats = fstatSync(fd)
    } catch (error) {
      throw ioError(action, this.path, error)
    }
    if (this.#writer) checkStillAtPath(this.#writer.identity, this.path, action)
    return stats
  }

  #use(action: string): number {
    if (this.#fd >= 0) return this.#fd
    const error = Object.assign(new Error('file is closed'), { code: 'EBADF' })
    throw ioError(action, this.path, error)
  }

  #async<T>(action: string, promise: Promise<T>): Promise<T> {
    const tracked = promise.catch((error: unknown) => {
      if (action === 'writing') this.#writeFailed = true
      throw ioError(action, this.path, error)
    })
    this.#inFlight.add(tracked)
    const forget = (): void => {
      this.#inFlight.delete(tracked)
    }
    tracked.then(forget, forget)
    return tracked
  }
}

function byteLength(chunks: Uint8Array[]): number {
  let total = 0
  for (const chunk of chunks) total += chunk.byteLength
  return total
}

/** Reads until `into` is full or the file ends: a regular file may still answer short. */
function readAllSync(fd: number, into: Uint8Array, position: number): number {
  let done = 0
  while (done < into.byteLength) {
    const n = readSync(fd, into, done, into.byteLength - done, position + done)
    if (n === 0) break
    done += n
  }
  return done
}

async function readAll(fd: number, into: Uint8Array, position: number): Promise<number> {
  let done = 0
  while (done < into.byteLength) {
    const n = await readOnce(fd, into, done, position + done)
    if (n === 0) break
    done += n
  }
  return done
}

function readOnce(fd: number, into: Uint8Array, offset: number, position: number): Promise<number> {
  return new Promise((ok, fail) => {
    read(fd, into, offset, into.byteLength - offset, position, (e, n) => (e ? fail(e) : ok(n)))
  })
}

/** Writes every byte of `data`; a short write is continued, not dropped. */
function writeBytesSync(fd: number, data: Uint8Array, position: number): void {
  let done = 0
  while (done < data.byteLength) {
    const n = writeSync(fd, data, done, data.byteLength - done, position + done)
    if (n === 0) throw noProgress()
    done += n
  }
}

function writeChunksSync(fd: number, chunks: Uint8Array[], position: number, total: number): void {
  const n = writevSync(fd, chunks, position)
  if (n === total) return
  let rest = skip(chunks, n)
  let at = position + n
  while (rest.length > 0) {
    const more = writevSync(fd, rest, at)
    rest = skip(rest, more)
    at += more
  }
}

async function writeAll(fd: number, chunks: Uint8Array[], position: number): Promise<void> {
  let rest = chunks
  while (rest.length > 0) {
    const n = await writeOnce(fd, rest, position)
    rest = skip(rest, n)
    position += n
  }
}

function writeOnce(fd: number, chunks: Uint8Array[], position: number): Promise<number> {
  return new Promise((ok, fail) => {
    if (chunks.length === 1) write(fd, chunks[0] as Uint8Array, 0, undefined, position, (e, n) => (e ? fail(e) : ok(n)))
    else writev(fd, chunks, position, (e, n) => (e ? fail(e) : ok(n)))
  })
}

/**
 * The chunks that remain after `written` bytes, without the empty ones. A write that makes no
 * progress on a non-empty remainder is an error, or the loops above would spin forever.
 */
function skip(chunks: Uint8Array[], written: number): Uint8Array[] {
  const rest: Uint8Array[] = []
  let left = written
  for (const chunk of chunks) {
    if (left >= chunk.byteLength) {
      left -= chunk.byteLength
      continue
    }
    rest.push(left > 0 ? chunk.subarray(left) : chunk)
    left = 0
  }
  if (written === 0 && rest.length > 0) throw noProgress()
  return rest
}

function noProgress(): Error {
  return Object.assign(new Error('write made no progress'), { code: 'EIO' })
}

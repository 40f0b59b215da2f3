import { type BackendLock, ErrorCode, type FileBackend, ImmutaError } from '@immuta/core'
import { closeSync, constants as fsc, openSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { ensureDir, syncDir } from './directory.js'
import { identityOf } from './fileIdentity.js'
import { errnoCode, ioError } from './ioError.js'
import { lockDir } from './lock.js'
import { NodeFile } from './nodeFile.js'
import { openRegular, safeFlags } from './regularFile.js'
import { watchFile } from './watch.js'

/** Options of `nodeFs(dir, options)`. */
export interface NodeFsOptions {
  /**
   * Whether `watch` reports file-change events (`fs.watch`) so followers wake as soon as a
   * writer commits. `false` leaves followers to polling alone (every `pollInterval`): useful
   * on filesystems whose events are unreliable, and in tests that prove polling works.
   * @default true
   */
  watch?: boolean
  /**
   * Reads and writes of at most this many bytes use synchronous fs calls; larger ones go
   * through libuv's thread pool. Synchronous IO is 10 to 25 times faster for small records on
   * the page cache, but holds the event loop while it runs: about 60 µs for 256 KiB here, and
   * longer when the kernel makes the writer wait for writeback. 0 makes all IO asynchronous.
   * @default 262144 (256 KiB)
   */
  syncIoLimit?: number
  /**
   * How `sync()` runs its `fdatasync`. `'threadpool'` hands it to libuv's thread pool: the event
   * loop keeps serving (and the engine gathers the next group commit) while the disk works.
   * `'blocking'` calls `fdatasyncSync`: no thread-pool round trip, so a lone durable appender
   * goes faster, but the whole event loop stops for each sync (milliseconds on a real disk).
   * @default 'threadpool'
   */
  syncMode?: 'threadpool' | 'blocking'
}

/** The backend `nodeFs` returns. Its methods answer synchronously where they can. */
export interface NodeFsBackend extends FileBackend {
  /** The absolute path of the log directory. */
  readonly dir: string
  open(name: string, options: { readOnly: boolean }): NodeFile
  lock(): BackendLock
}

const DEFAULT_SYNC_IO_LIMIT = 256 * 1024

/**
 * A `FileBackend` over real files: `<dir>/<namespace>.log`, with the writer lock in
 * `<dir>/LOCK`. `dir` is created (with its parents) when a writer first needs it; a read-only
 * follower never creates anything. A log file or LOCK that is a symlink, a FIFO, a socket, a
 * device or a directory is refused with `IO_ERROR`, never followed or opened blocking.
 */
export function nodeFs(dir: string, options: NodeFsOptions = {}): NodeFsBackend {
  const root = checkDir(dir)
  const syncIoLimit = checkSyncIoLimit(options.syncIoLimit ?? DEFAULT_SYNC_IO_LIMIT)
  const blockingSync = checkSyncMode(options.syncMode ?? 'threadpool') === 'blocking'
  let ready = false
  const prepare = (): void => {
    if (ready) return
    ensureDir(root)
    ready = true
  }
  const backend: NodeFsBackend = {
    dir: root,
    open(name, { readOnly }) {
      const path = join(root, checkName(name))
      if (readOnly) return new NodeFile(path, openRegular(path, fsc.O_RDONLY, 'opening'), syncIoLimit, blockingSync)
      prepare()
      const { fd, created } = openOrCreate(root, path)
      return new NodeFile(path, fd, syncIoLimit, blockingSync, { created, identity: identityOf(fd, path) })
    },
    lock() {
      prepare()
      return lockDir(root)
    },
  }
  if (options.watch !== false) backend.watch = (name, onChange) => watchFile(join(root, checkName(name)), onChange)
  return backend
}

function checkDir(dir: string): string {
  if (typeof dir !== 'string' || dir === '' || dir.includes('\0')) {
    throw new ImmutaError(ErrorCode.INVALID_ARGUMENT, `nodeFs needs a directory path, got ${JSON.stringify(dir)}`)
  }
  return resolve(dir)
}

function checkSyncIoLimit(limit: number): number {
  if (Number.isSafeInteger(limit) && limit >= 0) return limit
  throw new ImmutaError(ErrorCode.INVALID_ARGUMENT, `syncIoLimit must be a non-negative integer, got ${limit}`)
}

function checkSyncMode(mode: unknown): 'threadpool' | 'blocking' {
  if (mode === 'threadpool' || mode === 'blocking') return mode
  throw new ImmutaError(ErrorCode.INVALID_ARGUMENT, `syncMode must be 'threadpool' or 'blocking', got ${JSON.stringify(mode)}`)
}

/**
 * The engine validates namespaces already; this is defence in depth, so that no name, from the
 * engine or from a caller using the backend directly, can reach outside `dir`.
 */
function checkName(name: string): string {
  if (typeof name === 'string' && name !== '' && name !== '.' && name !== '..' && !/[/\\\0]/.test(name)) {
    return name
  }
  throw new ImmutaError(ErrorCode.INVALID_NAMESPACE, `not a file name inside the log directory: ${JSON.stringify(name)}`)
}

/**
 * O_EXCL tells whether this call created the file. Only then is the directory synced, so the
 * new name survives power loss along with the records that later syncs make durable.
 */
function openOrCreate(dir: string, path: string): { fd: number; created: boolean } {
  try {
    // O_EXCL never opens what exists, a symlink included (EEXIST), so only the second open
    // below has to refuse what is not a regular file.
    const fd = openSync(path, safeFlags(fsc.O_RDWR | fsc.O_CREAT | fsc.O_EXCL), 0o644)
    syncDirOrClose(dir, fd)
    return { fd, created: true }
  } catch (error) {
    if (errnoCode(error) !== 'EEXIST') throw ioError('creating', path, error)
  }
  return { fd: openRegular(path, fsc.O_RDWR, 'opening'), created: false }
}

function syncDirOrClose(dir: string, fd: number): void {
  try {
    syncDir(dir)
  } catch (error) {
    closeSync(fd)
    throw error
  }
}

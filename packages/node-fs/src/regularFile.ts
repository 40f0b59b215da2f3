import { closeSync, fstatSync, constants as fsc, lstatSync, openSync, type Stats } from 'node:fs'
import { errnoCode, ioError } from './ioError.js'
import type { ImmutaError } from '@immuta/core'

// Windows has neither flag (and no FIFOs or symlinks that open would follow the same way).
const NOFOLLOW = fsc.O_NOFOLLOW ?? 0
const NONBLOCK = fsc.O_NONBLOCK ?? 0

/**
 * Flags for every open of a log file or LOCK. O_NOFOLLOW: a planted `events.log -> elsewhere`
 * must not redirect the writer's bytes (or its LOCK pid) into a file outside the folder.
 * O_NONBLOCK: opening a FIFO read-only would otherwise wait for a writer forever, holding the
 * event loop; on a regular file it changes nothing.
 */
export function safeFlags(flags: number): number {
  return flags | NOFOLLOW | NONBLOCK
}

/**
 * Opens `path`, which must be a regular file (or, with O_CREAT in `flags`, missing). The
 * lstat first keeps a device or FIFO from ever being opened (opening some devices has side
 * effects); the fstat after closes the race with a file swapped in between.
 */
export function openRegular(path: string, flags: number, action: string): number {
  const before = lstatOrMissing(path, action, (flags & fsc.O_CREAT) !== 0)
  try {
    refuseIfNotRegular(path, before)
  } catch (error) {
    throw ioError(action, path, error)
  }
  let fd: number
  try {
    fd = openSync(path, safeFlags(flags), 0o644)
  } catch (error) {
    throw openError(action, path, error)
  }
  try {
    refuseIfNotRegular(path, fstatSync(fd))
  } catch (error) {
    closeSync(fd)
    throw ioError(action, path, error)
  }
  return fd
}

/** An open's failure; ELOOP under O_NOFOLLOW means the path is a symlink, so say that. */
function openError(action: string, path: string, error: unknown): ImmutaError {
  if (errnoCode(error) === 'ELOOP' && NOFOLLOW !== 0) return ioError(action, path, notRegular(path, 'a symbolic link', 'ELOOP'))
  return ioError(action, path, error)
}

function lstatOrMissing(path: string, action: string, mayBeMissing: boolean): Stats | undefined {
  try {
    return lstatSync(path)
  } catch (error) {
    if (mayBeMissing && errnoCode(error) === 'ENOENT') return undefined
    throw ioError(action, path, error)
  }
}

function refuseIfNotRegular(path: string, stats: Stats | undefined): void {
  if (stats === undefined || stats.isFile()) return
  const kind = kindOf(stats)
  throw notRegular(path, kind, stats.isDirectory() ? 'EISDIR' : stats.isSymbolicLink() ? 'ELOOP' : 'EFTYPE')
}

function kindOf(stats: Stats): string {
  if (stats.isSymbolicLink()) return 'a symbolic link'
  if (stats.isDirectory()) return 'a directory'
  if (stats.isFIFO()) return 'a FIFO'
  if (stats.isSocket()) return 'a socket'
  if (stats.isCharacterDevice()) return 'a character device'
  if (stats.isBlockDevice()) return 'a block device'
  return 'not a regular file'
}

/**
 * The cause of a refused open: errno-like `code` (EFTYPE, BSD's "inappropriate file type",
 * for a FIFO, socket or device; Linux has no errno for it) and a message that says why.
 */
function notRegular(path: string, kind: string, code: string): Error {
  const why =
    code === 'ELOOP'
      ? 'immuta never follows a link for a log file or LOCK, so that a planted link cannot redirect its writes'
      : 'a log file and LOCK must be regular files'
  return Object.assign(new Error(`${path} is ${kind}: ${why}`), { code })
}

import { closeSync, fstatSync, lstatSync, type Stats, unlinkSync } from 'node:fs'
import { errnoCode, ioError } from './ioError.js'

/** Which file a descriptor is: the same device and inode is the same file. */
export interface FileIdentity {
  dev: number
  ino: number
}

/** The identity of the file open as `fd`; closes `fd` when even that fails. */
export function identityOf(fd: number, path: string): FileIdentity {
  try {
    const { dev, ino } = fstatSync(fd)
    return { dev, ino }
  } catch (error) {
    closeSync(fd)
    throw ioError('opening', path, error)
  }
}

/**
 * Throws `IO_ERROR` when the file `opened` (a writer's descriptor, fstat at open) is no
 * longer the file at `path`: deleted (nothing at `path`) or replaced (another inode there). A writer would otherwise go on committing records into a
 * file that no reader will ever open again.
 */
export function checkStillAtPath(opened: FileIdentity, path: string, action: string): void {
  let now: Stats
  try {
    now = lstatSync(path)
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') throw gone(action, path, 'ENOENT', 'was deleted')
    throw ioError(action, path, error)
  }
  if (now.ino !== opened.ino || now.dev !== opened.dev) throw gone(action, path, 'ESTALE', 'was replaced by another file')
}

function gone(action: string, path: string, code: string, what: string): Error {
  const cause = Object.assign(
    new Error(`${path} ${what} while this writer had it open; records appended since then are not in the log at that path`),
    { code },
  )
  return ioError(action, path, cause)
}

/**
 * Removes a file that this writer created and could never write to (its header write failed,
 * the disk being full), so that a refused open leaves no empty `<ns>.log` behind. Only when it
 * is empty and still the file at `path`: nothing anyone committed can be in it.
 */
export function removeIfStillEmpty(stats: Stats, path: string): void {
  if (stats.size !== 0 || stats.nlink === 0) return
  try {
    const now = lstatSync(path)
    if (now.ino === stats.ino && now.dev === stats.dev && now.size === 0) unlinkSync(path)
  } catch {
    // Best effort: an empty file left behind reads as an empty log on the next open.
  }
}

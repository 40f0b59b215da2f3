import { type BackendLock, ErrorCode, ImmutaError } from '@immuta/core'
import { closeSync, ftruncateSync, readSync, constants as fsc, writeSync } from 'node:fs'
import { join } from 'node:path'
import { loadFileLock } from './fileLock.js'
import { ioError } from './ioError.js'
import { openRegular } from './regularFile.js'

/** The lock file inside a log directory. It is never a namespace: those end in `.log`. */
export const LOCK_FILE = 'LOCK'

/**
 * Takes the writer lock of `dir`: an exclusive OS lock on `<dir>/LOCK`, held by an open file
 * descriptor. The OS drops it when the descriptor closes or the process dies in any way,
 * SIGKILL included, so there is no stale lock to time out. The lock belongs to the open file
 * description, not the process, so a second `lock()` in the same process is refused too.
 *
 * The file stays after release: deleting it would let one process lock the old file while
 * another creates and locks a new one under the same name.
 */
export function lockDir(dir: string): BackendLock {
  const path = join(dir, LOCK_FILE)
  const locks = loadFileLock(dir)
  // Never through a symlink, never a FIFO or device: a planted `LOCK -> /anything` would
  // otherwise be truncated and get our pid written into it.
  const fd = openRegular(path, fsc.O_RDWR | fsc.O_CREAT, 'opening lock file')
  let granted: boolean
  try {
    granted = locks.tryLock(fd)
  } catch (error) {
    closeSync(fd)
    throw ioError('locking', path, error)
  }
  if (!granted) {
    const holder = readHolder(fd)
    closeSync(fd)
    throw new ImmutaError(ErrorCode.LOCKED, `${dir} is locked by ${holderText(holder)}`, { details: { dir, pid: holder } })
  }
  writeHolder(fd)
  return releaseOnce(fd, path)
}

function releaseOnce(fd: number, path: string): BackendLock {
  let held = true
  return {
    release(): void {
      if (!held) return
      held = false
      try {
        closeSync(fd)
      } catch (error) {
        throw ioError('closing lock file', path, error)
      }
    },
  }
}

/** This same process is the likeliest holder to overlook: a log opened twice, one not closed. */
function holderText(pid: number | undefined): string {
  if (pid === undefined) return 'another writer'
  if (pid === process.pid) return `this same process (pid ${pid}): another open log or lock() over this folder here has not been closed`
  return `process ${pid}`
}

/** The holder's pid, for the error message only: the lock itself never trusts it. */
function writeHolder(fd: number): void {
  try {
    ftruncateSync(fd, 0)
    writeSync(fd, `${process.pid}\n`, 0)
  } catch {
    // Informational; a full disk must not keep a writer from opening.
  }
}

function readHolder(fd: number): number | undefined {
  try {
    const buf = new Uint8Array(24)
    const n = readSync(fd, buf, 0, buf.length, 0)
    const pid = Number.parseInt(new TextDecoder().decode(buf.subarray(0, n)), 10)
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined
  } catch {
    return undefined
  }
}

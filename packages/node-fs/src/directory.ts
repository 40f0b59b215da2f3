import { closeSync, fsyncSync, mkdirSync, openSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { errnoCode, ioError } from './ioError.js'

/**
 * Creates `dir` (and missing parents) if needed. Each new directory's entry is synced into its
 * parent, or a power loss could take a whole log folder with it after its records were synced.
 */
export function ensureDir(dir: string): void {
  let created: string | undefined
  try {
    created = mkdirSync(dir, { recursive: true })
  } catch (error) {
    // mkdir -p answers EEXIST when `dir` is a file, ENOTDIR when a parent is.
    const code = errnoCode(error)
    const action = code === 'EEXIST' || code === 'ENOTDIR' ? 'using as a directory' : 'creating directory'
    throw ioError(action, dir, error)
  }
  if (created === undefined) return
  // mkdir answers with the first directory it made, spelled as `dir` was.
  const first = resolve(created)
  for (let path = resolve(dir); path !== dirname(path); path = dirname(path)) {
    syncDir(dirname(path))
    if (path === first) break
  }
}

/**
 * fsyncs a directory so that a file created in it survives power loss. Windows cannot open a
 * directory for fsync (and its filesystems journal names anyway), so there it is a no-op.
 */
export function syncDir(dir: string): void {
  if (process.platform === 'win32') return
  let fd: number
  try {
    fd = openSync(dir, 'r')
  } catch (error) {
    throw ioError('opening directory', dir, error)
  }
  try {
    fsyncSync(fd)
  } catch (error) {
    // Some filesystems (certain FUSE and network mounts) do not support fsync on a directory.
    if (errnoCode(error) !== 'EINVAL') throw ioError('syncing directory', dir, error)
  } finally {
    closeSync(fd)
  }
}

import { createRequire } from 'node:module'
import { ffiLock } from './ffiLock.js'
import { ioError } from './ioError.js'

/** An exclusive, non-blocking OS lock on an open file descriptor. */
export interface FileLock {
  /** True when granted; false when another open file description holds it. */
  tryLock(fd: number): boolean
}

let loaded: FileLock | undefined

/**
 * Under Node, fs-native-extensions: prebuilt N-API binaries for fcntl OFD locks (Linux), flock
 * (macOS, BSD) and LockFileEx (Windows). Under Bun and Deno, whose Node-API lacks the libuv
 * calls the addon makes, the same OFD lock through their FFI (ffiLock.ts). Loaded on first
 * use, so read-only followers, which never lock, run where neither can.
 */
export function loadFileLock(dir: string): FileLock {
  if (loaded) return loaded
  try {
    loaded = isBunOrDeno() ? ffiLock() : (createRequire(import.meta.url)('fs-native-extensions') as FileLock)
    return loaded
  } catch (error) {
    throw ioError('loading the file lock for', dir, error)
  }
}

function isBunOrDeno(): boolean {
  const host = globalThis as { Bun?: unknown; Deno?: unknown }
  return host.Bun !== undefined || host.Deno !== undefined
}

import { createRequire } from 'node:module'
import type { FileLock } from './fileLock.js'

// fcntl(2) on Linux (x86-64 and arm64: the generic ABI).
const F_OFD_GETLK = 36
const F_OFD_SETLK = 37
const F_WRLCK = 1
const F_UNLCK = 2
// struct flock: l_type (short) at 0, l_whence (short) at 2, l_start at 8, l_len at 16,
// l_pid at 24. l_start = l_len = 0 locks the whole file; l_pid must be 0 for OFD locks.
const FLOCK_SIZE = 32

type Fcntl = (fd: number, command: number, flock: Uint8Array) => number

interface Host {
  Bun?: unknown
  Deno?: {
    dlopen(path: string, symbols: Record<string, { parameters: string[]; result: string }>): { symbols: { fcntl: Fcntl } }
  }
}

/**
 * The writer lock under Bun and Deno, whose Node-API cannot run the lock addon (Bun aborts the
 * process, Deno cannot load it). It takes the very same lock as the addon does under Node, an
 * open-file-description lock (`fcntl(F_OFD_SETLK)`), by calling libc through the runtime's
 * own FFI: so Node, Bun and Deno writers exclude each other, and the kernel drops the lock
 * when its holder dies. Linux only; elsewhere this throws and the writer's open is `IO_ERROR`.
 */
export function ffiLock(): FileLock {
  if (process.platform !== 'linux' || (process.arch !== 'x64' && process.arch !== 'arm64')) {
    throw new Error(`the writer lock under Bun and Deno is implemented for Linux x64 and arm64 only, not ${process.platform}-${process.arch}`)
  }
  const fcntl = loadFcntl()
  return {
    tryLock(fd) {
      // FFI gives no errno: when the lock is refused, ask the kernel who holds it. A holder that
      // let go between the two calls is worth another try; no holder at all is a real error.
      for (let attempt = 0; attempt < 3; attempt++) {
        if (fcntl(fd, F_OFD_SETLK, flock(F_WRLCK)) === 0) return true
        const probe = flock(F_WRLCK)
        if (fcntl(fd, F_OFD_GETLK, probe) !== 0) break
        if (new DataView(probe.buffer).getInt16(0, true) !== F_UNLCK) return false
      }
      throw Object.assign(new Error('fcntl(F_OFD_SETLK) failed, and no other process holds the lock'), { code: 'EIO' })
    },
  }
}

function flock(type: number): Uint8Array {
  const bytes = new Uint8Array(FLOCK_SIZE)
  new DataView(bytes.buffer).setInt16(0, type, true)
  return bytes
}

function loadFcntl(): Fcntl {
  const host = globalThis as Host
  if (host.Deno) {
    // Needs --allow-ffi: without it Deno throws NotCapable, which the caller turns into IO_ERROR.
    return host.Deno.dlopen('libc.so.6', { fcntl: { parameters: ['i32', 'i32', 'buffer'], result: 'i32' } }).symbols.fcntl
  }
  const ffi = createRequire(import.meta.url)('bun:ffi') as {
    dlopen(path: string, symbols: Record<string, { args: string[]; returns: string }>): { symbols: { fcntl: Fcntl } }
  }
  return ffi.dlopen('libc.so.6', { fcntl: { args: ['i32', 'i32', 'ptr'], returns: 'i32' } }).symbols.fcntl
}

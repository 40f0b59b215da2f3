import { isImmutaError } from '@immuta/core'
import { mkdirSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { nodeFs } from '../src/index.js'
import { kill, runFixture } from './child.js'
import { tempDir } from './tempDir.js'

function lockError(call: () => unknown): unknown {
  try {
    call()
  } catch (error) {
    return error
  }
  throw new Error('expected LOCKED')
}

describe('in this process', () => {
  test('a second lock on the same backend is LOCKED until the first is released', () => {
    const backend = nodeFs(tempDir())
    const lock = backend.lock()
    const error = lockError(() => backend.lock())
    expect(isImmutaError(error, 'LOCKED')).toBe(true)
    expect((error as { details?: unknown }).details).toMatchObject({ pid: process.pid })
    lock.release()
    backend.lock().release()
  })

  test('another backend over the same folder, even through a symlink, is LOCKED', () => {
    const root = tempDir()
    const dir = join(root, 'logs')
    mkdirSync(dir)
    symlinkSync(dir, join(root, 'alias'))
    const lock = nodeFs(dir).lock()
    expect(isImmutaError(lockError(() => nodeFs(dir).lock()), 'LOCKED')).toBe(true)
    expect(isImmutaError(lockError(() => nodeFs(join(root, 'alias')).lock()), 'LOCKED')).toBe(true)
    lock.release()
  })

  test('locks of different folders do not conflict', () => {
    const a = nodeFs(tempDir()).lock()
    const b = nodeFs(tempDir()).lock()
    a.release()
    b.release()
  })

  test('release is idempotent and a released lock can be taken again', () => {
    const backend = nodeFs(tempDir())
    const lock = backend.lock()
    lock.release()
    lock.release()
    const again = backend.lock()
    expect(isImmutaError(lockError(() => backend.lock()), 'LOCKED')).toBe(true)
    again.release()
  })

  test('a read-only follower opens its files while a writer holds the lock', () => {
    const backend = nodeFs(tempDir())
    const lock = backend.lock()
    backend.open('e.log', { readOnly: false }).close()
    const follower = nodeFs(backend.dir).open('e.log', { readOnly: true })
    expect(follower.size()).toBe(0)
    follower.close()
    lock.release()
  })
})

describe('between processes', () => {
  test('a lock held by another process is LOCKED here, naming that process', async () => {
    const dir = tempDir()
    const holder = runFixture('holdLock.mjs', [dir])
    expect(await holder.nextLine()).toBe('locked')
    const error = lockError(() => nodeFs(dir).lock())
    expect(isImmutaError(error, 'LOCKED')).toBe(true)
    expect((error as { details?: unknown }).details).toMatchObject({ pid: holder.process.pid })
    holder.process.stdin?.end()
    expect(await holder.exited).toEqual({ code: 0, signal: null })
    nodeFs(dir).lock().release()
  })

  test('a lock held here is LOCKED in another process', async () => {
    const dir = tempDir()
    const lock = nodeFs(dir).lock()
    const other = runFixture('holdLock.mjs', [dir])
    expect(await other.nextLine()).toBe('LOCKED')
    await other.exited
    lock.release()
  })

  test('a holder killed with SIGKILL leaves no stale lock: the next writer locks at once', async () => {
    const dir = tempDir()
    for (let round = 0; round < 3; round++) {
      const holder = runFixture('holdLock.mjs', [dir])
      expect(await holder.nextLine()).toBe('locked')
      expect(isImmutaError(lockError(() => nodeFs(dir).lock()), 'LOCKED')).toBe(true)
      await kill(holder)
      // The kernel drops the lock while the process exits, before its parent can see it gone,
      // so this first try must succeed: no waiting, no stale timeout.
      nodeFs(dir).lock().release()
    }
  })
})

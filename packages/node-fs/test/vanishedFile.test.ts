import { mkdirSync, readdirSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { isImmutaError, open } from '../src/index.js'
import { runFixture } from './child.js'
import { tempDir } from './tempDir.js'

type Failure = Error & { cause?: { code?: string; message?: string } }

async function rejection(promise: Promise<unknown>): Promise<Failure> {
  try {
    await promise
  } catch (error) {
    return error as Failure
  }
  throw new Error('expected a rejection')
}

async function expectGone(promise: Promise<unknown>, cause: string): Promise<void> {
  const error = await rejection(promise)
  expect(isImmutaError(error, 'IO_ERROR'), String(error)).toBe(true)
  expect(error.cause?.code).toBe(cause)
}

describe('a writer whose file is deleted or replaced under it', () => {
  test('deleted: stats(), verify() and close() reject with IO_ERROR (cause ENOENT); the lock is released', async () => {
    const dir = tempDir()
    const log = await open({ dir, namespaces: ['events'] })
    await log.append('events', 'before')
    unlinkSync(join(dir, 'events.log'))
    await expectGone(log.stats('events'), 'ENOENT')
    await expectGone(log.verify('events'), 'ENOENT')
    const error = await rejection(log.close())
    expect(error.cause?.code).toBe('ENOENT')
    expect(error.cause?.message).toMatch(/was deleted/)
    // The failed close still closed everything: the next writer opens a fresh, empty log.
    const again = await open({ dir, namespaces: ['events'] })
    expect((await again.stats('events')).count).toBe(0)
    await again.close()
  })

  test('replaced by another file: stats() and close() reject with IO_ERROR (cause ESTALE), the new file is untouched', async () => {
    const dir = tempDir()
    const log = await open({ dir, namespaces: ['events'] })
    await log.append('events', 'before')
    writeFileSync(join(dir, 'other'), 'someone else')
    renameSync(join(dir, 'other'), join(dir, 'events.log'))
    await expectGone(log.stats('events'), 'ESTALE')
    await expectGone(log.close(), 'ESTALE')
    expect(statSync(join(dir, 'events.log')).size).toBe('someone else'.length)
  })

  test('with fastWrite: false, the next append after the deletion is refused too', async () => {
    const dir = tempDir()
    const log = await open({ dir, namespaces: ['events'], fastWrite: false })
    await log.append('events', 'before')
    unlinkSync(join(dir, 'events.log'))
    await expectGone(log.append('events', 'after'), 'ENOENT')
    await log.close().catch(() => undefined)
  })

  test('a whole folder removed under the writer is noticed the same way', async () => {
    const dir = join(tempDir(), 'log')
    const log = await open({ dir, namespaces: ['events'] })
    rmSync(dir, { recursive: true })
    await expectGone(log.stats('events'), 'ENOENT')
    await log.close().catch(() => undefined)
  })
})

describe('a refused open leaves the folder as it was', () => {
  // A child whose file size limit is 0: every write fails (EFBIG), as on a full disk (ENOSPC).
  test('a header write that fails leaves no empty events.log; only LOCK, which is never deleted', async () => {
    const dir = tempDir()
    const child = runFixture('openLog.mjs', [dir, 'writer'], { fileSizeLimit: 0 })
    expect(JSON.parse(await child.nextLine())).toMatchObject({ code: 'IO_ERROR', cause: 'EFBIG' })
    expect(await child.exited).toEqual({ code: 0, signal: null })
    expect(readdirSync(dir)).toEqual(['LOCK'])
    const log = await open({ dir, namespaces: ['events'] })
    expect(await log.stats('events')).toEqual({ count: 0, size: 16, lastIndex: 0 })
    await log.close()
  })

  test('a file that existed before stays when the open fails', async () => {
    const dir = tempDir()
    mkdirSync(join(dir, 'sub'))
    writeFileSync(join(dir, 'events.log'), '')
    const child = runFixture('openLog.mjs', [dir, 'writer'], { fileSizeLimit: 0 })
    expect(JSON.parse(await child.nextLine())).toMatchObject({ code: 'IO_ERROR', cause: 'EFBIG' })
    await child.exited
    expect(readdirSync(dir).sort()).toEqual(['LOCK', 'events.log', 'sub'])
  })
})

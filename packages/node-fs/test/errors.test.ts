import { describe, expect, test } from 'vitest'
import { ErrorCode, ImmutaError, isImmutaError, open } from '../src/index.js'
import { kill, runFixture } from './child.js'
import { tempDir } from './tempDir.js'

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected a rejection')
}

describe('node-fs alone is enough to handle errors', () => {
  test('ImmutaError, isImmutaError and ErrorCode come from @immuta/node-fs, and match what open rejects with', async () => {
    const dir = tempDir()
    const first = await open({ dir, namespaces: ['events'] })
    const error = await rejection(open({ dir, namespaces: ['events'] }))
    await first.close()
    expect(error).toBeInstanceOf(ImmutaError)
    expect(isImmutaError(error, ErrorCode.LOCKED)).toBe(true)
    // ErrorCode is also the type of `code`.
    const code: ErrorCode = (error as ImmutaError).code
    expect(code).toBe('LOCKED')
    expect(Object.values(ErrorCode)).toContain('IO_ERROR')
  })
})

describe('LOCKED says who holds the lock', () => {
  test('when the holder is this same process, the message says so', async () => {
    const dir = tempDir()
    const first = await open({ dir, namespaces: ['events'] })
    const error = (await rejection(open({ dir, namespaces: ['events'] }))) as ImmutaError
    await first.close()
    expect(error.details).toMatchObject({ pid: process.pid })
    expect(error.message).toMatch(/this same process/)
  })

  test('when another process holds it, the message names that process and not this one', async () => {
    const dir = tempDir()
    const holder = runFixture('holdLock.mjs', [dir])
    expect(await holder.nextLine()).toBe('locked')
    const error = (await rejection(open({ dir, namespaces: ['events'] }))) as ImmutaError
    await kill(holder)
    expect(isImmutaError(error, 'LOCKED')).toBe(true)
    expect(error.message).toContain(`process ${holder.process.pid}`)
    expect(error.message).not.toMatch(/this same process/)
  })
})

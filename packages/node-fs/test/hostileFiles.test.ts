import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { join } from 'node:path'
import { describe, expect, onTestFinished, test } from 'vitest'
import { isImmutaError, open } from '../src/index.js'
import { kill, runFixture } from './child.js'
import { tempDir } from './tempDir.js'

/** What open answered: the error it rejected with (fails the test when it opened). */
async function refusedOpen(dir: string, readOnly: boolean): Promise<Error & { cause?: { code?: string; message?: string } }> {
  try {
    const log = await open({ dir, namespaces: ['events'], readOnly })
    await log.close()
  } catch (error) {
    return error as Error & { cause?: { code?: string } }
  }
  throw new Error(`expected open (${readOnly ? 'follower' : 'writer'}) to be refused`)
}

async function expectRefused(dir: string, readOnly: boolean, cause: string, says: RegExp): Promise<void> {
  const error = await refusedOpen(dir, readOnly)
  expect(isImmutaError(error, 'IO_ERROR'), String(error)).toBe(true)
  expect(error.cause?.code).toBe(cause)
  expect(error.cause?.message).toMatch(says)
}

/** A file outside the log's folder with known bytes, and a check that they never change. */
function outsideTarget(root: string, name: string): () => void {
  const path = join(root, name)
  const bytes = Buffer.from(`precious bytes of ${name}\n`.repeat(50))
  writeFileSync(path, bytes)
  return () => expect(readFileSync(path).equals(bytes), `${path} changed`).toBe(true)
}

function listen(path: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(path, () => resolve(server))
    onTestFinished(() => new Promise<void>((done) => server.close(() => done())))
  })
}

describe('a planted symlink is never followed', () => {
  test('events.log -> ../elsewhere.log: writer and follower get IO_ERROR (ELOOP), the target stays byte-identical', async () => {
    const root = tempDir()
    const dir = join(root, 'log')
    mkdirSync(dir)
    const unchanged = outsideTarget(root, 'elsewhere.log')
    symlinkSync('../elsewhere.log', join(dir, 'events.log'))
    await expectRefused(dir, false, 'ELOOP', /symbolic link/)
    await expectRefused(dir, true, 'ELOOP', /symbolic link/)
    unchanged()
  })

  test('a dangling events.log link is refused and its target is not created', async () => {
    const root = tempDir()
    const dir = join(root, 'log')
    mkdirSync(dir)
    symlinkSync('../created-outside.log', join(dir, 'events.log'))
    await expectRefused(dir, false, 'ELOOP', /symbolic link/)
    expect(existsSync(join(root, 'created-outside.log'))).toBe(false)
  })

  test('LOCK -> ../target: the writer gets IO_ERROR (ELOOP), the target is neither truncated nor given a pid', async () => {
    const root = tempDir()
    const dir = join(root, 'log')
    mkdirSync(dir)
    const unchanged = outsideTarget(root, 'target')
    symlinkSync('../target', join(dir, 'LOCK'))
    await expectRefused(dir, false, 'ELOOP', /symbolic link/)
    unchanged()
    expect(readdirSync(dir)).toEqual(['LOCK'])
  })

  test('a dangling LOCK link is refused and its target is not created', async () => {
    const root = tempDir()
    const dir = join(root, 'log')
    mkdirSync(dir)
    symlinkSync('../lock-outside', join(dir, 'LOCK'))
    await expectRefused(dir, false, 'ELOOP', /symbolic link/)
    expect(existsSync(join(root, 'lock-outside'))).toBe(false)
  })

  test('events.log -> /dev/null is refused in both modes', async () => {
    const dir = tempDir()
    symlinkSync('/dev/null', join(dir, 'events.log'))
    await expectRefused(dir, false, 'ELOOP', /symbolic link/)
    await expectRefused(dir, true, 'ELOOP', /symbolic link/)
  })
})

describe('anything that is not a regular file is refused at open', () => {
  // A FIFO opened read-only waits for a writer: before the fix it held the event loop forever,
  // so the open runs in a child that this test can kill, not in the test's own process.
  test.each(['writer', 'follower'])('events.log as a FIFO: the %s gets IO_ERROR at once', async (mode) => {
    const dir = tempDir()
    execFileSync('mkfifo', [join(dir, 'events.log')])
    const child = runFixture('openLog.mjs', [dir, mode])
    onTestFinished(() => kill(child))
    expect(JSON.parse(await child.nextLine())).toMatchObject({ code: 'IO_ERROR', cause: 'EFTYPE', message: expect.stringMatching(/a FIFO/) })
    expect(await child.exited).toEqual({ code: 0, signal: null })
  })

  test.each([false, true])('events.log as a socket (readOnly %s) is IO_ERROR', async (readOnly) => {
    const dir = tempDir()
    await listen(join(dir, 'events.log'))
    await expectRefused(dir, readOnly, 'EFTYPE', /a socket/)
  })

  test.each([false, true])('events.log as a directory (readOnly %s) is IO_ERROR, EISDIR', async (readOnly) => {
    const dir = tempDir()
    mkdirSync(join(dir, 'events.log'))
    await expectRefused(dir, readOnly, 'EISDIR', /a directory/)
    expect(readdirSync(join(dir, 'events.log'))).toEqual([])
  })

  test('LOCK as a FIFO, a socket or a directory is IO_ERROR for the writer', async () => {
    const fifo = tempDir()
    execFileSync('mkfifo', [join(fifo, 'LOCK')])
    const child = runFixture('openLog.mjs', [fifo, 'writer'])
    onTestFinished(() => kill(child))
    expect(JSON.parse(await child.nextLine())).toMatchObject({ code: 'IO_ERROR', cause: 'EFTYPE' })
    const socket = tempDir()
    await listen(join(socket, 'LOCK'))
    await expectRefused(socket, false, 'EFTYPE', /a socket/)
    const directory = tempDir()
    mkdirSync(join(directory, 'LOCK'))
    await expectRefused(directory, false, 'EISDIR', /a directory/)
    expect(existsSync(join(directory, 'events.log'))).toBe(false)
  })
})

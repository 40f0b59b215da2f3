import { isImmutaError } from '@immuta/core'
import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { nodeFs } from '../src/index.js'
import { runFixture } from './child.js'
import { tempDir } from './tempDir.js'

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text)
const text = (data: Uint8Array): string => new TextDecoder().decode(data)

/** Runs `call` and answers the error it throws or rejects with (fails the test if it does not). */
async function failure(call: () => unknown): Promise<unknown> {
  try {
    await call()
  } catch (error) {
    return error
  }
  throw new Error('expected a failure')
}

function expectIoError(error: unknown, errno: string): void {
  expect(isImmutaError(error, 'IO_ERROR'), String(error)).toBe(true)
  expect((error as Error).cause).toMatchObject({ code: errno })
}

describe('files', () => {
  test('a writer creates the directory, with its parents, and the file', () => {
    const dir = join(tempDir(), 'a', 'b')
    const file = nodeFs(dir).open('events.log', { readOnly: false })
    expect(file.size()).toBe(0)
    file.close()
    expect(readdirSync(dir)).toEqual(['events.log'])
  })

  test('a relative directory is resolved against the working directory', () => {
    const backend = nodeFs('logs')
    expect(backend.dir).toBe(join(process.cwd(), 'logs'))
  })

  test('positional writes land where they are told, never appended', () => {
    const dir = tempDir()
    const file = nodeFs(dir).open('e.log', { readOnly: false })
    file.write(bytes('world'), 5)
    file.write(bytes('hello'), 0)
    file.write(bytes('HE'), 0)
    expect(file.size()).toBe(10)
    const into = new Uint8Array(10)
    expect(file.read(into, 0)).toBe(10)
    expect(text(into)).toBe('HElloworld')
    file.close()
  })

  test('a read past the end answers the bytes that exist', () => {
    const file = nodeFs(tempDir()).open('e.log', { readOnly: false })
    file.write(bytes('abc'), 0)
    const into = new Uint8Array(8)
    expect(file.read(into, 1)).toBe(2)
    expect(text(into.subarray(0, 2))).toBe('bc')
    expect(file.read(into, 3)).toBe(0)
    expect(file.read(into, 100)).toBe(0)
    file.close()
  })

  test('a write past the end leaves zeros in the gap', () => {
    const file = nodeFs(tempDir()).open('e.log', { readOnly: false })
    file.write(bytes('x'), 4)
    const into = new Uint8Array(5)
    file.read(into, 0)
    expect([...into]).toEqual([0, 0, 0, 0, 120])
    file.close()
  })

  test('writev writes all chunks in order, contiguously, views and empty chunks included', () => {
    const file = nodeFs(tempDir()).open('e.log', { readOnly: false })
    const big = bytes('..view..')
    file.writev([bytes('ab'), new Uint8Array(0), big.subarray(2, 6), bytes('cd')], 3)
    expect(file.size()).toBe(11)
    const into = new Uint8Array(8)
    file.read(into, 3)
    expect(text(into)).toBe('abviewcd')
    file.close()
  })

  test('small IO answers plain values, so the engine need not wait a microtask', () => {
    const file = nodeFs(tempDir()).open('e.log', { readOnly: false })
    expect(file.write(bytes('abc'), 0)).toBeUndefined()
    expect(file.writev([bytes('d')], 3)).toBeUndefined()
    expect(file.read(new Uint8Array(4), 0)).toBe(4)
    file.close()
  })

  test('IO above syncIoLimit goes through promises and gives the same bytes', async () => {
    const file = nodeFs(tempDir(), { syncIoLimit: 4 }).open('e.log', { readOnly: false })
    const written = file.write(bytes('0123456789'), 0)
    expect(written).toBeInstanceOf(Promise)
    await written
    const chunks = file.writev([bytes('abc'), bytes('defgh')], 10)
    expect(chunks).toBeInstanceOf(Promise)
    await chunks
    const into = new Uint8Array(18)
    const read = file.read(into, 0)
    expect(read).toBeInstanceOf(Promise)
    expect(await read).toBe(18)
    expect(text(into)).toBe('0123456789abcdefgh')
    await file.close()
  })

  test('a large record round-trips through the asynchronous path', async () => {
    const file = nodeFs(tempDir()).open('e.log', { readOnly: false })
    const data = new Uint8Array(3 * 1024 * 1024).map((_, i) => i % 251)
    await file.writev([data.subarray(0, 1000), data.subarray(1000)], 16)
    const into = new Uint8Array(data.length)
    expect(await file.read(into, 16)).toBe(data.length)
    // Buffer.equals: vitest's deep equality walks 3 million elements one by one.
    expect(Buffer.from(into.buffer).equals(Buffer.from(data.buffer))).toBe(true)
    await file.close()
  })

  test('truncate shrinks and grows the file; size follows', () => {
    const file = nodeFs(tempDir()).open('e.log', { readOnly: false })
    file.write(bytes('abcdef'), 0)
    file.truncate(2)
    expect(file.size()).toBe(2)
    file.truncate(4)
    expect(file.size()).toBe(4)
    const into = new Uint8Array(4)
    file.read(into, 0)
    expect([...into]).toEqual([97, 98, 0, 0])
    file.close()
  })

  test('sync resolves, and a new backend over the same folder sees the synced bytes', async () => {
    const dir = tempDir()
    const file = nodeFs(dir).open('e.log', { readOnly: false })
    file.write(bytes('durable'), 0)
    await file.sync()
    await file.close()
    const again = nodeFs(dir).open('e.log', { readOnly: true })
    const into = new Uint8Array(7)
    expect(again.read(into, 0)).toBe(7)
    expect(text(into)).toBe('durable')
    again.close()
  })

  test('opening an existing file keeps its bytes', () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'e.log'), 'kept')
    const file = nodeFs(dir).open('e.log', { readOnly: false })
    expect(file.size()).toBe(4)
    file.close()
    expect(readFileSync(join(dir, 'e.log'), 'utf8')).toBe('kept')
  })

  test('creating files in new folders syncs the directories without error', () => {
    const root = tempDir()
    for (let i = 0; i < 3; i++) {
      const file = nodeFs(join(root, `d${i}`, 'x')).open(`n${i}.log`, { readOnly: false })
      file.close()
    }
    expect(existsSync(join(root, 'd2', 'x', 'n2.log'))).toBe(true)
  })

  test('close waits for IO in flight and is idempotent; later calls are IO_ERROR, EBADF', async () => {
    const dir = tempDir()
    const file = nodeFs(dir, { syncIoLimit: 0 }).open('e.log', { readOnly: false })
    const write = file.write(bytes('late'), 0)
    const closed = file.close()
    await write
    await closed
    await file.close()
    expect(readFileSync(join(dir, 'e.log'), 'utf8')).toBe('late')
    expectIoError(await failure(() => file.write(bytes('x'), 0)), 'EBADF')
    expectIoError(await failure(() => file.read(new Uint8Array(1), 0)), 'EBADF')
    expectIoError(await failure(() => file.sync()), 'EBADF')
  })
})

describe('read-only', () => {
  test('a missing file is IO_ERROR with cause ENOENT, and nothing is created', async () => {
    const root = tempDir()
    const dir = join(root, 'logs')
    expectIoError(await failure(() => nodeFs(dir).open('e.log', { readOnly: true })), 'ENOENT')
    expect(readdirSync(root)).toEqual([])
  })

  test('writes through a read-only file fail with IO_ERROR', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'e.log'), 'abc')
    const file = nodeFs(dir).open('e.log', { readOnly: true })
    expectIoError(await failure(() => file.write(bytes('x'), 0)), 'EBADF')
    expect(readFileSync(join(dir, 'e.log'), 'utf8')).toBe('abc')
    file.close()
  })
})

describe('bad input', () => {
  test.each(['../escape.log', 'a/b.log', 'a\\b.log', 'nul\0.log', '.', '..', ''])(
    'name %j is INVALID_NAMESPACE and creates nothing',
    async (name) => {
      const root = tempDir()
      const backend = nodeFs(join(root, 'logs'))
      for (const readOnly of [false, true]) {
        expect(isImmutaError(await failure(() => backend.open(name, { readOnly })), 'INVALID_NAMESPACE')).toBe(true)
      }
      expect(readdirSync(root)).toEqual([])
    },
  )

  test('a directory path that is a file is IO_ERROR, and nothing is created elsewhere', async () => {
    const root = tempDir()
    const file = join(root, 'plain')
    writeFileSync(file, 'not a folder')
    const backend = nodeFs(file)
    expectIoError(await failure(() => backend.open('e.log', { readOnly: false })), 'EEXIST')
    expectIoError(await failure(() => backend.lock()), 'EEXIST')
    expectIoError(await failure(() => backend.open('e.log', { readOnly: true })), 'ENOTDIR')
    expectIoError(await failure(() => nodeFs(join(file, 'sub')).open('e.log', { readOnly: false })), 'ENOTDIR')
    expect(readdirSync(root)).toEqual(['plain'])
    expect(readFileSync(file, 'utf8')).toBe('not a folder')
  })

  test('a namespace file that is a directory is IO_ERROR, EISDIR, in both modes', async () => {
    const dir = tempDir()
    mkdirSync(join(dir, 'e.log'))
    const backend = nodeFs(dir)
    expectIoError(await failure(() => backend.open('e.log', { readOnly: false })), 'EISDIR')
    expectIoError(await failure(() => backend.open('e.log', { readOnly: true })), 'EISDIR')
    expect(readdirSync(dir)).toEqual(['e.log'])
    expect(readdirSync(join(dir, 'e.log'))).toEqual([])
  })

  test('a symlink to a directory is followed: it is the same log', () => {
    const root = tempDir()
    mkdirSync(join(root, 'real'))
    symlinkSync(join(root, 'real'), join(root, 'link'))
    nodeFs(join(root, 'link')).open('e.log', { readOnly: false }).close()
    expect(readdirSync(join(root, 'real'))).toEqual(['e.log'])
  })

  test.each([[''], ['with\0nul']])('directory %j is INVALID_ARGUMENT', (dir) => {
    expect(() => nodeFs(dir)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
  })

  test.each([-1, 1.5, Number.NaN])('syncIoLimit %d is INVALID_ARGUMENT', (limit) => {
    expect(() => nodeFs(tempDir(), { syncIoLimit: limit })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
  })
})

describe('permissions', () => {
  // Root bypasses permission checks, so a test process running as root would create the file
  // anyway. The attempt runs in a child that drops to uid 65534 first (when it is root), which
  // tests the real check rather than pretending to.
  test('a folder without write permission is IO_ERROR, EACCES, and stays empty', async () => {
    const root = tempDir()
    const dir = join(root, 'readonly')
    mkdirSync(dir, { mode: 0o555 })
    const child = runFixture('noWritePermission.mjs', [dir])
    const line = await child.nextLine()
    expect(await child.exited).toEqual({ code: 0, signal: null })
    const answer = JSON.parse(line)
    expect(answer.uid).not.toBe(0)
    expect(answer.open).toEqual({ code: 'IO_ERROR', cause: 'EACCES' })
    expect(answer.lock).toEqual({ code: 'IO_ERROR', cause: 'EACCES' })
    expect(readdirSync(dir)).toEqual([])
  })
})

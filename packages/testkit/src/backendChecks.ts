import type { Awaitable, BackendFile, FileBackend } from '@immuta/core'
import { expect } from 'vitest'
import type { Capability } from './capabilities.js'
import { expectBytes } from './expectBytes.js'

/** How a check says the backend lacks an optional feature (vitest's `ctx.skip` in the suite). */
export interface CheckContext {
  skip(reason: string): never
}

/** One clause of the FileBackend contract, runnable against a fresh backend. */
export interface BackendCheck {
  readonly name: string
  /** The optional feature it checks; the suite registers it only for backends that have it. */
  readonly requires?: Capability
  /** Milliseconds; only checks that wait on a real clock set it. */
  readonly timeout?: number
  run(backend: FileBackend, context: CheckContext): Promise<void>
}

type Open = (name: string, readOnly?: boolean) => Promise<BackendFile>

const A = 'conformance-a.log'
const B = 'conformance-b.log'
const MISSING = 'conformance-missing.log'

/** Turns a synchronous answer or throw into a promise, as the engine does. */
async function call<T>(body: () => Awaitable<T>): Promise<T> {
  return await body()
}

/** The error that `body` fails with; the check fails if it succeeds. */
async function failure(body: () => Awaitable<unknown>, what: string): Promise<unknown> {
  try {
    await call(body)
  } catch (error) {
    return error
  }
  return expect.fail(`${what} should reject, but it succeeded`)
}

function codeOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined
}

/** Bytes that differ from their neighbours, so a read from the wrong position shows. */
function pattern(length: number, salt = 0): Uint8Array {
  const bytes = new Uint8Array(length)
  for (let i = 0; i < length; i++) bytes[i] = (i * 7 + (i >>> 8) * 13 + salt) & 0xff
  return bytes
}

/** Reads `length` bytes at `position`, expecting all of them to be there. */
async function readExactly(file: BackendFile, position: number, length: number): Promise<Uint8Array> {
  const into = new Uint8Array(length)
  expect(await call(() => file.read(into, position)), `read of ${length} at ${position}: count`).toBe(length)
  return into
}

async function sizeOf(file: BackendFile): Promise<number> {
  return call(() => file.size())
}

/** Runs `body` with an `open` that closes every file it opened afterwards, pass or fail. */
async function withFiles(backend: FileBackend, body: (open: Open) => Promise<void>): Promise<void> {
  const opened: BackendFile[] = []
  const open: Open = async (name, readOnly = false) => {
    const file = await call(() => backend.open(name, { readOnly }))
    opened.push(file)
    return file
  }
  try {
    await body(open)
  } finally {
    for (const file of opened) await call(() => file.close()).catch(() => undefined)
  }
}

function check(name: string, body: (open: Open, backend: FileBackend, context: CheckContext) => Promise<void>, timeout?: number): BackendCheck {
  return { name, timeout, run: (backend, context) => withFiles(backend, (open) => body(open, backend, context)) }
}

/** Marks a check of an optional backend feature. */
function optional(requires: Capability, of: BackendCheck): BackendCheck {
  return { ...of, requires }
}

/**
 * The FileBackend contract, clause by clause. Each check tests a rule that the doc comments of
 * `FileBackend`, `BackendFile` and `BackendLock` in @immuta/core's types.ts state (the comment
 * over each check names it); a behaviour those comments do not state is not checked, so a
 * backend never fails for a rule its author could not read.
 */
export const backendChecks: readonly BackendCheck[] = [
  // open: creates `name`, empty, unless readOnly.
  check('open creates an empty file', async (open) => {
    const file = await open(A)
    expect(await sizeOf(file)).toBe(0)
    expect(await call(() => file.read(new Uint8Array(8), 0))).toBe(0)
    expect(await sizeOf(await open(A, true)), 'read-only open after creation').toBe(0)
  }),

  // open: a missing file in read-only mode rejects and is not created.
  check('read-only open of a missing file rejects and creates nothing', async (open) => {
    expect(await failure(() => open(MISSING, true), 'read-only open of a missing file')).toBeInstanceOf(Error)
    await failure(() => open(MISSING, true), 'a second read-only open of the missing file')
  }),

  // write: all of data at position, over what was there; read: into `into` from position.
  check('write then read gives the bytes at the position asked', async (open) => {
    const file = await open(A)
    const data = pattern(300)
    await call(() => file.write(data, 0))
    expectBytes(await readExactly(file, 0, 300), data, 'whole file')
    expectBytes(await readExactly(file, 100, 10), data.subarray(100, 110), 'read at 100')
    await call(() => file.write(pattern(5, 99), 50))
    expectBytes(await readExactly(file, 48, 9), Uint8Array.of(...data.subarray(48, 50), ...pattern(5, 99), ...data.subarray(55, 57)), 'overwrite at 50')
  }),

  // read: fewer only where the file ends, 0 at or past its end.
  check('reads at and past the end give short counts', async (open) => {
    const file = await open(A)
    const data = pattern(100)
    await call(() => file.write(data, 0))
    const tail = new Uint8Array(50)
    expect(await call(() => file.read(tail, 80)), 'read of 50 at 80').toBe(20)
    expectBytes(tail.subarray(0, 20), data.subarray(80), 'the 20 bytes read at 80')
    expect(await call(() => file.read(new Uint8Array(10), 100)), 'read at the end').toBe(0)
    expect(await call(() => file.read(new Uint8Array(10), 1000)), 'read past the end').toBe(0)
  }),

  // read: all of `into` inside the file.
  check('reads inside the file fill the whole buffer', async (open) => {
    const file = await open(A)
    const data = pattern(300_000)
    await call(() => file.write(data, 0))
    expectBytes(await readExactly(file, 0, 300_000), data, 'whole file')
    expectBytes(await readExactly(file, 50_000, 200_000), data.subarray(50_000, 250_000), 'middle')
    expectBytes(await readExactly(file, 3, 7), data.subarray(3, 10), 'small read')
  }),

  // write: past the end it extends the file, the gap reading as zeros.
  check('a write past the end leaves zeros in the gap', async (open) => {
    const file = await open(A)
    await call(() => file.write(Uint8Array.of(1, 2, 3), 0))
    await call(() => file.write(Uint8Array.of(9, 9), 1000))
    expect(await sizeOf(file)).toBe(1002)
    const expected = new Uint8Array(1002)
    expected.set([1, 2, 3], 0)
    expected.set([9, 9], 1000)
    expectBytes(await readExactly(file, 0, 1002), expected, 'sparse file')
    const fresh = await open(B)
    await call(() => fresh.write(Uint8Array.of(5), 10))
    expectBytes(await readExactly(fresh, 0, 11), Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5), 'write at 10 of an empty file')
  }),

  // truncate: shrinking drops the bytes past size.
  check('truncate shrinks the file', async (open) => {
    const file = await open(A)
    const data = pattern(100)
    await call(() => file.write(data, 0))
    await call(() => file.truncate(40))
    expect(await sizeOf(file)).toBe(40)
    const into = new Uint8Array(100)
    expect(await call(() => file.read(into, 0)), 'read after truncate(40)').toBe(40)
    expectBytes(into.subarray(0, 40), data.subarray(0, 40), 'what truncate kept')
    expect(await call(() => file.read(new Uint8Array(10), 40)), 'read at the new end').toBe(0)
  }),

  // truncate: growing adds zeros.
  check('truncate grows the file with zeros', async (open) => {
    const file = await open(A)
    const data = pattern(100, 1)
    await call(() => file.write(data.subarray(0, 10), 0))
    await call(() => file.truncate(100))
    expect(await sizeOf(file)).toBe(100)
    const expected = new Uint8Array(100)
    expected.set(data.subarray(0, 10))
    expectBytes(await readExactly(file, 0, 100), expected, 'after growing from 10 to 100')
    await call(() => file.write(data, 0))
    await call(() => file.truncate(20))
    await call(() => file.truncate(60))
    expected.fill(0).set(data.subarray(0, 20))
    expectBytes(await readExactly(file, 0, 60), expected.subarray(0, 60), 'after shrinking to 20 and growing to 60')
  }),

  // size: as the writes and truncates left it; write: writing nothing changes nothing, wherever.
  check('size follows writes and truncates', async (open) => {
    const file = await open(A)
    const steps: Array<[() => Awaitable<void>, number, string]> = [
      [() => file.write(pattern(10), 0), 10, 'write 10 at 0'],
      [() => file.write(pattern(5), 2), 10, 'overwrite 5 at 2'],
      [() => file.write(pattern(4), 8), 12, 'write 4 at 8'],
      [() => file.write(pattern(1), 20), 21, 'write 1 at 20'],
      [() => file.write(new Uint8Array(0), 30), 21, 'write nothing at 30'],
      [() => file.truncate(3), 3, 'truncate 3'],
      [() => file.truncate(3), 3, 'truncate 3 again'],
    ]
    for (const [step, size, what] of steps) {
      await call(step)
      expect(await sizeOf(file), `size after ${what}`).toBe(size)
    }
  }),

  // sync: what was written, and the size, stay as they were.
  check('sync keeps the data and the size', async (open) => {
    const file = await open(A)
    await call(() => file.sync())
    const data = pattern(4096)
    await call(() => file.write(data.subarray(0, 1000), 0))
    await call(() => file.sync())
    await call(() => file.write(data.subarray(1000), 1000))
    await call(() => file.sync())
    expect(await sizeOf(file)).toBe(4096)
    expectBytes(await readExactly(file, 0, 4096), data, 'after two syncs')
  }),

  // writev: all chunks, in order, contiguously from position; write: data reusable once answered.
  optional('writev', check('writev writes the chunks in order, contiguously', async (open, _backend, context) => {
    const file = await open(A)
    const writev = file.writev?.bind(file)
    if (writev === undefined) return context.skip('the backend has no writev')
    await call(() => file.write(pattern(10), 0))
    const chunks = [pattern(3, 1), new Uint8Array(0), pattern(4, 2), pattern(1, 3)]
    await call(() => writev(chunks, 5))
    expect(await sizeOf(file)).toBe(13)
    const expected = Uint8Array.of(...pattern(5), ...pattern(3, 1), ...pattern(4, 2), ...pattern(1, 3))
    for (const chunk of chunks) chunk.fill(0xee)
    expectBytes(await readExactly(file, 0, 13), expected, 'after writev at 5, chunks reused')
  })),

  // close: closing again is a no-op; every other call after close rejects.
  check('close is idempotent and later calls reject', async (open) => {
    const file = await open(A)
    await call(() => file.write(pattern(10), 0))
    await call(() => file.close())
    await call(() => file.close())
    const calls: Array<[string, () => Awaitable<unknown>]> = [
      ['read', () => file.read(new Uint8Array(4), 0)],
      ['write', () => file.write(pattern(4), 0)],
      ['truncate', () => file.truncate(0)],
      ['size', () => file.size()],
      ['sync', () => file.sync()],
    ]
    const writev = file.writev?.bind(file)
    if (writev !== undefined) calls.push(['writev', () => writev([pattern(4)], 0)])
    for (const [name, body] of calls) await failure(body, `${name} after close`)
  }),

  // open: another open of the same name sees what was written, synced or not, also after every handle closed.
  check('another open of the same name sees what was written', async (open) => {
    const first = await open(A)
    const data = pattern(60)
    await call(() => first.write(data.subarray(0, 50), 0))
    const second = await open(A)
    expectBytes(await readExactly(second, 0, 50), data.subarray(0, 50), 'second writer open, before any sync')
    await call(() => second.write(data.subarray(50), 50))
    expect(await sizeOf(first), 'size seen by the first handle').toBe(60)
    expectBytes(await readExactly(await open(A, true), 0, 60), data, 'read-only open')
    await call(() => first.close())
    await call(() => second.close())
    expectBytes(await readExactly(await open(A), 0, 60), data, 'open after closing every handle')
    expect(await sizeOf(await open(B)), 'another name').toBe(0)
  }),

  // write: the caller may reuse data once this answered.
  check('the caller may reuse its buffer once write resolved', async (open) => {
    const file = await open(A)
    const buffer = pattern(64)
    await call(() => file.write(buffer, 0))
    buffer.fill(0xee)
    await call(() => file.write(buffer.subarray(0, 8), 64))
    const expected = Uint8Array.of(...pattern(64), ...new Uint8Array(8).fill(0xee))
    expectBytes(await readExactly(file, 0, 72), expected, 'after reusing the buffer')
  }),

  // lock: rejects with an error whose code is LOCKED while another holds it.
  optional('lock', check('a second lock rejects with LOCKED', async (_open, backend, context) => {
    const lock = backend.lock?.bind(backend)
    if (lock === undefined) return context.skip('the backend has no lock')
    const held = await call(lock)
    expect(codeOf(await failure(lock, 'a second lock')), 'code of a second lock').toBe('LOCKED')
    await call(() => held.release())
  })),

  // release: frees the lock; a second release, even after another took the lock, frees nothing.
  optional('lock', check('release frees the lock, and a stale release frees nothing', async (_open, backend, context) => {
    const lock = backend.lock?.bind(backend)
    if (lock === undefined) return context.skip('the backend has no lock')
    const first = await call(lock)
    await call(() => first.release())
    await call(() => first.release())
    const second = await call(lock)
    await call(() => first.release())
    expect(codeOf(await failure(lock, 'lock after a stale release')), 'code of the lock').toBe('LOCKED')
    await call(() => second.release())
    await call(() => second.release())
    await call(async () => (await call(lock)).release())
  })),

  // watch: calls onChange (as a hint) when name changes.
  optional('watch', check(
    'watch calls back when the file grows',
    async (open, backend, context) => {
      const watch = backend.watch?.bind(backend)
      if (watch === undefined) return context.skip('the backend has no watch')
      const file = await open(A)
      let called = false
      const stop = watch(A, () => {
        called = true
      })
      try {
        await growUntil(file, () => called)
      } finally {
        stop()
      }
    },
    20_000,
  )),
]

/**
 * Appends a byte every 50 ms until `done()`, for at most 15 s. Writing more than once makes a
 * polling watcher pass too, even one whose first look at the file came after the first write.
 */
async function growUntil(file: BackendFile, done: () => boolean): Promise<void> {
  for (let i = 0; i < 300 && !done(); i++) {
    await call(() => file.write(Uint8Array.of(i & 0xff), i))
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  if (!done()) expect.fail('watch did not call back within 15 s of the file growing')
}

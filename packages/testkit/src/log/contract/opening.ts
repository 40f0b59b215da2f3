import { type FileBackend, ImmutaError } from '@immuta/core'
import { describe, expect, test } from 'vitest'
import { recordingBackend } from '../backends/recordingBackend.js'
import { expectBytes, expectDocumented, rejectionOf, rejectsWith } from '../expectations.js'
import { encodeLog, fileExists, fileOf, readFile, writeFile } from '../format.js'
import { payload, payloads } from '../payloads.js'
import type { OpenOptions, Suite } from '../suite.js'

const NS = 'events'

/** Names outside the rules; several would reach outside the folder if joined into a path. */
const INVALID_NAMES: [string, string][] = [
  ['empty', ''],
  ['201 characters', 'a'.repeat(201)],
  ['a parent path', '../x'],
  ['a nested path', 'a/b'],
  ['an absolute path', '/etc'],
  ['a path through the parent', 'x/../y'],
  ['the current directory', '.'],
  ['the parent directory', '..'],
  ['a NUL', 'a\0b'],
  ['a backslash', 'a\\b'],
  ['a Windows parent path', '..\\x'],
  ['a space', 'a b'],
  ['a colon', 'c:x'],
  ['a newline', 'a\nb'],
]

/** Names inside the rules, including the edges: 200 characters, and dots that are not `.` or `..`. */
const VALID_NAMES: string[] = ['a'.repeat(200), 'A-Z_a-z.0-9', '...', 'x..y', '-', '_', 'v1.2.3', '.hidden']

const BAD_OPTIONS: [string, (backend: FileBackend) => Record<string, unknown>][] = [
  ['no backend', () => ({ namespaces: [NS] })],
  ['a writeTransform that is not a function', (backend) => ({ backend, namespaces: [NS], writeTransform: 'deflate' })],
  ['a readTransform that is not a function', (backend) => ({ backend, namespaces: [NS], readTransform: 42 })],
  ['a negative pollInterval', (backend) => ({ backend, namespaces: [NS], pollInterval: -1 })],
  ['a NaN pollInterval', (backend) => ({ backend, namespaces: [NS], pollInterval: Number.NaN })],
]

const BAD_READER_COUNTS: [string, unknown][] = [
  ['0', 0],
  ['negative', -1],
  ['a fraction', 1.5],
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['a string', '5'],
  ['null', null],
]

export function openingTests(suite: Suite): void {
  describe('Opening', () => {
    creationTests(suite)
    namespaceTests(suite)
    optionTests(suite)
    if (suite.capabilities.lock) lockTests(suite)
    constantReadTests(suite)
  })
}

function creationTests(suite: Suite): void {
  test('creates a file <namespace>.log for each namespace', async () => {
    const backend = await suite.backend()
    const log = await suite.open({ backend, namespaces: [NS, 'audit'] })
    expect(await fileExists(backend, fileOf(NS))).toBe(true)
    expect(await fileExists(backend, fileOf('audit'))).toBe(true)
    expect(await log.stats(NS)).toMatchObject({ count: 0, lastIndex: 0 })
  })

  test('does not create missing files in read-only mode', async () => {
    const backend = await suite.backend()
    const outcome = await rejectionOf(suite.open({ backend, namespaces: [NS], readOnly: true }))
    if (outcome !== undefined) expectDocumented(outcome)
    expect(await fileExists(backend, fileOf(NS))).toBe(false)
  })

  test('recovers each namespace: a reopened log holds what was committed and appends after it', async () => {
    const backend = await suite.backend()
    const first = await suite.open({ backend, namespaces: [NS, 'audit'] })
    for (const data of payloads(3)) await first.append(NS, data)
    await first.append('audit', payload(9))
    await first.close()
    const log = await suite.open({ backend, namespaces: [NS, 'audit'] })
    expect(await log.stats(NS)).toMatchObject({ count: 3 })
    expect(await log.stats('audit')).toMatchObject({ count: 1 })
    const next = await log.append(NS, payload(3))
    expect(next.seq).toBe(3)
    expectBytes(await readFile(backend, fileOf(NS)), encodeLog(payloads(4)))
  })
}

function namespaceTests(suite: Suite): void {
  test.each([
    ['missing', undefined],
    ['empty', []],
  ])('NAMESPACE_REQUIRED when namespaces is %s', async (_, namespaces) => {
    const backend = await suite.backend()
    await rejectsWith(() => suite.open({ backend, namespaces } as unknown as OpenOptions), 'NAMESPACE_REQUIRED')
  })

  test.each(INVALID_NAMES)('INVALID_NAMESPACE for a name with %s, and no file is touched', async (_, name) => {
    const recording = recordingBackend(await suite.backend())
    await rejectsWith(() => suite.open({ backend: recording.backend, namespaces: [name] }), 'INVALID_NAMESPACE')
    expect(recording.calls.filter((call) => call.kind === 'open')).toEqual([])
  })

  test('INVALID_NAMESPACE for a duplicated name', async () => {
    const backend = await suite.backend()
    await rejectsWith(() => suite.open({ backend, namespaces: [NS, 'audit', NS] }), 'INVALID_NAMESPACE')
  })

  test('INVALID_NAMESPACE when one name of several is bad: a namespace never reaches outside the folder', async () => {
    const recording = recordingBackend(await suite.backend())
    await rejectsWith(() => suite.open({ backend: recording.backend, namespaces: [NS, '../escape'] }), 'INVALID_NAMESPACE')
    const opened = recording.calls.filter((call) => call.kind === 'open').map((call) => call.file)
    expect(opened.filter((file) => file !== fileOf(NS))).toEqual([])
  })

  test.each(VALID_NAMES)('accepts the namespace %j and stores it as <name>.log', async (name) => {
    const recording = recordingBackend(await suite.backend())
    const log = await suite.open({ backend: recording.backend, namespaces: [name] })
    expect(log.namespaces).toEqual([name])
    await log.append(name, payload(0))
    const opened = new Set(recording.calls.filter((call) => call.kind === 'open').map((call) => call.file))
    expect([...opened]).toEqual([fileOf(name)])
  })
}

function optionTests(suite: Suite): void {
  test.each(BAD_READER_COUNTS)('READER_COUNT_INVALID when readerCount is %s', async (_, readerCount) => {
    const backend = await suite.backend()
    const options = { backend, namespaces: [NS], readerCount } as unknown as OpenOptions
    await rejectsWith(() => suite.open(options), 'READER_COUNT_INVALID')
  })

  test.each([1, 2, 10])('accepts readerCount %i', async (readerCount) => {
    const backend = await suite.backend()
    const log = await suite.open({ backend, namespaces: [NS], readerCount })
    await log.append(NS, payload(0))
    expect((await log.stream(NS, 0).next()).seq).toBe(0)
  })

  // The page gives these no code of their own; a careful library still refuses them up front
  // with its own error rather than failing later with a TypeError from deep inside.
  test.each(BAD_OPTIONS)('refuses %s with an ImmutaError', async (_, optionsFor) => {
    const backend = await suite.backend()
    const error = await rejectionOf(suite.open(optionsFor(backend) as unknown as OpenOptions))
    expect(error, 'open must reject').toBeInstanceOf(ImmutaError)
  })
}

function lockTests(suite: Suite): void {
  test('LOCKED when a second writer opens the same backend, until the first closes', async () => {
    const backend = await suite.backend()
    const first = await suite.open({ backend, namespaces: [NS] })
    await rejectsWith(() => suite.open({ backend, namespaces: [NS] }), 'LOCKED')
    await rejectsWith(() => suite.open({ backend, namespaces: ['other'] }), 'LOCKED')
    await first.close()
    const second = await suite.open({ backend, namespaces: [NS] })
    expect((await second.append(NS, payload(0))).seq).toBe(0)
  })

  test('a read-only follower opens while a writer holds the lock', async () => {
    const backend = await suite.backend()
    const writer = await suite.open({ backend, namespaces: [NS] })
    await writer.append(NS, payload(0))
    const follower = await suite.open({ backend, namespaces: [NS], readOnly: true })
    expect(await follower.stats(NS)).toMatchObject({ count: 1 })
  })
}

/** Bytes each opening of `backend` reads, writer and follower, through a recording wrapper. */
async function bytesReadAtOpen(suite: Suite, backend: FileBackend, readOnly: boolean): Promise<number> {
  const recording = recordingBackend(backend)
  const log = await suite.open({ backend: recording.backend, namespaces: [NS], readOnly })
  const read = recording.calls.reduce((sum, call) => sum + (call.kind === 'read' ? (call.bytes ?? 0) : 0), 0)
  await log.close()
  return read
}

function constantReadTests(suite: Suite): void {
  test.each([false, true])(
    'opening reads a constant number of bytes whatever the log size (readOnly: %s)',
    async (readOnly) => {
      const small = await suite.backend()
      const large = await suite.backend()
      await writeFile(small, fileOf(NS), encodeLog(payloads(1, 100)))
      await writeFile(large, fileOf(NS), encodeLog(payloads(3000, 100)))
      const smallRead = await bytesReadAtOpen(suite, small, readOnly)
      const largeRead = await bytesReadAtOpen(suite, large, readOnly)
      expect(largeRead).toBe(smallRead)
      // The header and one size field are 24 bytes; a read-ahead chunk would show up as far more.
      expect(largeRead).toBeLessThanOrEqual(1024)
    },
  )
}

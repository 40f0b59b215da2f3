import type { FileBackend } from '@immuta/core'
import { describe, expect, test } from 'vitest'
import { faultyBackend } from '../../faultyBackend.js'
import { memoryBackend } from '../../memoryBackend.js'
import { seededRandom } from '../../random.js'
import { recordingBackend } from '../backends/recordingBackend.js'
import { expectBytes, rejectsWith, throwsWith } from '../expectations.js'
import { appendRaw, encodeLog, fileExists, fileOf, HEADER_SIZE, indexesOf, readFile, setU64, writeFile } from '../format.js'
import { decodeIndex, encodeIndex, indexFileOf } from '../indexFormat.js'
import { payload, randomBytes } from '../payloads.js'
import type { Log, Suite } from '../suite.js'

const NS = 'events'
/** Records of 40..299 bytes: about 420 KiB, several 64 KiB spans of the index. */
const COUNT = 2500
const MORE = 400

function sizeOf(i: number): number {
  return 40 + ((i * 37) % 260)
}

function records(count: number, from = 0): Uint8Array[] {
  return Array.from({ length: count }, (_, i) => payload(from + i, sizeOf(from + i)))
}

const ALL = records(COUNT + MORE)
const INDEXES = indexesOf(ALL)

/** Seqs worth asking for: both ends, the middle, and seeded random ones. */
function sample(count: number, seed: number): number[] {
  const random = seededRandom(seed)
  return [0, 1, count >> 1, count - 2, count - 1, ...Array.from({ length: 25 }, () => random.int(count))]
}

async function appendAll(log: Log, payloads: readonly Uint8Array[]): Promise<void> {
  for (let i = 0; i < payloads.length; i += 250) await Promise.all(payloads.slice(i, i + 250).map((data) => log.append(NS, data)))
}

/** Every answer of get, read and stream(ns, N) for `count` records is the record itself. */
async function expectRight(log: Log, count: number, seed: number): Promise<void> {
  for (const seq of sample(count, seed)) {
    expect(await log.get(NS, seq), `get(${seq})`).toEqual({ seq, index: INDEXES[seq], size: ALL[seq]?.length, data: ALL[seq] })
  }
  const from = count >> 2
  const read = await log.read(NS, from, 50)
  expect(read.map((record) => record.index)).toEqual(INDEXES.slice(from, from + 50))
  expect(read.map((record) => record.data)).toEqual(ALL.slice(from, from + 50))
  for (const n of [1, count >> 1, count - 1]) {
    const stream = log.stream(NS, n)
    const first = await stream.next()
    expect({ seq: first.seq, index: first.index, data: first.data }).toEqual({ seq: n, index: INDEXES[n], data: ALL[n] })
    stream.done()
  }
}

/** A log of COUNT records written by the engine, read at random, and closed: its `.idx` is on disk. */
async function closedWithIndex(suite: Suite, backend: FileBackend): Promise<void> {
  const log = await suite.open({ backend, namespaces: [NS] })
  await appendAll(log, ALL.slice(0, COUNT))
  await log.get(NS, 7)
  await log.close()
}

async function writeHeader(backend: FileBackend, count: number, lastIndex: number): Promise<void> {
  const header = new Uint8Array(HEADER_SIZE)
  setU64(header, 0, count)
  setU64(header, 8, lastIndex)
  const file = await backend.open(fileOf(NS), { readOnly: false })
  try {
    await file.write(header, 0)
    await file.sync()
  } finally {
    await file.close()
  }
}

type Damage = (index: Uint8Array, seed: number) => Uint8Array

const DAMAGE: [string, Damage][] = [
  ['emptied', () => new Uint8Array(0)],
  ['truncated', (index) => index.slice(0, index.length >> 1)],
  ['zeroed', (index) => new Uint8Array(index.length)],
  ['filled with garbage', (index, seed) => randomBytes(seededRandom(seed), index.length)],
  ['torn in its last byte', (index) => Uint8Array.from(index, (byte, i) => (i === index.length - 1 ? byte ^ 1 : byte))],
  ['well formed, every entry one record later', (index) => shifted(index, (entry) => ({ seq: entry.seq, offset: INDEXES[entry.seq + 1] ?? 0 }))],
  ['well formed, every seq one higher', (index) => shifted(index, (entry) => ({ seq: entry.seq + 1, offset: entry.offset }))],
  ['well formed, every entry but the last one record later', (index) => shifted(index, (entry, i, n) => (i === n - 1 ? entry : { seq: entry.seq, offset: INDEXES[entry.seq + 1] ?? 0 }))],
  ['well formed, every seq but the last one lower', (index) => shifted(index, (entry, i, n) => (i === n - 1 ? entry : { seq: entry.seq - 1, offset: entry.offset }))],
  ['well formed, one entry moved into a record', (index) => shifted(index, (entry, i) => (i === 1 ? { ...entry, offset: entry.offset + 8 } : entry))],
  ['well formed, covering more records than the log has', (index) => covering(index, 1)],
]

type Entry = { seq: number; offset: number }

/** The engine's own index with its entries moved, checksum and all: well formed, and wrong. */
function shifted(index: Uint8Array, move: (entry: Entry, i: number, n: number) => Entry): Uint8Array {
  const content = decodeIndex(index)
  if (!content || content.entries.length < 3) throw new Error('the engine wrote no index with entries to shift')
  const n = content.entries.length
  return encodeIndex({ ...content, entries: content.entries.map((entry, i) => move(entry, i, n)) })
}

function covering(index: Uint8Array, extra: number): Uint8Array {
  const content = decodeIndex(index)
  if (!content) throw new Error('the engine wrote no index')
  const { count, lastIndex, end } = content.covered
  return encodeIndex({ ...content, covered: { count: count + extra, lastIndex, end } })
}

export function randomAccessTests(suite: Suite): void {
  describe('Random access: get, read, stream(ns, N)', () => {
    apiTests(suite)
    indexFileTests(suite)
    foreignWriterTests(suite)
  })
}

function apiTests(suite: Suite): void {
  test('get, read and stream(ns, N) answer with the records themselves in a log of many index spans', async () => {
    const log = await suite.open({ backend: await suite.backend(), namespaces: [NS] })
    await appendAll(log, ALL.slice(0, COUNT))
    await expectRight(log, COUNT, suite.seed)
    // A second round runs on the index the first one warmed.
    await expectRight(log, COUNT, suite.seed + 1)
  })

  test('get rejects RECORD_NOT_FOUND at and past the count, INVALID_ARGUMENT for a seq that is not one', async () => {
    const log = await suite.open({ backend: await suite.backend(), namespaces: [NS] })
    await rejectsWith(() => log.get(NS, 0), 'RECORD_NOT_FOUND')
    await appendAll(log, ALL.slice(0, 3))
    const missing = await rejectsWith(() => log.get(NS, 3), 'RECORD_NOT_FOUND')
    expect(missing.details).toMatchObject({ seq: 3, count: 3 })
    await rejectsWith(() => log.get(NS, 2 ** 40), 'RECORD_NOT_FOUND')
    for (const seq of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '1' as unknown as number]) {
      await rejectsWith(() => log.get(NS, seq), 'INVALID_ARGUMENT')
    }
    await rejectsWith(() => log.get('nope', 0), 'NAMESPACE_NOT_FOUND')
    expect((await log.get(NS, 2)).data).toEqual(ALL[2])
  })

  test('get and read reject with the reason of an aborted signal', async () => {
    const log = await suite.open({ backend: await suite.backend(), namespaces: [NS] })
    await appendAll(log, ALL.slice(0, 3))
    const reason = new Error('stop')
    const aborted = AbortSignal.abort(reason)
    await expect(log.get(NS, 1, { signal: aborted })).rejects.toBe(reason)
    await expect(log.read(NS, 0, 3, { signal: aborted })).rejects.toBe(reason)
    expect((await log.read(NS, 0, 3, { signal: new AbortController().signal })).length).toBe(3)
  })

  test('read returns what is committed now, clipped at the count, and never waits', async () => {
    const log = await suite.open({ backend: await suite.backend(), namespaces: [NS] })
    expect(await log.read(NS, 0, 10)).toEqual([])
    await appendAll(log, ALL.slice(0, 5))
    expect((await log.read(NS, 3, 10)).map((record) => record.data)).toEqual(ALL.slice(3, 5))
    expect(await log.read(NS, 5, 10)).toEqual([])
    expect(await log.read(NS, 2, 0)).toEqual([])
    await rejectsWith(() => log.read(NS, -1, 1), 'INVALID_ARGUMENT')
    await rejectsWith(() => log.read(NS, 0, 0.5), 'INVALID_ARGUMENT')
  })

  test('get and read apply the read transform', async () => {
    const flip = (data: Uint8Array): Uint8Array => data.map((byte) => byte ^ 0xff)
    const log = await suite.open({ backend: await suite.backend(), namespaces: [NS], writeTransform: flip, readTransform: flip })
    await appendAll(log, ALL.slice(0, 4))
    expect((await log.get(NS, 3)).data).toEqual(ALL[3])
    expect((await log.read(NS, 1, 2)).map((record) => record.data)).toEqual(ALL.slice(1, 3))
  })

  test('stream(ns, N) inside the log goes on from N to records committed later', async () => {
    const log = await suite.open({ backend: await suite.backend(), namespaces: [NS] })
    await appendAll(log, ALL.slice(0, COUNT))
    const stream = log.stream(NS, COUNT - 2)
    const next = [await stream.next(), await stream.next()]
    const waiting = stream.next()
    await log.append(NS, ALL[COUNT] as Uint8Array)
    expect([...next, await waiting].map((record) => record.seq)).toEqual([COUNT - 2, COUNT - 1, COUNT])
  })

  test('after close, get and read reject STORAGE_CLOSED', async () => {
    const log = await suite.open({ backend: await suite.backend(), namespaces: [NS] })
    await appendAll(log, ALL.slice(0, 2))
    await log.close()
    await rejectsWith(() => log.get(NS, 0), 'STORAGE_CLOSED')
    await rejectsWith(() => log.read(NS, 0, 1), 'STORAGE_CLOSED')
    throwsWith(() => log.stream(NS, 1), 'STORAGE_CLOSED')
  })

  test('a warm get reads at most 2 chunks of the log from the backend', async () => {
    const recording = recordingBackend(await suite.backend())
    const log = await suite.open({ backend: recording.backend, namespaces: [NS] })
    await appendAll(log, ALL.slice(0, COUNT))
    await expectRight(log, COUNT, suite.seed)
    for (const seq of sample(COUNT, suite.seed + 2)) {
      const before = recording.calls.length
      await log.get(NS, seq)
      const reads = recording.calls.slice(before).filter((call) => call.kind === 'read' && call.file === fileOf(NS))
      expect(reads.length, `reads for get(${seq})`).toBeLessThanOrEqual(2)
    }
  })
}

function indexFileTests(suite: Suite): void {
  test('close writes an index whose every entry is where the log says the record starts', async () => {
    const backend = await suite.backend()
    await closedWithIndex(suite, backend)
    const index = decodeIndex(await readFile(backend, indexFileOf(NS)))
    expect(index?.covered).toEqual({ count: COUNT, lastIndex: INDEXES[COUNT - 1], end: INDEXES[COUNT] })
    expect(index?.entries.length).toBeGreaterThan(3)
    for (const entry of index?.entries ?? []) expect(entry.offset).toBe(INDEXES[entry.seq])
    expectBytes(await readFile(backend, fileOf(NS)), encodeLog(ALL.slice(0, COUNT)), 'the log file')
  })

  test('with no index file (a log another program wrote) every answer is right, and close writes one', async () => {
    const backend = await suite.backend()
    await writeFile(backend, fileOf(NS), encodeLog(ALL.slice(0, COUNT)))
    const log = await suite.open({ backend, namespaces: [NS] })
    await expectRight(log, COUNT, suite.seed)
    await log.close()
    expect(decodeIndex(await readFile(backend, indexFileOf(NS)))?.covered.count).toBe(COUNT)
  })

  test.each(DAMAGE)('an index file %s never serves a wrong record, and close rewrites it', async (_, damage) => {
    const backend = await suite.backend()
    await closedWithIndex(suite, backend)
    await writeFile(backend, indexFileOf(NS), damage(await readFile(backend, indexFileOf(NS)), suite.seed))
    const log = await suite.open({ backend, namespaces: [NS] })
    await expectRight(log, COUNT, suite.seed)
    await log.close()
    const rewritten = decodeIndex(await readFile(backend, indexFileOf(NS)))
    expect(rewritten?.covered.count).toBe(COUNT)
    for (const entry of rewritten?.entries ?? []) expect(entry.offset).toBe(INDEXES[entry.seq])
  })

  test('an index of another log under the same header (two records swapped) never serves a wrong record', async () => {
    const backend = await suite.backend()
    await closedWithIndex(suite, backend)
    const index = decodeIndex(await readFile(backend, indexFileOf(NS)))
    const at = index?.entries[1]?.seq ?? 1
    const swapped = ALL.slice(0, COUNT)
    ;[swapped[at - 1], swapped[at]] = [swapped[at], swapped[at - 1]] as [Uint8Array, Uint8Array]
    await writeFile(backend, fileOf(NS), encodeLog(swapped))
    const log = await suite.open({ backend, namespaces: [NS] })
    const swappedIndexes = indexesOf(swapped)
    for (const seq of [at - 1, at, at + 1, ...sample(COUNT, suite.seed)]) {
      expect(await log.get(NS, seq), `get(${seq})`).toMatchObject({ seq, index: swappedIndexes[seq], data: swapped[seq] })
    }
  })

  test('a follower never writes the index file, not even to repair one', async () => {
    const backend = await suite.backend()
    await closedWithIndex(suite, backend)
    const garbage = randomBytes(seededRandom(suite.seed), 300)
    await writeFile(backend, indexFileOf(NS), garbage)
    const follower = await suite.open({ backend, namespaces: [NS], readOnly: true })
    await expectRight(follower, COUNT, suite.seed)
    await follower.close()
    expect(await readFile(backend, indexFileOf(NS))).toEqual(garbage)

    const fresh = await suite.backend()
    await writeFile(fresh, fileOf(NS), encodeLog(ALL.slice(0, COUNT)))
    const reader = await suite.open({ backend: fresh, namespaces: [NS], readOnly: true })
    await expectRight(reader, COUNT, suite.seed)
    await reader.close()
    expect(await fileExists(fresh, indexFileOf(NS))).toBe(false)
  })
}

function foreignWriterTests(suite: Suite): void {
  test('after a Go-style append from outside (records and header, no index update) every answer is right', async () => {
    const backend = await suite.backend()
    await closedWithIndex(suite, backend)
    await appendRaw(backend, fileOf(NS), encodeLog(ALL).subarray(INDEXES[COUNT]))
    await writeHeader(backend, COUNT + MORE, INDEXES[COUNT + MORE - 1] as number)
    const log = await suite.open({ backend, namespaces: [NS] })
    await expectRight(log, COUNT + MORE, suite.seed)
    for (const seq of [COUNT - 1, COUNT, COUNT + 1]) expect((await log.get(NS, seq)).data).toEqual(ALL[seq])
    await log.close()
    expect(decodeIndex(await readFile(backend, indexFileOf(NS)))?.covered.count).toBe(COUNT + MORE)
  })

  test('after a crash of a writer that appended past its index file, a reader gets every record right', async () => {
    const backend = await suite.backend()
    await closedWithIndex(suite, backend)
    const writer = await suite.open({ backend, namespaces: [NS] })
    await appendAll(writer, ALL.slice(COUNT))
    await writer.get(NS, COUNT + 1)
    // The writer dies here, never closed: its index file covers COUNT records at most.
    const reader = await suite.open({ backend, namespaces: [NS], readOnly: true })
    await expectRight(reader, COUNT + MORE, suite.seed)
  })

  test.each([
    ['dropped', { mode: 'drop' }],
    ['torn', { mode: 'tear', seed: 5, sectorSize: 1 }],
    ['kept', { mode: 'keep' }],
  ] as const)('after power loss with the unsynced index writes %s every answer is right', async (_, plan) => {
    const faulty = faultyBackend(memoryBackend())
    const log = await suite.open({ backend: faulty, namespaces: [NS], fastWrite: false })
    await appendAll(log, ALL.slice(0, COUNT))
    await expectRight(log, COUNT, suite.seed)
    const after = faulty.afterPowerLoss(plan)
    const reopened = await suite.open({ backend: after, namespaces: [NS] })
    await expectRight(reopened, COUNT, suite.seed)
  })
}

import { chain } from '@immuta/core'
import { describe, expect, test } from 'vitest'
import { concatBytes } from '../../bytes.js'
import { withoutWritev } from '../backends/withoutWritev.js'
import { expectBytes, rejectsWith } from '../expectations.js'
import { encodeLog, fileOf, getU64, indexesOf, readFile } from '../format.js'
import { payload, payloads, utf8 } from '../payloads.js'
import type { Suite } from '../suite.js'

const NS = 'events'

/** A write transform that changes the size, so stored and given sizes differ; and its inverse. */
const doubled = (data: Uint8Array): Uint8Array => {
  const out = new Uint8Array(data.length * 2)
  out.set(data)
  out.set(data, data.length)
  return out
}
const halved = (data: Uint8Array): Uint8Array => data.slice(0, data.length / 2)

/** `data` with one byte appended: a transform that leaves a trace. */
const withByte = (data: Uint8Array, byte: number): Uint8Array => concatBytes([data, Uint8Array.of(byte)])

export function writingTests(suite: Suite): void {
  describe('Writing', () => {
    resultTests(suite)
    commitTests(suite)
    concurrencyTests(suite)
    argumentTests(suite)
  })
}

function resultTests(suite: Suite): void {
  test('the first append resolves with index 16, seq 0 and its size', async () => {
    const log = await suite.open({ backend: await suite.backend(), namespaces: [NS] })
    expect(await log.append(NS, payload(0, 10))).toEqual({ index: 16, seq: 0, size: 10 })
  })

  test('each record starts after the previous size field and payload, in the Go format byte for byte', async () => {
    const backend = await suite.backend()
    const log = await suite.open({ backend, namespaces: [NS] })
    const data = [payload(0, 1), payload(1, 300), payload(2, 0), payload(3, 70000), payload(4, 5)]
    const indexes = indexesOf(data)
    for (const [seq, bytes] of data.entries()) {
      expect(await log.append(NS, bytes)).toEqual({ index: indexes[seq], seq, size: bytes.length })
    }
    expectBytes(await readFile(backend, fileOf(NS)), encodeLog(data))
  })

  test('size is the stored size, after the write transform; the file holds the stored bytes', async () => {
    const backend = await suite.backend()
    const log = await suite.open({ backend, namespaces: [NS], writeTransform: doubled, readTransform: halved })
    expect(await log.append(NS, payload(0, 10))).toEqual({ index: 16, seq: 0, size: 20 })
    expect(await log.append(NS, payload(1, 3))).toEqual({ index: 44, seq: 1, size: 6 })
    expectBytes(await readFile(backend, fileOf(NS)), encodeLog([doubled(payload(0, 10)), doubled(payload(1, 3))]))
    const record = await log.stream(NS, 0).next()
    expect(record).toEqual({ seq: 0, index: 16, size: 20, data: payload(0, 10) })
  })

  test('an asynchronous write transform is awaited', async () => {
    const backend = await suite.backend()
    const writeTransform = async (data: Uint8Array): Promise<Uint8Array> => doubled(data)
    const log = await suite.open({ backend, namespaces: [NS], writeTransform })
    expect((await log.append(NS, payload(0, 4))).size).toBe(8)
    expectBytes(await readFile(backend, fileOf(NS)), encodeLog([doubled(payload(0, 4))]))
  })

  test('chain(a, b) as write transform applies a first, as read transform b(a(x)) in order', async () => {
    const backend = await suite.backend()
    const tag = (byte: number) => (data: Uint8Array) => withByte(data, byte)
    const untag = (data: Uint8Array) => data.slice(0, -1)
    const log = await suite.open({ backend, namespaces: [NS], writeTransform: chain(tag(1), tag(2)), readTransform: chain(untag, untag) })
    await log.append(NS, payload(0, 4))
    expectBytes(await readFile(backend, fileOf(NS)), encodeLog([withByte(withByte(payload(0, 4), 1), 2)]))
    expect((await log.stream(NS, 0).next()).data).toEqual(payload(0, 4))
  })

  test('a string is stored as UTF-8', async () => {
    const backend = await suite.backend()
    const log = await suite.open({ backend, namespaces: [NS] })
    const text = 'héllo, wörld ✓ 𝄞'
    expect((await log.append(NS, text)).size).toBe(utf8(text).length)
    expectBytes(await readFile(backend, fileOf(NS)), encodeLog([utf8(text)]))
    expect((await log.stream(NS, 0).next()).data).toEqual(utf8(text))
  })

  test('an empty record is a record', async () => {
    const log = await suite.open({ backend: await suite.backend(), namespaces: [NS] })
    expect(await log.append(NS, new Uint8Array(0))).toEqual({ index: 16, seq: 0, size: 0 })
    expect(await log.append(NS, '')).toEqual({ index: 24, seq: 1, size: 0 })
    expect(await log.stream(NS, 0).next()).toEqual({ seq: 0, index: 16, size: 0, data: new Uint8Array(0) })
  })

  test('the caller may reuse its buffer once append resolved', async () => {
    const backend = await suite.backend()
    const log = await suite.open({ backend, namespaces: [NS] })
    const buffer = payload(0, 32)
    await log.append(NS, buffer)
    buffer.fill(0xee)
    expectBytes(await readFile(backend, fileOf(NS)), encodeLog([payload(0, 32)]))
    expect((await log.stream(NS, 0).next()).data).toEqual(payload(0, 32))
  })
}

function commitTests(suite: Suite): void {
  test('when append resolves the header counts the record', async () => {
    const backend = await suite.backend()
    const log = await suite.open({ backend, namespaces: [NS] })
    for (let i = 0; i < 3; i++) {
      const { index, seq } = await log.append(NS, payload(i))
      const bytes = await readFile(backend, fileOf(NS))
      expect([getU64(bytes, 0), getU64(bytes, 8)]).toEqual([seq + 1, index])
    }
  })

  test('when append resolves the record is visible to every stream, waiting or new', async () => {
    const log = await suite.open({ backend: await suite.backend(), namespaces: [NS] })
    const waiting = [log.stream(NS, 0).next(), log.stream(NS, -1).next(), log.stream(NS, 0).next()]
    const result = await log.append(NS, payload(0))
    const expected = { ...result, data: payload(0) }
    expect(await Promise.all(waiting)).toEqual([expected, expected, expected])
    expect(await log.stream(NS, 0).next()).toEqual(expected)
  })
}

function concurrencyTests(suite: Suite): void {
  test('concurrent appends are committed in call order: seq follows the calls, indexes are contiguous', async () => {
    const backend = await suite.backend()
    const log = await suite.open({ backend, namespaces: [NS] })
    const data = Array.from({ length: 300 }, (_, i) => payload(i, 1 + ((i * 37) % 200)))
    const results = await Promise.all(data.map((bytes) => log.append(NS, bytes)))
    const indexes = indexesOf(data)
    expect(results).toEqual(data.map((bytes, seq) => ({ index: indexes[seq], seq, size: bytes.length })))
    expectBytes(await readFile(backend, fileOf(NS)), encodeLog(data))
  })

  test('waves of concurrent appends, each started while the previous is in flight, keep call order', async () => {
    const backend = await suite.backend()
    const log = await suite.open({ backend, namespaces: [NS] })
    const data = payloads(200)
    const pending: Promise<{ seq: number }>[] = []
    for (const [i, bytes] of data.entries()) {
      pending.push(log.append(NS, bytes))
      // Yield now and then so that later calls land while earlier group commits are in flight.
      if (i % 7 === 0) await Promise.resolve()
      if (i % 31 === 0) await new Promise((resolve) => setTimeout(resolve, 0))
    }
    expect((await Promise.all(pending)).map((result) => result.seq)).toEqual(data.map((_, i) => i))
    expectBytes(await readFile(backend, fileOf(NS)), encodeLog(data))
  })

  test('over a backend without writev the records are joined and written the same', async () => {
    const inner = await suite.backend()
    const log = await suite.open({ backend: withoutWritev(inner), namespaces: [NS] })
    const data = payloads(40, 3000)
    await Promise.all(data.map((bytes) => log.append(NS, bytes)))
    expectBytes(await readFile(inner, fileOf(NS)), encodeLog(data))
  })

  test('namespaces are independent logs: each counts from 0 in its own file', async () => {
    const backend = await suite.backend()
    const log = await suite.open({ backend, namespaces: [NS, 'audit'] })
    const [a, b] = await Promise.all([log.append(NS, payload(0)), log.append('audit', payload(1))])
    expect([a.seq, a.index, b.seq, b.index]).toEqual([0, 16, 0, 16])
    expectBytes(await readFile(backend, fileOf('audit')), encodeLog([payload(1)]))
  })
}

function argumentTests(suite: Suite): void {
  test('append to an unknown namespace rejects with NAMESPACE_NOT_FOUND', async () => {
    const log = await suite.open({ backend: await suite.backend(), namespaces: [NS] })
    await rejectsWith(() => log.append('nope', payload(0)), 'NAMESPACE_NOT_FOUND')
  })

  test('append to an empty namespace argument rejects with NAMESPACE_REQUIRED', async () => {
    const log = await suite.open({ backend: await suite.backend(), namespaces: [NS] })
    await rejectsWith(() => log.append('', payload(0)), 'NAMESPACE_REQUIRED')
  })
}

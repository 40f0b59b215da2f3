import { describe, expect, test } from 'vitest'
import { rejectsWith } from '../expectations.js'
import { encodeLog, fileOf, indexesOf, readFile } from '../format.js'
import { payload, payloads } from '../payloads.js'
import type { Suite } from '../suite.js'

const NS = 'events'

export function inspectingTests(suite: Suite): void {
  describe('Inspecting', () => {
    statsTests(suite)
    verifyTests(suite)
    namespaceTests(suite)
  })
}

function statsTests(suite: Suite): void {
  test('stats of an empty namespace: count 0, lastIndex 0, size the file bytes', async () => {
    const backend = await suite.backend()
    const log = await suite.open({ backend, namespaces: [NS] })
    expect(await log.stats(NS)).toEqual({ count: 0, lastIndex: 0, size: (await readFile(backend, fileOf(NS))).length })
  })

  test('stats after appends: count, the last record index, and the file size in bytes', async () => {
    const backend = await suite.backend()
    const log = await suite.open({ backend, namespaces: [NS] })
    const data = payloads(7, 33)
    for (const bytes of data) await log.append(NS, bytes)
    const size = encodeLog(data).length
    expect(await log.stats(NS)).toEqual({ count: 7, lastIndex: indexesOf(data)[6], size })
    expect((await readFile(backend, fileOf(NS))).length).toBe(size)
  })

  test('stats counts stored bytes, after the write transform', async () => {
    const log = await suite.open({
      backend: await suite.backend(),
      namespaces: [NS],
      writeTransform: (data) => new Uint8Array(data.length + 4),
    })
    await log.append(NS, payload(0, 10))
    expect(await log.stats(NS)).toEqual({ count: 1, lastIndex: 16, size: 16 + 8 + 14 })
  })

  test('stats does not count records of an open transaction', async () => {
    const log = await suite.open({ backend: await suite.backend(), namespaces: [NS] })
    await log.append(NS, payload(0))
    const tx = log.begin(NS)
    await tx.append(payload(1))
    expect(await log.stats(NS)).toMatchObject({ count: 1, lastIndex: 16 })
    await tx.commit()
    expect(await log.stats(NS)).toMatchObject({ count: 2, lastIndex: indexesOf(payloads(2))[1] })
  })
}

function verifyTests(suite: Suite): void {
  test('verify walks every record and resolves { count, size } on a consistent file', async () => {
    const backend = await suite.backend()
    const log = await suite.open({ backend, namespaces: [NS] })
    expect(await log.verify(NS)).toEqual({ count: 0, size: (await readFile(backend, fileOf(NS))).length })
    const data = Array.from({ length: 500 }, (_, i) => payload(i, (i * 13) % 3000))
    await Promise.all(data.map((bytes) => log.append(NS, bytes)))
    expect(await log.verify(NS)).toEqual({ count: 500, size: encodeLog(data).length })
  })

  test('verify while appends are in flight resolves with a consistent count', async () => {
    const log = await suite.open({ backend: await suite.backend(), namespaces: [NS] })
    const appends = Promise.all(payloads(200).map((bytes) => log.append(NS, bytes)))
    const verified = await log.verify(NS)
    await appends
    expect(verified.count).toBeGreaterThanOrEqual(0)
    expect(verified.count).toBeLessThanOrEqual(200)
    expect(await log.verify(NS)).toEqual({ count: 200, size: encodeLog(payloads(200)).length })
  })

  test('stats and verify on an unknown namespace reject NAMESPACE_NOT_FOUND; on "" NAMESPACE_REQUIRED', async () => {
    const log = await suite.open({ backend: await suite.backend(), namespaces: [NS] })
    await rejectsWith(() => log.stats('nope'), 'NAMESPACE_NOT_FOUND')
    await rejectsWith(() => log.verify('nope'), 'NAMESPACE_NOT_FOUND')
    await rejectsWith(() => log.stats(''), 'NAMESPACE_REQUIRED')
    await rejectsWith(() => log.verify(''), 'NAMESPACE_REQUIRED')
  })
}

function namespaceTests(suite: Suite): void {
  test('log.namespaces lists the namespaces in the order given', async () => {
    const log = await suite.open({ backend: await suite.backend(), namespaces: ['b', 'a', 'c'] })
    expect(log.namespaces).toEqual(['b', 'a', 'c'])
  })

  test('changing the namespaces array after open changes nothing', async () => {
    const namespaces = [NS]
    const log = await suite.open({ backend: await suite.backend(), namespaces })
    namespaces.push('later')
    expect(log.namespaces).toEqual([NS])
    await rejectsWith(() => log.append('later', payload(0)), 'NAMESPACE_NOT_FOUND')
  })
}

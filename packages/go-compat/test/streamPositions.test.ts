import { Immuta, type LogRecord, type LogStream } from '@immuta/core'
import { nodeFs } from '@immuta/node-fs'
import { inflate } from '@immuta/transformers'
import { expect, test } from 'vitest'
import { describeWithGoFixtures, goNamespaces, isCompressed, type ManifestNamespace } from './goFixtures.js'
import { GoLayout, type Placement } from './goLayout.js'
import { readRecords } from './readRecords.js'
import { sha256 } from './sha256.js'
import { copyFixture } from './tempCopy.js'

/** Start positions worth trying on a log of `count` records, from its first record to past its end. */
function positionsFor(count: number): number[] {
  return [...new Set([0, 1, Math.floor(count / 2), count - 1, count, count + 2])].filter((n) => n >= 0).sort((a, b) => a - b)
}

interface Expected {
  seq: number
  index: number
  sha256: string
}

describeWithGoFixtures('stream(ns, N) over a Go-written log', () => {
  for (const { fixture, ns, spec, title } of goNamespaces()) {
    const count = spec.records.length
    const positions = positionsFor(count)

    test(`${title}: for N in ${positions.join(', ')} the first record has seq N, then N + 1; for -1, the next committed`, async () => {
      const log = await Immuta.open({ backend: nodeFs(copyFixture(fixture, { writable: true })), namespaces: fixture.namespaces })
      const starts = [...positions, -1]
      const streams = starts.map((start) => log.stream(ns, start))
      // Asked before anything is appended: streams at or past the end wait for their record.
      const firsts = streams.map((stream) => stream.next({ signal: AbortSignal.timeout(10_000) }))

      const appended = await appendRecords(log, ns, spec, Math.max(...positions) + 2 - count)
      for (const [i, start] of starts.entries()) {
        const first = start === -1 ? count : start
        const stream = streams[i] as LogStream
        const got = [await (firsts[i] as Promise<LogRecord>), await stream.next({ signal: AbortSignal.timeout(10_000) })]
        const expected = [expectedRecord(spec, appended, first), expectedRecord(spec, appended, first + 1)]
        expect(got.map(summary), `stream(${ns}, ${start})`).toEqual(expected)
        stream.done()
      }
      await log.close()
    })

    if (isCompressed(spec)) {
      test(`${title}: with inflate() as the read transform, stream(ns, N) delivers the plaintext of record N`, async () => {
        const dir = copyFixture(fixture, { writable: true })
        const log = await Immuta.open({ backend: nodeFs(dir), namespaces: fixture.namespaces, readTransform: inflate() })
        for (const start of positions.filter((n) => n < count)) {
          const [record] = await readRecords(log, ns, 1, start)
          expect({ seq: record?.seq, sha256: record && sha256(record.data) }).toEqual({ seq: start, sha256: spec.records[start]?.plaintext_sha256 })
        }
        await log.close()
      })
    }
  }
})

/**
 * Appends `n` records after the Go ones, the first two in one transaction (so that a waiting
 * stream sees a commit of several records at once); answers them with where Go's layout puts them.
 */
async function appendRecords(log: Immuta, ns: string, spec: ManifestNamespace, n: number): Promise<Array<Placement & { sha256: string }>> {
  const layout = GoLayout.of(new Uint8Array(spec.committed_length), spec.header.count, spec.header.last_index)
  const payloads = Array.from({ length: n }, (_, k) => new TextEncoder().encode(`appended after Go's records: ${k}`))
  const together = payloads.slice(0, 2)
  const placed = layout.commit(together)
  const results = await log.transaction(ns, (tx) => Promise.all(together.map((payload) => tx.append(payload))))
  for (const payload of payloads.slice(2)) {
    const [one] = layout.commit([payload])
    placed.push(one as Placement)
    results.push(await log.append(ns, payload))
  }
  expect(results).toEqual(placed)
  return placed.map((place, k) => ({ ...place, sha256: sha256(payloads[k] as Uint8Array) }))
}

function expectedRecord(spec: ManifestNamespace, appended: Array<Placement & { sha256: string }>, seq: number): Expected {
  const record = seq < spec.records.length ? spec.records[seq] : appended[seq - spec.records.length]
  if (!record) throw new Error(`no record ${seq} was written`)
  return { seq, index: record.index, sha256: record.sha256 }
}

function summary(record: LogRecord): Expected {
  return { seq: record.seq, index: record.index, sha256: sha256(record.data) }
}

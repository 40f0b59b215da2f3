import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { Immuta, type LogRecord, type Transformer } from '@immuta/core'
import { nodeFs } from '@immuta/node-fs'
import { inflate } from '@immuta/transformers'
import { describe, expect, test } from 'vitest'
import { describeWithGoFixtures, type GoFixture, goNamespaces, isCompressed, type ManifestNamespace } from './goFixtures.js'
import { readRecords } from './readRecords.js'
import { sha256 } from './sha256.js'
import { copyFixture } from './tempCopy.js'

/** Opens a temp copy of the whole fixture (every namespace) as a writer. */
async function openCopy(fixture: GoFixture, readTransform?: Transformer): Promise<{ log: Immuta; dir: string }> {
  const dir = copyFixture(fixture, { writable: true })
  const log = await Immuta.open({ backend: nodeFs(dir), namespaces: fixture.namespaces, readTransform })
  return { log, dir }
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

describeWithGoFixtures('reading logs the Go library wrote', () => {
  for (const { fixture, ns, spec, title } of goNamespaces()) {
    describe(title, () => {
      test('a writer leaves exactly the committed bytes: the uncommitted tail is cut off, nothing else changes', async () => {
        const { log, dir } = await openCopy(fixture)
        const path = join(dir, spec.file)
        const goCommitted = readFileSync(join(fixture.dir, spec.file)).subarray(0, spec.committed_length)
        expect(statSync(path).size).toBe(spec.committed_length)
        expect(sha256(readFileSync(path))).toBe(sha256(goCommitted))
        await log.close()
        expect(statSync(path).size).toBe(spec.committed_length)
      })

      test('stats() and verify() agree with the manifest', async () => {
        const { log } = await openCopy(fixture)
        const { count, last_index } = spec.header
        expect(count).toBe(spec.records.length)
        expect(await log.stats(ns)).toEqual({ count, size: spec.committed_length, lastIndex: last_index })
        expect(await log.verify(ns)).toEqual({ count, size: spec.committed_length })
        await log.close()
      })

      test('a stream from 0 delivers every record with the seq, index, size and sha256 of the manifest', async () => {
        const { log } = await openCopy(fixture)
        const records = await readRecords(log, ns, spec.records.length)
        expect(records.map(stored)).toEqual(spec.records.map(({ seq, index, size, sha256 }) => ({ seq, index, size, sha256 })))
        if (!isCompressed(spec)) expect(textsOf(records, spec)).toEqual(spec.records.map((record) => record.text))
        await log.close()
      })

      if (isCompressed(spec)) {
        test('with inflate() as the read transform, every record is the plaintext Go compressed', async () => {
          const { log } = await openCopy(fixture, inflate())
          const records = await readRecords(log, ns, spec.records.length)
          expect(records.map(plain)).toEqual(spec.records.map(plainOf))
          expect(textsOf(records, spec)).toEqual(spec.records.map((record) => record.text))
          await log.close()
        })
      }
    })
  }
})

function stored(record: LogRecord): { seq: number; index: number; size: number; sha256: string } {
  expect(record.data.length).toBe(record.size)
  return { seq: record.seq, index: record.index, size: record.size, sha256: sha256(record.data) }
}

function plain(record: LogRecord): { seq: number; size: number; sha256: string } {
  return { seq: record.seq, size: record.data.length, sha256: sha256(record.data) }
}

function plainOf(record: ManifestNamespace['records'][number]): { seq: number; size: number | undefined; sha256: string | undefined } {
  return { seq: record.seq, size: record.plaintext_size, sha256: record.plaintext_sha256 }
}

/** The records' data as UTF-8 where the manifest lists a text (binary records compare as undefined). */
function textsOf(records: LogRecord[], spec: ManifestNamespace): Array<string | undefined> {
  return records.map((record, i) => (spec.records[i]?.text === undefined ? undefined : utf8.decode(record.data)))
}

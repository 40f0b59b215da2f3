import { Immuta, isImmutaError } from '@immuta/core'
import { nodeFs } from '@immuta/node-fs'
import { expect, test } from 'vitest'
import { describeWithGoFixtures, goFixtures, namespaceOf } from './goFixtures.js'
import { readRecords } from './readRecords.js'
import { sha256, snapshot } from './sha256.js'
import { copyFixture } from './tempCopy.js'

describeWithGoFixtures('a read-only open of a Go-written log', () => {
  for (const fixture of goFixtures) {
    test(`${fixture.name}: reads every committed record and changes no byte, tail included`, async () => {
      // A copy, not the fixture itself: were read-only to write, the fixtures would stay intact.
      const dir = copyFixture(fixture, { writable: false })
      const before = snapshot(dir)
      const log = await Immuta.open({ backend: nodeFs(dir), namespaces: fixture.namespaces, readOnly: true })
      for (const ns of fixture.namespaces) {
        const spec = namespaceOf(fixture, ns)
        const { count, last_index } = spec.header
        // The uncommitted tail is left in place, and not counted.
        expect(await log.stats(ns)).toEqual({ count, size: spec.file_size, lastIndex: last_index })
        expect(await log.verify(ns)).toEqual({ count, size: spec.file_size })
        const records = await readRecords(log, ns, count)
        expect(records.map((r) => ({ seq: r.seq, index: r.index, sha256: sha256(r.data) }))).toEqual(
          spec.records.map(({ seq, index, sha256 }) => ({ seq, index, sha256 })),
        )
        const refused = await log.append(ns, 'not allowed').catch((error: unknown) => error)
        expect(isImmutaError(refused, 'READ_ONLY'), String(refused)).toBe(true)
      }
      await log.close()
      expect(snapshot(dir)).toEqual(before)
      // ...and the copy was what Go wrote to begin with.
      const goFiles = fixture.namespaces.map((ns) => namespaceOf(fixture, ns)).map((spec) => [spec.file, spec.file_sha256])
      expect(before).toEqual(Object.fromEntries(goFiles))
    })
  }
})

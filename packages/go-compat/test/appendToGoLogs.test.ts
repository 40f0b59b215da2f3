import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { inflateRawSync } from 'node:zlib'
import { Immuta } from '@immuta/core'
import { nodeFs } from '@immuta/node-fs'
import { deflate, inflate } from '@immuta/transformers'
import { describe, expect, test } from 'vitest'
import { describeWithGoFixtures, goNamespaces, isCompressed } from './goFixtures.js'
import { GoLayout } from './goLayout.js'
import { readRecords } from './readRecords.js'
import { sha256 } from './sha256.js'
import { copyFixture } from './tempCopy.js'
import { expectSameBytes, refuseMarked, runWorkload } from './workload.js'

describeWithGoFixtures('appending to a log the Go library wrote', () => {
  for (const { fixture, ns, spec, title } of goNamespaces()) {
    describe(title, () => {
      const goCommitted = (): Uint8Array => readFileSync(join(fixture.dir, spec.file)).subarray(0, spec.committed_length)

      test('every step leaves the bytes of Go layout: new records at the old committed end, then the header', async () => {
        const dir = copyFixture(fixture, { writable: true })
        const path = join(dir, spec.file)
        const layout = GoLayout.of(goCommitted(), spec.header.count, spec.header.last_index)
        const log = await Immuta.open({ backend: nodeFs(dir), namespaces: fixture.namespaces, writeTransform: refuseMarked })
        await runWorkload(log, ns, path, layout)
        await log.close()

        // Opened again, the Go records are still what the manifest lists, followed by ours.
        const again = await Immuta.open({ backend: nodeFs(dir), namespaces: fixture.namespaces })
        expect(await again.verify(ns)).toEqual({ count: layout.committedCount, size: layout.committedEnd })
        const records = await readRecords(again, ns, layout.committedCount)
        const goRecords = records.slice(0, spec.records.length).map((r) => ({ seq: r.seq, index: r.index, size: r.size, sha256: sha256(r.data) }))
        expect(goRecords).toEqual(spec.records.map(({ seq, index, size, sha256 }) => ({ seq, index, size, sha256 })))
        await again.close()
        expectSameBytes(readFileSync(path), layout.bytes(), `${spec.file} after a second writer opened it`)
      })

      if (isCompressed(spec)) {
        test('records we compress with deflate() follow Go layout and inflate like Go-compressed ones', async () => {
          const dir = copyFixture(fixture, { writable: true })
          const texts = ['compressed by immuta for TypeScript', 'the same words, the same words, the same words'.repeat(40), '']
          const writer = await Immuta.open({ backend: nodeFs(dir), namespaces: fixture.namespaces, writeTransform: deflate({ level: 1 }) })
          for (const text of texts) await writer.append(ns, text)
          await writer.close()

          const total = spec.records.length + texts.length
          const raw = await Immuta.open({ backend: nodeFs(dir), namespaces: fixture.namespaces, readOnly: true })
          const stored = (await readRecords(raw, ns, total)).slice(spec.records.length).map((r) => r.data)
          await raw.close()
          const layout = GoLayout.of(goCommitted(), spec.header.count, spec.header.last_index)
          layout.commit(stored)
          expectSameBytes(readFileSync(join(dir, spec.file)), layout.bytes(), spec.file)
          // node:zlib is a DEFLATE decoder independent of ours, as Go's compress/flate reader is.
          expect(stored.map((data) => inflateRawSync(data).toString('utf8'))).toEqual(texts)

          const reader = await Immuta.open({ backend: nodeFs(dir), namespaces: fixture.namespaces, readTransform: inflate() })
          const plain = await readRecords(reader, ns, total)
          await reader.close()
          expect(plain.slice(0, spec.records.length).map((r) => sha256(r.data))).toEqual(spec.records.map((r) => r.plaintext_sha256))
          expect(plain.slice(spec.records.length).map((r) => new TextDecoder().decode(r.data))).toEqual(texts)
        })
      }
    })
  }
})

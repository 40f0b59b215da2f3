import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Immuta, type ImmutaError, isImmutaError } from '@immuta/core'
import { nodeFs } from '@immuta/node-fs'
import { expect, test } from 'vitest'
import { describeWithGoFixtures, goNamespaces, type ManifestNamespace } from './goFixtures.js'
import { u64le } from './goLayout.js'
import { copyFixture } from './tempCopy.js'

/** A Go-written file with 8 bytes overwritten, the header still plausible on its own. */
interface Damage {
  what: string
  at: number
  value: number
  /**
   * Open reads only the header and the last record's size field: these bytes are neither. A
   * writer's open walks the chain only when the file has a tail to cut (Go leaves one when an
   * append failed), and then it sees them.
   */
  openCannotSee: boolean
}

function damagesOf(spec: ManifestNamespace): Damage[] {
  const { count } = spec.header
  const first = spec.records[0]
  if (count < 2 || !first) return []
  return [
    { what: 'the header counts one record more than there are', at: 0, value: count + 1, openCannotSee: false },
    { what: 'the header counts one record fewer than there are', at: 0, value: count - 1, openCannotSee: false },
    {
      what: `record ${first.seq}'s size field is one larger`,
      at: first.index,
      value: first.size + 1,
      openCannotSee: spec.file_size === spec.committed_length,
    },
  ]
}

describeWithGoFixtures('a Go-written file whose record chain does not hold', () => {
  for (const { fixture, ns, spec, title } of goNamespaces()) {
    for (const damage of damagesOf(spec)) {
      test(`${title}, ${damage.what}: verify() rejects CORRUPT_LOG, if open did not`, { timeout: 10_000 }, async () => {
        const dir = copyFixture(fixture, { writable: true })
        const path = join(dir, spec.file)
        const bytes = readFileSync(path)
        bytes.set(u64le(damage.value), damage.at)
        writeFileSync(path, bytes)

        const opened = await Immuta.open({ backend: nodeFs(dir), namespaces: fixture.namespaces }).catch((error: unknown) => error)
        if (damage.openCannotSee) expect(opened).toBeInstanceOf(Immuta)
        if (!(opened instanceof Immuta)) {
          expectCorrupt(opened, spec.file)
          return
        }
        expectCorrupt(await opened.verify(ns).catch((error: unknown) => error), spec.file)
        await opened.close()
      })
    }
  }
})

function expectCorrupt(error: unknown, file: string): void {
  expect(isImmutaError(error, 'CORRUPT_LOG'), `expected CORRUPT_LOG, got ${String(error)}`).toBe(true)
  expect((error as ImmutaError).details).toEqual({ file, offset: expect.any(Number), reason: expect.any(String) })
}

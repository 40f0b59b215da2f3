import { readFileSync, truncateSync } from 'node:fs'
import { join } from 'node:path'
import { Immuta, type ImmutaError, isImmutaError } from '@immuta/core'
import { nodeFs } from '@immuta/node-fs'
import { expect, test } from 'vitest'
import { cutsOf, outcomeOf } from './cuts.js'
import { describeWithGoFixtures, type GoFixture, goNamespaces, namespaceOf } from './goFixtures.js'
import { GoLayout } from './goLayout.js'
import { snapshot } from './sha256.js'
import { copyFixture } from './tempCopy.js'
import { expectSameBytes } from './workload.js'

const logFiles = (name: string): boolean => name.endsWith('.log')

/** Opens the whole fixture (as a writer by default); answers the log or the error it rejected with. */
async function openLog(fixture: GoFixture, dir: string, readOnly = false): Promise<Immuta | unknown> {
  return Immuta.open({ backend: nodeFs(dir), namespaces: fixture.namespaces, readOnly }).catch((error: unknown) => error)
}

describeWithGoFixtures('a Go-written file cut short, opened by a writer', () => {
  for (const { fixture, ns, spec, title } of goNamespaces()) {
    for (const cut of cutsOf(spec)) {
      const expected = outcomeOf(spec, cut.at)
      const name = `${title} cut at ${cut.at}, ${cut.where}: ${expected.kind === 'corrupt' ? 'CORRUPT_LOG' : `opens with ${expected.count} records`}`
      // A bad file must fail its test, never hang the run.
      test(name, { timeout: 10_000 }, async () => {
        const dir = copyFixture(fixture, { writable: true })
        truncateSync(join(dir, spec.file), cut.at)
        if (expected.kind === 'corrupt') await expectRefused(fixture, spec.file, dir, cut.at)
        else {
          await expectCleanOpen(fixture, ns, dir, expected)
          if (cut.at > expected.length) expectKeptAside(fixture, spec.file, dir, expected.length, cut.at)
        }
      })
    }
  }
})

/** CORRUPT_LOG with details, for a writer and a follower alike, and not a byte changed. */
async function expectRefused(fixture: GoFixture, file: string, dir: string, cutAt: number): Promise<void> {
  const before = snapshot(dir, logFiles)
  expectCorrupt(await openLog(fixture, dir), file, cutAt)
  expect(snapshot(dir, logFiles), 'a rejected open leaves every file alone').toEqual(before)
  // Not LOCKED: the failed open released the writer lock. Not "fixed" either: the same answer.
  expectCorrupt(await openLog(fixture, dir), file, cutAt)
  expectCorrupt(await openLog(fixture, dir, true), file, cutAt)
  expect(snapshot(dir, logFiles)).toEqual(before)
}

/** The committed records that survived, the rest cut off, and the next append where Go would put it. */
async function expectCleanOpen(fixture: GoFixture, ns: string, dir: string, expected: { count: number; length: number }): Promise<void> {
  const spec = namespaceOf(fixture, ns)
  const path = join(dir, spec.file)
  const opened = await openLog(fixture, dir)
  expect(opened).toBeInstanceOf(Immuta)
  const log = opened as Immuta
  expect(await log.stats(ns)).toMatchObject({ count: expected.count, size: expected.length })
  expect(await log.verify(ns)).toEqual({ count: expected.count, size: expected.length })
  const empty = expected.count === 0
  const committed = empty ? GoLayout.empty().bytes() : readFileSync(join(fixture.dir, spec.file)).subarray(0, expected.length)
  expectSameBytes(readFileSync(path), committed, `${spec.file} after the open`)
  const layout = GoLayout.of(committed, expected.count, empty ? 0 : spec.header.last_index)
  const [placed] = layout.commit([new TextEncoder().encode('next')])
  expect(await log.append(ns, 'next')).toEqual(placed)
  await log.close()
  expectSameBytes(readFileSync(path), layout.bytes(), `${spec.file} after an append`)
}

/** The tail the writer cut is in `<file>.<offset>.cut`, byte for byte, for someone to look at. */
function expectKeptAside(fixture: GoFixture, file: string, dir: string, from: number, to: number): void {
  const tail = readFileSync(join(fixture.dir, file)).subarray(from, to)
  expectSameBytes(readFileSync(join(dir, `${file}.${from}.cut`)), tail, `${file}.${from}.cut`)
}

function expectCorrupt(opened: unknown, file: string, cutAt: number): void {
  expect(isImmutaError(opened, 'CORRUPT_LOG'), `expected CORRUPT_LOG, got ${String(opened)}`).toBe(true)
  const { details } = opened as ImmutaError
  expect(details).toEqual({ file, offset: expect.any(Number), reason: expect.any(String) })
  const { offset, reason } = details as { offset: number; reason: string }
  expect(Number.isSafeInteger(offset) && offset >= 0 && offset <= cutAt, `offset ${offset} within the ${cutAt}-byte file`).toBe(true)
  expect(reason.length).toBeGreaterThan(0)
}

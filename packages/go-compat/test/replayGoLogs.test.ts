import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { type AppendResult, Immuta } from '@immuta/core'
import { nodeFs } from '@immuta/node-fs'
import { expect, test } from 'vitest'
import { describeWithGoFixtures, goNamespaces } from './goFixtures.js'
import { type GoCommit, goScript } from './goScript.js'
import { tempDir } from './tempCopy.js'
import { expectSameBytes } from './workload.js'

class Rollback extends Error {}

/** Replays one Go commit (or rollback); answers what each append resolved with. */
async function replay(log: Immuta, ns: string, commit: GoCommit): Promise<AppendResult[]> {
  const [only] = commit.payloads
  if (commit.payloads.length === 1 && only && commit.outcome === 'commit') return [await log.append(ns, only)]
  const results: AppendResult[] = []
  const run = log.transaction(ns, async (tx) => {
    for (const payload of commit.payloads) results.push(await tx.append(payload))
    if (commit.outcome === 'rollback') throw new Rollback()
  })
  if (commit.outcome === 'rollback') await expect(run).rejects.toBeInstanceOf(Rollback)
  else await run
  return results
}

// The other way round from reading Go's files: the same appends, transactions and rollbacks
// made here give the file Go wrote, byte for byte (its committed part: what Go leaves past it
// is exactly what we do differently).
describeWithGoFixtures('replaying what the Go program wrote gives the file Go wrote', () => {
  for (const { fixture, ns, spec, title } of goNamespaces()) {
    test(title, async () => {
      const script = goScript(fixture, ns, spec)
      const committed = script.filter((c) => c.outcome === 'commit').flatMap((c) => c.payloads)
      expect(committed.length).toBe(spec.records.length)
      const dir = tempDir()
      const log = await Immuta.open({ backend: nodeFs(dir), namespaces: [ns] })
      for (const [i, commit] of script.entries()) {
        const results = await replay(log, ns, commit)
        const returned = results.map((r, k) => (commit.returned[k] === undefined ? undefined : { index: r.index, size: r.size }))
        expect(returned, `Go commit ${i} (${commit.outcome}) returned`).toEqual(commit.returned)
      }
      await log.close()
      const goBytes = readFileSync(join(fixture.dir, spec.file)).subarray(0, spec.committed_length)
      expectSameBytes(readFileSync(join(dir, spec.file)), goBytes, `${spec.file} replayed`)
    })
  }
})

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'vitest'
import type { GoFixture, ManifestNamespace, ManifestOperation } from './goFixtures.js'
import { SIZE_FIELD } from './goLayout.js'
import { sha256 } from './sha256.js'

/** One Go transaction (Append... then Save), or one committed Append. */
export interface GoCommit {
  payloads: Uint8Array[]
  outcome: 'commit' | 'rollback'
  /** What Go's Append returned for each payload, where the manifest says. */
  returned: Array<{ index: number; size: number } | undefined>
}

/**
 * The writes the Go program made to one namespace, rebuilt from its manifest. Committed payloads
 * are cut out of the Go file at the manifest's offsets (and checked against its sha256), so
 * binary and compressed records replay too; rolled-back ones come from their text. Where the
 * manifest lists the Go calls with their transactions, those are replayed in order, rollbacks
 * included; otherwise each committed record is one Append and Save.
 */
export function goScript(fixture: GoFixture, ns: string, spec: ManifestNamespace): GoCommit[] {
  const file = readFileSync(join(fixture.dir, spec.file))
  const bySha = new Map<string, Uint8Array>()
  for (const record of spec.records) {
    const payload = file.subarray(record.index + SIZE_FIELD, record.index + SIZE_FIELD + record.size)
    expect(sha256(payload), `${spec.file} record ${record.seq}`).toBe(record.sha256)
    bySha.set(record.sha256, payload)
  }
  for (const loose of spec.rolled_back ?? []) {
    if (loose.text === undefined) continue
    const payload = new TextEncoder().encode(loose.text)
    if (sha256(payload) === loose.sha256) bySha.set(loose.sha256, payload)
  }
  const operations = (fixture.manifest.operations ?? []).filter((op) => op.namespace === ns && op.txn !== undefined)
  if (operations.length > 0) return fromOperations(operations, bySha)
  return spec.records.map((record) => ({
    payloads: [bySha.get(record.sha256) as Uint8Array],
    outcome: 'commit',
    returned: [{ index: record.index, size: record.size }],
  }))
}

function fromOperations(operations: ManifestOperation[], bySha: Map<string, Uint8Array>): GoCommit[] {
  const commits: GoCommit[] = []
  let open: GoCommit = { payloads: [], outcome: 'commit', returned: [] }
  for (const op of operations) {
    if (op.op === 'append') {
      const payload = op.payload_sha256 === undefined ? undefined : bySha.get(op.payload_sha256)
      if (!payload) throw new Error(`the manifest gives no bytes for the append of txn ${op.txn} (${op.payload_sha256})`)
      open.payloads.push(payload)
      open.returned.push(op.returned_index === undefined ? undefined : { index: op.returned_index, size: op.returned_size ?? -1 })
    } else if (op.op === 'save') {
      open.outcome = op.outcome?.startsWith('commit') ? 'commit' : 'rollback'
      commits.push(open)
      open = { payloads: [], outcome: 'commit', returned: [] }
    }
  }
  if (open.payloads.length > 0) throw new Error('the manifest ends inside a transaction')
  return commits
}

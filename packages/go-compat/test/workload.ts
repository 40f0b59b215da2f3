import { readFileSync } from 'node:fs'
import { type AppendData, type AppendResult, type Immuta, isImmutaError, type Transformer } from '@immuta/core'
import { expect } from 'vitest'
import type { GoLayout } from './goLayout.js'

/**
 * A known sequence of writes, covering every way a record reaches the file (single, concurrent,
 * the two transaction forms, large transactions) and every way one does not (rollbacks, a
 * refused append). After each step the file must hold exactly what Go's layout gives.
 */
export type Step =
  | { kind: 'append'; payload: AppendData }
  | { kind: 'concurrent'; payloads: AppendData[] }
  | { kind: 'transaction' | 'begin'; payloads: AppendData[]; outcome: 'commit' | 'rollback' }
  | { kind: 'refused'; payload: AppendData }

/** A record the `refuseMarked` write transform throws on. */
export const REFUSED = 'the write transform refuses this record'

/**
 * Stores every record as it is, except REFUSED: the append must reject with TRANSFORM_FAILED and
 * leave no trace in the file (Go leaves a zero size field and a partial payload behind).
 */
export const refuseMarked: Transformer = (data) => {
  if (data.length === REFUSED.length && new TextDecoder().decode(data) === REFUSED) throw new Error('refused on purpose')
  return data
}

/** Bytes that are not text, so that no step relies on UTF-8. */
export function pattern(size: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(size)
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + seed * 17 + (i >>> 8)) & 0xff
  return bytes
}

const KiB = 1024

export const workload: readonly Step[] = [
  { kind: 'append', payload: 'a record written by immuta for TypeScript: ñandú 🚀' },
  { kind: 'append', payload: new Uint8Array(0) },
  { kind: 'append', payload: pattern(300, 1) },
  { kind: 'transaction', payloads: ['first of a transaction', pattern(1000, 2)], outcome: 'commit' },
  { kind: 'transaction', payloads: ['rolled back', pattern(50, 3)], outcome: 'rollback' },
  { kind: 'begin', payloads: ['begin, append, commit'], outcome: 'commit' },
  { kind: 'begin', payloads: ['left without commit'], outcome: 'rollback' },
  { kind: 'concurrent', payloads: ['concurrent 1', pattern(77, 4), 'concurrent 3'] },
  { kind: 'refused', payload: REFUSED },
  { kind: 'append', payload: 'after the refused one' },
  // Transactions this large may be staged in the file before they commit: the bytes must not show it.
  { kind: 'transaction', payloads: [pattern(700 * KiB, 5), pattern(700 * KiB, 6)], outcome: 'commit' },
  { kind: 'transaction', payloads: [pattern(1536 * KiB, 7)], outcome: 'rollback' },
  { kind: 'append', payload: 'the last record' },
]

const utf8 = new TextEncoder()

function bytesOf(data: AppendData): Uint8Array {
  return typeof data === 'string' ? utf8.encode(data) : data
}

/** The payloads a step commits: none for a rollback or a refused append. */
export function committedBy(step: Step): Uint8Array[] {
  switch (step.kind) {
    case 'append':
      return [bytesOf(step.payload)]
    case 'concurrent':
      return step.payloads.map(bytesOf)
    case 'transaction':
    case 'begin':
      return step.outcome === 'commit' ? step.payloads.map(bytesOf) : []
    case 'refused':
      return []
  }
}

class Rollback extends Error {}

/** Runs one step on `log`; answers what the appends that committed resolved with. */
export async function runStep(log: Immuta, ns: string, step: Step): Promise<AppendResult[]> {
  switch (step.kind) {
    case 'append':
      return [await log.append(ns, step.payload)]
    case 'concurrent':
      return Promise.all(step.payloads.map((payload) => log.append(ns, payload)))
    case 'transaction':
      return runTransaction(log, ns, step.payloads, step.outcome)
    case 'begin':
      return runBegin(log, ns, step.payloads, step.outcome)
    case 'refused': {
      const error = await log.append(ns, step.payload).then(
        () => undefined,
        (reason: unknown) => reason,
      )
      expect(isImmutaError(error, 'TRANSFORM_FAILED'), `the refused append answered ${String(error)}`).toBe(true)
      return []
    }
  }
}

async function runTransaction(log: Immuta, ns: string, payloads: AppendData[], outcome: 'commit' | 'rollback'): Promise<AppendResult[]> {
  const results: AppendResult[] = []
  const run = log.transaction(ns, async (tx) => {
    for (const payload of payloads) results.push(await tx.append(payload))
    if (outcome === 'rollback') throw new Rollback()
  })
  if (outcome === 'commit') {
    await run
    return results
  }
  await expect(run).rejects.toBeInstanceOf(Rollback)
  return []
}

async function runBegin(log: Immuta, ns: string, payloads: AppendData[], outcome: 'commit' | 'rollback'): Promise<AppendResult[]> {
  const results: AppendResult[] = []
  {
    await using tx = log.begin(ns)
    for (const payload of payloads) results.push(await tx.append(payload))
    if (outcome === 'commit') await tx.commit()
  }
  return outcome === 'commit' ? results : []
}

/**
 * Runs every step of the workload on `log` and, after each, checks what the appends resolved with
 * and the file's every byte against `layout`, which it advances.
 */
export async function runWorkload(log: Immuta, ns: string, path: string, layout: GoLayout): Promise<void> {
  for (const [i, step] of workload.entries()) {
    const results = await runStep(log, ns, step)
    const expected = layout.commit(committedBy(step))
    expect(results, `step ${i} (${step.kind}) resolved with`).toEqual(expected)
    expectSameBytes(readFileSync(path), layout.bytes(), `${path} after step ${i} (${step.kind})`)
  }
}

/**
 * Byte-for-byte equality that, when it fails, says where: the lengths and the first offset that
 * differs, not a dump of megabytes.
 */
export function expectSameBytes(actual: Uint8Array, expected: Uint8Array, what: string): void {
  const shorter = Math.min(actual.length, expected.length)
  let firstDifference = -1
  for (let i = 0; i < shorter; i++) {
    if (actual[i] !== expected[i]) {
      firstDifference = i
      break
    }
  }
  if (firstDifference === -1 && actual.length !== expected.length) firstDifference = shorter
  expect({ length: actual.length, firstDifference }, what).toEqual({ length: expected.length, firstDifference: -1 })
}

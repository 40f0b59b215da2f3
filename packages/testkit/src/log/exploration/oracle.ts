import { type FileBackend, Immuta, ImmutaError } from '@immuta/core'
import { DOCUMENTED_CODES } from '../expectations.js'
import { fileOf } from '../format.js'
import type { Log } from '../suite.js'
import type { JournalOp } from './journal.js'

/**
 * `strict`: every acknowledged record must be there byte for byte (a durable log after power
 * loss, any log after a process crash or an I/O fault). `fast`: a fastWrite log after power
 * loss, where the page allows CORRUPT_LOG, records lost or zeroed by the OS, and records damaged
 * by a torn write (a size field cut at a sector boundary reads as another length, and every
 * record after it is cut from the wrong place: the format has no checksums to tell).
 */
export type Expectation = 'strict' | 'fast'

export const BUCKET = {
  clean: 'clean',
  truncated: 'tail truncated',
  lost: 'acknowledged records lost or zeroed (fastWrite: true, allowed)',
  corrupt: 'CORRUPT_LOG (fastWrite: true, allowed)',
  damaged: 'records damaged by a torn write (fastWrite: true, allowed: no checksums in the format)',
} as const

/** Where one crash state or fault run ended: a bucket, and a failure message when the engine broke a rule. */
export interface Verdict {
  bucket: string
  failure?: string
}

/** What a writer opening the storage afterwards finds. */
interface Recovered {
  records: Uint8Array[]
  truncated: boolean
  /** Where CORRUPT_LOG came from, if it did. */
  corrupt?: string
}

const DEADLINE_MS = 5000

function describeError(error: unknown): string {
  if (error instanceof ImmutaError) return `${error.code}: ${error.message}`
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error)
}

/** An error the engine let out that is not an ImmutaError with a code the page documents. */
export function undocumented(errors: readonly unknown[]): unknown {
  return errors.find((error) => !(error instanceof ImmutaError && DOCUMENTED_CODES.includes(error.code)))
}

function isCorrupt(error: unknown): boolean {
  return error instanceof ImmutaError && error.code === 'CORRUPT_LOG'
}

async function fileSize(backend: FileBackend, name: string): Promise<number> {
  try {
    const file = await backend.open(name, { readOnly: true })
    const size = await file.size()
    await file.close()
    return size
  } catch {
    return -1
  }
}

/** Reads every committed record, checks verify() agrees, and that the log takes one more append. */
async function readBack(log: Log, namespace: string): Promise<Omit<Recovered, 'truncated'>> {
  const { count } = await log.stats(namespace)
  const stream = log.stream(namespace, 0)
  const records: Uint8Array[] = []
  try {
    for (let i = 0; i < count; i++) records.push((await stream.next()).data)
    const verified = await log.verify(namespace)
    if (verified.count !== count) throw new Error(`verify() counts ${verified.count}, stats() ${count}`)
  } catch (error) {
    if (isCorrupt(error)) return { records, corrupt: describeError(error) }
    throw error
  } finally {
    stream.done()
  }
  const probe = await log.append(namespace, new Uint8Array([0x70]))
  if (probe.seq !== count) throw new Error(`an append after recovery got seq ${probe.seq}, not ${count}`)
  return { records }
}

/** Opens the storage as a writer would after the crash and reads back what it holds. */
async function recover(backend: FileBackend, namespace: string): Promise<Recovered> {
  const before = await fileSize(backend, fileOf(namespace))
  let log: Log
  try {
    log = await Immuta.open({ backend, namespaces: [namespace] })
  } catch (error) {
    if (isCorrupt(error)) return { records: [], truncated: false, corrupt: `at open: ${describeError(error)}` }
    throw error
  }
  try {
    const truncated = before > (await fileSize(backend, fileOf(namespace)))
    return { ...(await readBack(log, namespace)), truncated }
  } finally {
    await log.close()
  }
}

function startsWith(records: readonly Uint8Array[], at: number, expected: readonly Uint8Array[]): boolean {
  return expected.every((bytes, i) => sameBytes(records[at + i], bytes))
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array): boolean {
  if (a === undefined || a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/**
 * Acknowledged operations all there, in call order; failed ones whole or absent; rolled-back
 * ones and anything never appended absent. Payloads are unique, so matching greedily is exact.
 */
export function strictMismatch(ops: readonly JournalOp[], records: readonly Uint8Array[]): string | undefined {
  let at = 0
  for (const op of ops) {
    if (op.outcome === 'rolledBack') continue
    if (startsWith(records, at, op.records)) {
      at += op.records.length
    } else if (op.outcome === 'acked') {
      return `acknowledged operation ${op.id} (${op.records.length} records) is not at seq ${at}`
    } else if (sameBytes(records[at], op.records[0] as Uint8Array)) {
      return `operation ${op.id} is torn: only part of its records are at seq ${at}`
    }
  }
  return at < records.length ? `seq ${at} holds a record that was never appended (or was rolled back)` : undefined
}

/** Each byte is the expected one or zero: what the OS leaves of a write it lost or tore. */
function zeroedFrom(record: Uint8Array, expected: Uint8Array): boolean {
  if (record.length !== expected.length) return false
  for (let i = 0; i < record.length; i++) if (record[i] !== 0 && record[i] !== expected[i]) return false
  return true
}

/**
 * fastWrite after power loss: records may be lost or zeroed (the header may count writes the OS
 * never made), but whatever is visible is an appended record (maybe zeroed), in call order.
 */
export function fastMismatch(ops: readonly JournalOp[], records: readonly Uint8Array[]): string | undefined {
  const expected = ops.filter((op) => op.outcome !== 'rolledBack').flatMap((op) => op.records)
  let next = 0
  for (const [seq, record] of records.entries()) {
    if (record.every((byte) => byte === 0)) continue
    while (next < expected.length && !zeroedFrom(record, expected[next] as Uint8Array)) next++
    if (next === expected.length) return `seq ${seq} holds bytes that were never appended, or out of order`
    next++
  }
  return undefined
}

function judge(recovered: Recovered, ops: readonly JournalOp[], expectation: Expectation): Verdict {
  if (recovered.corrupt !== undefined) {
    if (expectation === 'fast') return { bucket: BUCKET.corrupt }
    return { bucket: 'FAILURE: CORRUPT_LOG where the log must be consistent', failure: recovered.corrupt }
  }
  const strict = strictMismatch(ops, recovered.records)
  if (strict === undefined) return { bucket: recovered.truncated ? BUCKET.truncated : BUCKET.clean }
  if (expectation === 'fast') return { bucket: fastMismatch(ops, recovered.records) === undefined ? BUCKET.lost : BUCKET.damaged }
  return { bucket: 'FAILURE: records do not match what was acknowledged', failure: strict }
}

/** Runs `work` with a deadline, so that an engine that hangs is a failure and not a stuck suite. */
export async function withDeadline<T>(work: Promise<T>, what: string, ms: number = DEADLINE_MS): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms)
  })
  try {
    return await Promise.race([work, deadline])
  } finally {
    clearTimeout(timer)
  }
}

/** The oracle: recovers `backend` and judges what it holds against the journal of what was done. */
export async function check(
  backend: FileBackend,
  namespace: string,
  ops: readonly JournalOp[],
  errors: readonly unknown[],
  expectation: Expectation,
): Promise<Verdict> {
  const stray = undocumented(errors)
  if (stray !== undefined) return { bucket: 'FAILURE: an error without a documented code', failure: describeError(stray) }
  try {
    const recovered = await withDeadline(recover(backend, namespace), 'recovery')
    return judge(recovered, ops, expectation)
  } catch (error) {
    return { bucket: 'FAILURE: recovery failed', failure: describeError(error) }
  }
}

import { type FileBackend, Immuta, ImmutaError } from '@immuta/core'
import { expect, test } from 'vitest'
import { type FaultPlan, type FaultyBackend, faultyBackend } from '../../faultyBackend.js'
import { seededRandom } from '../../random.js'
import type { Log, Suite } from '../suite.js'
import type { Figures } from './figures.js'
import { Journal } from './journal.js'
import { check, type Verdict, withDeadline } from './oracle.js'
import { WORKLOADS, type Workload } from './workloads.js'

const NS = 'events'

interface FaultCase {
  name: string
  plan: FaultPlan
  /** A failed write, truncate or sync: the namespace must refuse appends until reopened. */
  poisons: boolean
}

const FAULTS: readonly FaultCase[] = [
  { name: 'EIO on write, truncate or sync', plan: { kind: 'EIO', calls: ['write', 'writev', 'truncate', 'sync'] }, poisons: true },
  { name: 'EIO on open, read or size', plan: { kind: 'EIO', calls: ['open', 'read', 'size'] }, poisons: false },
  { name: 'ENOSPC', plan: { kind: 'ENOSPC' }, poisons: true },
  { name: 'a short write', plan: { kind: 'shortWrite' }, poisons: true },
  { name: 'a failed sync that loses the unsynced writes', plan: { kind: 'lostSync' }, poisons: true },
]

interface Variant {
  fault: FaultCase
  persistent: boolean
  fastWrite: boolean
}

const VARIANTS: readonly Variant[] = FAULTS.flatMap((fault) =>
  [false, true].flatMap((persistent) => [true, false].map((fastWrite) => ({ fault, persistent, fastWrite }))),
)

/** The plan over `inner`, or undefined when the backend cannot take it (lostSync needs memory). */
function planned(inner: FileBackend, plan: FaultPlan): FaultyBackend | undefined {
  try {
    return faultyBackend(inner, plan)
  } catch (error) {
    if (error instanceof ImmutaError && error.code === 'INVALID_ARGUMENT') return undefined
    throw error
  }
}

/** The spec's rule after a failed write, truncate or sync: no append succeeds until the log is reopened. */
function poisonViolation(journal: Journal): Verdict | undefined {
  const late = journal.ops.find((op) => op.afterIoError && op.outcome === 'acked')
  if (late === undefined) return undefined
  return {
    bucket: 'FAILURE: an append succeeded after IO_ERROR without reopening',
    failure: `operation ${late.id} was acknowledged after an earlier one failed with IO_ERROR`,
  }
}

/** One run of the loop: the workload over a backend that fails the `failAt`th call, then the oracle. */
async function faultRun(suite: Suite, workload: Workload, seed: number, variant: Variant, failAt: number) {
  const inner = await suite.backend()
  const faulty = planned(inner, { ...variant.fault.plan, failAt, persistent: variant.persistent })
  if (faulty === undefined) return undefined
  const errors: unknown[] = []
  let journal: Journal | undefined
  let log: Log | undefined
  try {
    log = await Immuta.open({ backend: faulty, namespaces: [NS], fastWrite: variant.fastWrite })
    journal = new Journal(log, NS)
    await withDeadline(workload.run(journal, seededRandom(seed)), 'the workload')
  } catch (error) {
    errors.push(error)
  }
  await log?.close().catch((error: unknown) => errors.push(error))
  const ops = journal?.ops ?? []
  const verdict =
    (variant.fault.poisons && journal && poisonViolation(journal)) ||
    (await check(inner, NS, ops, [...errors, ...(journal?.errors ?? [])], 'strict'))
  return { injected: faulty.injected > 0, verdict }
}

/**
 * SQLite's loop: fail call 1, then call 2, ... of the workload until a run injects no fault. After
 * each run the log is reopened over the same storage without faults, and the oracle holds it to
 * the strict rule: no fault loses an acknowledged record, whatever fastWrite says.
 */
export function faultLoopTests(suite: Suite, figures: Figures): void {
  for (const [index, workload] of WORKLOADS.entries()) {
    test(`fault loop: ${workload.name}`, async () => {
      figures.workloads.add(workload.name)
      const failuresBefore = figures.failures.length
      for (const variant of VARIANTS) {
        for (let failAt = 1; ; failAt++) {
          const run = await faultRun(suite, workload, suite.seed + index, variant, failAt)
          if (run === undefined) figures.notes.add(`${variant.fault.name}: not tried, it needs a memoryBackend() inside`)
          if (run === undefined || !run.injected) break
          figures.faultPoints++
          const where = `${workload.name}, ${variant.fault.name}, ${variant.persistent ? 'persistent' : 'transient'}, fastWrite ${variant.fastWrite}, failAt ${failAt}`
          figures.record(run.verdict, where)
        }
      }
      expect(figures.failures.length - failuresBefore, figures.failureReport(failuresBefore)).toBe(0)
    }, 300_000)
  }
}

import { Immuta } from '@immuta/core'
import { expect, test } from 'vitest'
import { type FaultyBackend, faultyBackend, type PowerLossPlan } from '../../faultyBackend.js'
import type { MemoryBackend } from '../../memoryBackend.js'
import { type Random, seededRandom } from '../../random.js'
import { recordingBackend } from '../backends/recordingBackend.js'
import type { Log, Suite } from '../suite.js'
import type { Figures } from './figures.js'
import { Journal, type JournalOp } from './journal.js'
import { check, type Expectation, withDeadline } from './oracle.js'
import { WORKLOADS, type Workload } from './workloads.js'

const NS = 'events'
/** Crash states explored in total at crashScale 1. */
const CRASH_STATES = 10_000
/**
 * Sector sizes of at least 16 bytes: the header write is then atomic, as on every real disk
 * (512-byte sectors and more). The format, kept from Go, rewrites its 16-byte header in place and
 * relies on that; below 16 a torn header can point anywhere, which no format without checksums
 * can tell from a real one.
 */
const SECTOR_SIZES = [16, 64, 512, 4096]
/** Generous: the exploration is thousands of runs. */
const TIMEOUT_MS = 300_000

/** A workload stopped by a power loss at call `crashAt` (or after its last call). */
interface CrashedRun {
  faulty: FaultyBackend<MemoryBackend>
  ops: readonly JournalOp[]
  errors: unknown[]
  /** Kinds of the file calls made, in faultyBackend's numbering. */
  calls: string[]
}

async function crashRun(inner: MemoryBackend, workload: Workload, seed: number, fastWrite: boolean, crashAt?: number): Promise<CrashedRun> {
  const faulty = faultyBackend(inner, crashAt === undefined ? {} : { crashAt })
  const recording = recordingBackend(faulty)
  const errors: unknown[] = []
  let journal: Journal | undefined
  let log: Log | undefined
  try {
    log = await Immuta.open({ backend: recording.backend, namespaces: [NS], fastWrite })
    journal = new Journal(log, NS)
    await withDeadline(workload.run(journal, seededRandom(seed)), 'the workload')
  } catch (error) {
    errors.push(error)
  }
  // The power goes before the log is closed: closing must not get a chance to sync.
  faulty.crash()
  await log?.close().catch((error: unknown) => errors.push(error))
  const counted = new Set(['open', 'read', 'write', 'truncate', 'size', 'sync'])
  const calls = recording.calls.filter((call) => counted.has(call.kind)).map((call) => call.kind)
  return { faulty, ops: journal?.ops ?? [], errors: [...errors, ...(journal?.errors ?? [])], calls }
}

/** A process crash keeps every write the OS had; a durable log must survive real power loss too. */
function expectationOf(plan: PowerLossPlan, fastWrite: boolean): Expectation {
  return plan.mode === 'keep' || !fastWrite ? 'strict' : 'fast'
}

function systematicPlans(random: Random): PowerLossPlan[] {
  return [
    { mode: 'keep' },
    { mode: 'drop' },
    { mode: 'prefix', seed: random.int(2 ** 31) },
    { mode: 'tear', seed: random.int(2 ** 31) },
    { mode: 'tear', seed: random.int(2 ** 31), sectorSize: 16 },
  ]
}

function randomPlan(random: Random): PowerLossPlan {
  const seed = random.int(2 ** 31)
  switch (random.int(5)) {
    case 0:
      return { mode: 'drop' }
    case 1:
      return { mode: 'prefix', seed }
    case 2:
      return { mode: 'keep' }
    default:
      return { mode: 'tear', seed, sectorSize: SECTOR_SIZES[random.int(SECTOR_SIZES.length)] as number }
  }
}

/** Checks every plan's survivors of one crashed run, counting each as a crash state. */
async function judgeCrash(run: CrashedRun, plans: PowerLossPlan[], fastWrite: boolean, figures: Figures, where: string): Promise<void> {
  for (const plan of plans) {
    const survivors = run.faulty.afterPowerLoss(plan)
    const verdict = await check(survivors, NS, run.ops, run.errors, expectationOf(plan, fastWrite))
    figures.crashStates++
    figures.record(verdict, `${where}, plan ${JSON.stringify(plan)}`)
  }
}

/** Every call of the workload as the crash point, in both fastWrite modes. Returns the calls per mode. */
async function everyPoint(suite: Suite, workload: Workload, seed: number, fastWrite: boolean, figures: Figures): Promise<number> {
  const random = seededRandom(seed ^ (fastWrite ? 0x5eed : 0))
  const label = `${workload.name}, fastWrite ${fastWrite}`
  const full = await crashRun((await suite.backend()) as MemoryBackend, workload, seed, fastWrite)
  await judgeCrash(full, systematicPlans(random), fastWrite, figures, `${label}, after the last call`)
  figures.syncPoints += full.calls.filter((kind) => kind === 'sync').length
  for (let crashAt = 1; crashAt <= full.calls.length; crashAt++) {
    const run = await crashRun((await suite.backend()) as MemoryBackend, workload, seed, fastWrite, crashAt)
    await judgeCrash(run, systematicPlans(random), fastWrite, figures, `${label}, power lost at call ${crashAt} (${full.calls[crashAt - 1]})`)
  }
  return full.calls.length
}

/**
 * Power loss at every call of each standard workload (so at every sync point), then at seeded
 * random points until the total reaches 10,000 crash states times crashScale.
 */
export function powerLossTests(suite: Suite, figures: Figures): void {
  const callsOf = new Map<string, number>()
  const workloads = WORKLOADS.filter((workload) => !workload.large)
  for (const [index, workload] of workloads.entries()) {
    test(`power loss at every call: ${workload.name}`, async () => {
      figures.workloads.add(workload.name)
      const failuresBefore = figures.failures.length
      for (const fastWrite of [false, true]) {
        callsOf.set(`${index}/${fastWrite}`, await everyPoint(suite, workload, suite.seed + index, fastWrite, figures))
      }
      expect(figures.failures.length - failuresBefore, figures.failureReport(failuresBefore)).toBe(0)
    }, TIMEOUT_MS)
  }

  test('power loss at seeded random points', async () => {
    const random = seededRandom(suite.seed)
    const target = Math.ceil(CRASH_STATES * suite.crashScale)
    const failuresBefore = figures.failures.length
    while (figures.crashStates < target) {
      const index = random.int(workloads.length)
      const workload = workloads[index] as Workload
      const fastWrite = random.int(2) === 0
      const calls = callsOf.get(`${index}/${fastWrite}`) ?? 40
      const crashAt = 1 + random.int(calls + 1)
      const run = await crashRun((await suite.backend()) as MemoryBackend, workload, suite.seed + index, fastWrite, crashAt)
      const plans = Array.from({ length: 4 }, () => randomPlan(random))
      await judgeCrash(run, plans, fastWrite, figures, `${workload.name}, fastWrite ${fastWrite}, random power loss at call ${crashAt}`)
    }
    expect(figures.failures.length - failuresBefore, figures.failureReport(failuresBefore)).toBe(0)
  }, TIMEOUT_MS * Math.max(1, suite.crashScale))
}

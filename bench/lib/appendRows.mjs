// Append workloads over nodeFs beside the raw floor: sequential awaited appends per size, and
// 10,000 appends issued at once in the two shapes issue 19 names.
import { join } from 'node:path'
import { floorAppend, floorAppendAwaited } from './floor.mjs'
import { sideBySide } from './stats.mjs'
import { appendBurst, appendsInFlight, Immuta, NS, nodeFs, payloadOf, payloadsOf, sequentialAppends } from './workloads.mjs'

export const IN_FLIGHT = 10000
/** Distinct payload buffers in the fresh-log in-flight shape: what a caller with real records passes. */
const DISTINCT = 64

export function label(size) {
  return size >= 1024 ? `${size / 1024} KiB` : `${size} B`
}

/** Sequential awaited appends per size; for the small sizes also the floor with one `await`. */
export async function sequentialRows({ plan, log, inDir }) {
  const rows = []
  for (const [size, count] of Object.entries(plan.seq).map(([s, c]) => [Number(s), c])) {
    const payload = payloadOf(size)
    log(`sequential append ${label(size)} x ${count}`)
    const floor = inDir('floor', (dir) => floorAppend(join(dir, `${NS}.log`), payload, count))
    const result = await sideBySide(plan.rounds, inDir('seq', (dir) => sequentialAppends(nodeFs(dir), payload, count)), floor)
    rows.push({ workload: `sequential awaited append, ${label(size)}`, ...result, target: { ratio: 0.9 } })
    if (size <= 1024) {
      const awaited = await sideBySide(plan.rounds, inDir('floorAwait', (dir) => floorAppendAwaited(join(dir, `${NS}.log`), payload, count)), floor)
      rows.push({ workload: `(not immuta) the raw floor with one \`await\` per record, ${label(size)}`, ...awaited, chart: false })
    }
  }
  return {
    rows,
    notes: [
      'Rows marked (not immuta) run the raw floor with one `await` of a settled promise per record, in the immuta columns: what the promise of an awaited append costs by itself, before any engine work.',
    ],
  }
}

/**
 * 10,000 appends of 100 B issued at once: on a log opened just before each run, passing 64
 * distinct buffers in turn; and on one log kept open across runs (warmed by the warm-up round),
 * passing one buffer. The floor writes the same records with a write pair each.
 */
export async function inFlightRows({ plan, log, inDir }) {
  const payloads = payloadsOf(100, DISTINCT)
  const floor = inDir('floor', (dir) => floorAppend(join(dir, `${NS}.log`), payloads, IN_FLIGHT))
  log(`${IN_FLIGHT} appends in flight, fresh log, ${DISTINCT} payloads`)
  const fresh = await sideBySide(plan.flightRounds, inDir('flight', (dir) => appendsInFlight(nodeFs(dir), payloads, IN_FLIGHT)), floor)
  const n = IN_FLIGHT.toLocaleString('en-US')
  const rows = [{ workload: `${n} appends in flight, 100 B, fresh log, ${DISTINCT} payloads`, ...fresh, target: { rate: 1_000_000 } }]
  log(`${IN_FLIGHT} appends in flight, warm log, one payload`)
  const payload = payloadOf(100)
  const warmDir = inDir('warm', async (dir) => {
    const warm = await Immuta.open({ backend: nodeFs(dir), namespaces: [NS] })
    try {
      return await sideBySide(plan.flightRounds, () => appendBurst(warm, payload, IN_FLIGHT), floor)
    } finally {
      await warm.close()
    }
  })
  rows.push({ workload: `${n} appends in flight, 100 B, warm log, one payload`, ...(await warmDir()), target: { rate: 1_000_000 } })
  return {
    rows,
    notes: [
      `In-flight appends: the floor is the raw loop with one write pair per record; group commit writes the whole batch with one writev and one header write. "Fresh log": each run opens a new log in a new folder (open not timed) and passes ${DISTINCT} distinct buffers in turn; "warm log": one log stays open across runs and one buffer is passed every time.`,
    ],
  }
}

// Medians and side-by-side rounds. The machine is shared (2 vCPUs, other developers' tests), so
// every comparison runs both sides alternately in one process, and reports medians.

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/**
 * Runs `ours` and `floor` (each an async function answering `{ records, bytes, ms }`) for
 * `rounds` rounds after one warm-up round, swapping who goes first every round so that drift
 * from other load falls on both. Each side's rate is its median over the rounds; the ratio is
 * the median of the per-round ratios.
 */
export async function sideBySide(rounds, ours, floor) {
  await ours()
  if (floor) await floor()
  const oursRuns = []
  const floorRuns = []
  const ratios = []
  for (let round = 0; round < rounds; round++) {
    const oursFirst = round % 2 === 0
    let a
    let b
    if (oursFirst || !floor) {
      a = await ours()
      if (floor) b = await floor()
    } else {
      b = await floor()
      a = await ours()
    }
    oursRuns.push(a)
    if (floor) {
      floorRuns.push(b)
      ratios.push(rateOf(a) / rateOf(b))
    }
  }
  return {
    ours: summary(oursRuns),
    floor: floor ? summary(floorRuns) : undefined,
    ratio: floor ? median(ratios) : undefined,
    ratioSpread: floor ? { min: Math.min(...ratios), max: Math.max(...ratios) } : undefined,
  }
}

/** Median records/s (with the slowest and fastest run) and median payload MB/s of several runs. */
export function summary(runs) {
  const rates = runs.map(rateOf)
  return {
    recordsPerSec: median(rates),
    min: Math.min(...rates),
    max: Math.max(...rates),
    mbPerSec: median(runs.map((r) => r.bytes / 1e6 / (r.ms / 1000))),
    runs: runs.length,
  }
}

export function rateOf(run) {
  return run.records / (run.ms / 1000)
}

import type { Verdict } from './oracle.js'

/** A failure with what it takes to replay it. */
export interface FailureCase {
  where: string
  failure: string
}

/**
 * The exploration's counters, printed at the end so a reader can see how much was tried and
 * where each run ended, and replay any failure from its seed.
 */
export class Figures {
  readonly workloads: Set<string> = new Set()
  crashStates = 0
  syncPoints = 0
  faultPoints = 0
  readonly buckets: Map<string, number> = new Map()
  readonly failures: FailureCase[] = []
  /** What was not explored, and why. */
  readonly notes: Set<string> = new Set()
  private started = Date.now()

  constructor(
    readonly name: string,
    readonly seed: number,
  ) {}

  /** Starts the clock when the tests start, not when they are collected. */
  start(): void {
    this.started = Date.now()
  }

  record(verdict: Verdict, where: string): void {
    this.buckets.set(verdict.bucket, (this.buckets.get(verdict.bucket) ?? 0) + 1)
    if (verdict.failure !== undefined) this.failures.push({ where, failure: verdict.failure })
  }

  /** The first failures since `from`, for an assertion message, with the seed to replay them. */
  failureReport(from: number): string {
    const failures = this.failures.slice(from)
    const shown = failures.slice(0, 5).map((f) => `  - ${f.where}: ${f.failure}`)
    return [`${failures.length} failures (replay with IMMUTA_SEED=${this.seed}):`, ...shown].join('\n')
  }

  print(): void {
    const rows = [...this.buckets].sort((a, b) => b[1] - a[1]).map(([bucket, n]) => `    ${String(n).padStart(7)}  ${bucket}`)
    console.log(
      [
        `logConformance exploration: ${this.name}`,
        `  seed ${this.seed} (IMMUTA_SEED replays it)`,
        `  workloads ${this.workloads.size}: ${[...this.workloads].join('; ')}`,
        `  crash states explored ${this.crashStates} (at ${this.syncPoints} sync points and every other call)`,
        `  fault points tried ${this.faultPoints}`,
        '  outcome buckets:',
        ...rows,
        `  failures ${this.failures.length}`,
        ...[...this.notes].map((note) => `  note: ${note}`),
        `  time ${((Date.now() - this.started) / 1000).toFixed(1)} s`,
      ].join('\n'),
    )
  }
}

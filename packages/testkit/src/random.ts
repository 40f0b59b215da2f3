/** A seeded pseudo-random source: the same seed gives the same sequence, so a failing run can be replayed. */
export interface Random {
  readonly seed: number
  /** A float in [0, 1). */
  next(): number
  /** An integer in [0, bound). */
  int(bound: number): number
}

/**
 * mulberry32: four lines, fast, and well spread for choosing test cases (never for cryptography).
 * Only the low 32 bits of `seed` matter.
 */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = Math.imul(state ^ (state >>> 15), state | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return { seed, next, int: (bound) => Math.floor(next() * bound) }
}

/** A fresh seed for a run that names none. Print it with any failure so the run can be repeated. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 4294967296)
}

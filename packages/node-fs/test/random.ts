/**
 * A small seeded PRNG (mulberry32), so a failing crash round can be replayed: the seed comes
 * from IMMUTA_SEED when set, else from the clock, and failures print it.
 */
export function seededRandom(seed: number): (below: number) => number {
  let state = seed >>> 0
  return (below) => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * below)
  }
}

export const seed: number = Number(process.env.IMMUTA_SEED ?? Date.now() % 1_000_000)

/** IMMUTA_CRASH_SCALE multiplies the number of crash rounds (default 1). */
export const crashScale: number = Math.max(1, Number(process.env.IMMUTA_CRASH_SCALE ?? 1))

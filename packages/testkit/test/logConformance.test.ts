import { logConformance, memoryBackend } from '../src/index.js'
import { delayedBackend } from '../src/log/delayedBackend.js'
import { randomSeed, seededRandom } from '../src/random.js'

declare global {
  interface ImportMeta {
    readonly env: Record<string, string | undefined>
  }
}

// Vitest passes the environment through import.meta.env: IMMUTA_SEED replays a run,
// IMMUTA_CRASH_SCALE lengthens the exploration.
const seed = import.meta.env.IMMUTA_SEED === undefined ? randomSeed() : Number(import.meta.env.IMMUTA_SEED)
const crashScale = Number(import.meta.env.IMMUTA_CRASH_SCALE ?? 1)

logConformance({ name: 'memoryBackend', create: () => memoryBackend(), seed, crashScale })

// The same contract when every answer is a promise that arrives after a seeded random delay.
let backends = 0
logConformance({
  name: 'memoryBackend answering after random delays',
  create: () => delayedBackend(memoryBackend(), seededRandom(seed + backends++)),
  seed,
  crashScale,
})

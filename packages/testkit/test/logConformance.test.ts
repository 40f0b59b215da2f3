import { expect } from 'vitest'
import { logConformance, memoryBackend } from '../src/index.js'
import { delayedBackend } from '../src/log/backends/delayedBackend.js'
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

/** FNV-1a of the test name: each test's delays depend on the seed and the test, not on what ran before. */
function hash(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  return h >>> 0
}

let lastTest = ''
let backendsInTest = 0

// The same contract when every answer is a promise that arrives after a seeded random delay.
logConformance({
  name: 'memoryBackend answering after random delays',
  create: () => {
    const test = expect.getState().currentTestName ?? ''
    backendsInTest = test === lastTest ? backendsInTest + 1 : 0
    lastTest = test
    return delayedBackend(memoryBackend(), seededRandom(seed ^ (hash(test) + backendsInTest)))
  },
  seed,
  crashScale,
})

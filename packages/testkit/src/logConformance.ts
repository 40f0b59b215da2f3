import { describe } from 'vitest'
import { missingCapabilities, probeBackend } from './capabilities.js'
import { closingTests } from './log/contract/closing.js'
import { durabilityTests } from './log/contract/durability.js'
import { errorTests } from './log/contract/errors.js'
import { followerTests } from './log/contract/followers.js'
import { inspectingTests } from './log/contract/inspecting.js'
import { malformedTests } from './log/contract/malformed.js'
import { misuseTests } from './log/contract/misuse.js'
import { openingTests } from './log/contract/opening.js'
import { randomAccessTests } from './log/contract/randomAccess.js'
import { readingTests } from './log/contract/reading.js'
import { transactionTests } from './log/contract/transactions.js'
import { writingTests } from './log/contract/writing.js'
import { explorationTests } from './log/exploration/exploration.js'
import { createSuite, type LogConformanceOptions } from './log/suite.js'
import { randomSeed } from './random.js'

export type { LogConformanceOptions } from './log/suite.js'

/**
 * Registers `describe('logConformance: <name>')`: the whole log contract of API.md, section by
 * section, run with `Immuta` over fresh backends from `create()` (one per test), then a corpus
 * of malformed files, a fault loop and a power-loss exploration.
 */
export function logConformance(options: LogConformanceOptions): void {
  const seed = options.seed ?? randomSeed()
  const name = `logConformance: ${options.name}`
  describe(name, async () => {
    const capabilities = await probeBackend(options.create, options.cleanup)
    const note = missingCapabilities(name, capabilities, { lock: 'the writer-lock tests', powerLoss: 'the power-loss exploration' })
    if (note) console.info(note)
    const suite = createSuite(options, seed, capabilities)
    openingTests(suite)
    writingTests(suite)
    transactionTests(suite)
    readingTests(suite)
    randomAccessTests(suite)
    errorTests(suite)
    inspectingTests(suite)
    closingTests(suite)
    misuseTests(suite)
    durabilityTests(suite)
    followerTests(suite)
    malformedTests(suite)
    explorationTests(suite)
  })
}

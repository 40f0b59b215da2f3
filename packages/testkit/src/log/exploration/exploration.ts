import { afterAll, beforeAll, describe } from 'vitest'
import type { Suite } from '../suite.js'
import { faultLoopTests } from './faultLoop.js'
import { Figures } from './figures.js'
import { powerLossTests } from './powerLossExploration.js'

/** The fault loop and the power-loss exploration, with their figures printed at the end. */
export function explorationTests(suite: Suite): void {
  describe('Exploration', () => {
    const figures = new Figures(suite.name, suite.seed)
    beforeAll(() => figures.start())
    afterAll(() => figures.print())
    faultLoopTests(suite, figures)
    if (suite.capabilities.powerLoss) powerLossTests(suite, figures)
    else figures.notes.add('power loss not explored: the backend is not a memoryBackend(), so faultyBackend cannot tell synced from unsynced writes')
  })
}

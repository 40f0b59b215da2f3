import { defineConfig } from 'vitest/config'
// @ts-expect-error: a plain ES module of the repository, without types
import { chromiumAvailable } from '../../scripts/runtimes.mjs'

// Without Chromium the run prints one note and passes with no test; IMMUTA_REQUIRE_RUNTIMES=1 fails instead.
const inChromium = chromiumAvailable('the @immuta/example-opfs browser test')

export default defineConfig({
  // Chromium starts, two pages open, and the first build bundles the packages: give a busy CI machine time.
  test: { include: inChromium ? ['test/**/*.test.ts'] : [], passWithNoTests: true, testTimeout: 60_000, hookTimeout: 60_000 },
})

import { playwright } from '@vitest/browser-playwright'
import { defineConfig } from 'vitest/config'
import { chromiumAvailable, chromiumLaunchOptions } from '../../scripts/runtimes.mjs'

// The whole suite runs in Debian's headless Chromium: OPFS, Web Locks and BroadcastChannel exist
// nowhere else here. Without Chromium the run prints one note and passes with no test (CI always
// has it, and IMMUTA_REQUIRE_RUNTIMES=1 makes a missing Chromium fail instead).
const inChromium = chromiumAvailable('the @immuta/opfs browser suite')

export default defineConfig({
  resolve: { conditions: ['@immuta/source'] },
  test: {
    include: inChromium ? ['test/browser/*.test.ts'] : [],
    passWithNoTests: true,
    // The fault loops of logConformance open hundreds of logs through the worker: about 50 s for the largest here.
    testTimeout: 300_000,
    hookTimeout: 60_000,
    browser: {
      enabled: inChromium,
      headless: true,
      screenshotFailures: false,
      provider: playwright({
        launchOptions: chromiumLaunchOptions,
      }),
      instances: [{ browser: 'chromium' }],
    },
  },
})

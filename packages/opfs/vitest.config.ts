import { playwright } from '@vitest/browser-playwright'
import { defineConfig } from 'vitest/config'
// @ts-expect-error: a plain ES module of the repository, without types
import { chromiumAvailable, chromiumPath } from '../../scripts/runtimes.mjs'

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
        launchOptions: {
          // Never a downloaded browser: Debian's chromium (`apt-get install -y chromium`).
          executablePath: chromiumPath,
          // The machine's network is closed: without these, Chromium keeps trying to reach Google.
          args: [
            '--no-sandbox',
            '--headless',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        },
      }),
      instances: [{ browser: 'chromium' }],
    },
  },
})

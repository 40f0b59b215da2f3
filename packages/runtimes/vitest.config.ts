import { playwright } from '@vitest/browser-playwright'
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config'
import { chromiumAvailable, chromiumLaunchOptions } from '../../scripts/runtimes.mjs'

// Two projects in one `vitest run`, so that one test-results.json counts both:
// - node: runs the scenario in Node and spawns Bun and Deno on it (test/*.test.ts);
// - chromium: runs the scenario in Debian's headless Chromium (test/browser/*.test.ts), only where
//   Chromium is installed: without it the run prints one line saying so, unless
//   IMMUTA_REQUIRE_RUNTIMES=1 (CI) makes that a failure (scripts/runtimes.mjs).
// Neither sets the `@immuta/source` condition: every runtime gets the packages' built dist,
// what npm users get (turbo builds it before `test`).
const node: TestProjectInlineConfiguration = {
  test: {
    name: 'node',
    include: ['test/*.test.ts'],
    // Each file starts a runtime (Bun, Deno) that runs the whole scenario: allow a busy CI machine time.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
}

const chromium: TestProjectInlineConfiguration = {
  test: {
    name: 'chromium',
    include: ['test/browser/*.test.ts'],
    browser: {
      enabled: true,
      headless: true,
      screenshotFailures: false,
      provider: playwright({
        launchOptions: chromiumLaunchOptions,
      }),
      instances: [{ browser: 'chromium' }],
    },
  },
}

export default defineConfig({
  test: {
    projects: chromiumAvailable('the Chromium suite of @immuta/runtimes') ? [node, chromium] : [node],
  },
})

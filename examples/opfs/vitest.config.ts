import { defineConfig } from 'vitest/config'

export default defineConfig({
  // Chromium starts, two pages open, and the first build bundles the packages: give a busy CI machine time.
  test: { include: ['test/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000, passWithNoTests: true },
})

import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: { conditions: ['@immuta/source'] },
  ssr: { resolve: { conditions: ['@immuta/source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    // A bad fixture must fail its test, not hang the run: every test that opens a log is bounded.
    testTimeout: 120_000,
  },
})

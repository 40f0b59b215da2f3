import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: { conditions: ['@immuta/source'] },
  ssr: { resolve: { conditions: ['@immuta/source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/globalSetup.ts'],
    // Every test spawns the built binary; on 2 busy cores that is slower than vitest's 5 s default.
    testTimeout: 120_000,
  },
})

import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: { conditions: ['@immuta/source'] },
  ssr: { resolve: { conditions: ['@immuta/source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/globalSetup.ts'],
    // Child processes and fsync make some tests slower than vitest's 5 s default on 2 busy cores.
    testTimeout: 120_000,
  },
})

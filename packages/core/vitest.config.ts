import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: { conditions: ['@immuta/source'] },
  ssr: { resolve: { conditions: ['@immuta/source'] } },
  // Behaviour is asserted, never time: the generous timeout is for a 2-core CI machine that
  // runs every package's suite at once.
  test: { include: ['test/**/*.test.ts'], testTimeout: 120_000 },
})

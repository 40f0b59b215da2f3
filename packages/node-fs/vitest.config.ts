import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: { conditions: ['@immuta/source'] },
  ssr: { resolve: { conditions: ['@immuta/source'] } },
  test: { include: ['test/**/*.test.ts'] },
})

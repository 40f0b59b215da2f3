import { defineConfig } from 'vitest/config'

export default defineConfig({
  // Typechecking every README block takes a few seconds on a busy machine.
  test: { include: ['test/**/*.test.ts'], testTimeout: 60_000 },
})

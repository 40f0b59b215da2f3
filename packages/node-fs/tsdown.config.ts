import { defineConfig } from 'tsdown'

export default defineConfig({
  entry: ['src/index.ts'],
  format: 'esm',
  platform: 'node',
  // The node platform defaults to .mjs/.d.mts; package.json's exports name .js/.d.ts.
  fixedExtension: false,
  dts: true,
  sourcemap: true,
  clean: true,
})

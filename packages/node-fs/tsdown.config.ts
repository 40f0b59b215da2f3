import { defineConfig } from 'tsdown'
import { publicBuild } from '../../tsdown.shared.ts'

export default defineConfig({
  entry: ['src/index.ts'],
  format: 'esm',
  platform: 'node',
  // The node platform defaults to .mjs/.d.mts; package.json's exports name .js/.d.ts.
  fixedExtension: false,
  ...publicBuild,
  sourcemap: true,
  clean: true,
})

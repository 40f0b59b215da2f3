import { defineConfig } from 'tsdown'
import { publicBuild } from '../../tsdown.shared.ts'

export default defineConfig({
  // index: the programmatic entry (`main(argv)`); cli: the `immuta` bin, which calls it.
  entry: ['src/index.ts', 'src/cli.ts'],
  format: 'esm',
  platform: 'node',
  // The node platform defaults to .mjs/.d.mts; package.json's exports and bin name .js/.d.ts.
  fixedExtension: false,
  ...publicBuild,
  sourcemap: true,
  clean: true,
})

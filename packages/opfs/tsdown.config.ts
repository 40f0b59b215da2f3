import { defineConfig } from 'tsdown'
import { publicBuild } from '../../tsdown.shared.ts'

export default defineConfig({
  entry: ['src/index.ts'],
  format: 'esm',
  platform: 'neutral',
  ...publicBuild,
  sourcemap: true,
  clean: true,
})

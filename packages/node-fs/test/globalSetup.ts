import { fileURLToPath } from 'node:url'
import { build } from 'tsdown'

/**
 * Child-process tests run plain `node`, which cannot load TypeScript, so they import this
 * package's built `dist` (and core's, which turbo builds before tests). Building here keeps
 * that `dist` from ever being stale, also in a local `npx vitest run`.
 */
export default async function setup(): Promise<void> {
  const root = fileURLToPath(new URL('..', import.meta.url))
  await build({ cwd: root, config: `${root}tsdown.config.ts`, logLevel: 'warn' })
}

import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'tsdown'

/**
 * Child-process tests run plain `node`, which cannot load TypeScript, so they import this
 * package's built `dist` (and core's, which turbo builds before tests). Building here keeps
 * that `dist` from ever being stale, also in a local `npx vitest run`. Only when it is stale:
 * under `pnpm test` turbo has just built it, and the examples' tests, running at the same time,
 * import it; a rebuild (which empties `dist` first) would pull it from under them.
 */
export default async function setup(): Promise<void> {
  const root = fileURLToPath(new URL('..', import.meta.url))
  if (!stale(root)) return
  await build({ cwd: root, config: `${root}tsdown.config.ts`, logLevel: 'warn' })
}

function stale(root: string): boolean {
  const built = join(root, 'dist/index.js')
  if (!existsSync(built)) return true
  const builtAt = statSync(built).mtimeMs
  const configs = ['package.json', 'tsdown.config.ts', '../../tsdown.shared.ts'].map((file) => join(root, file))
  const sources = [...configs, ...filesUnder(join(root, 'src'))]
  return sources.some((file) => statSync(file).mtimeMs > builtAt)
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  )
}

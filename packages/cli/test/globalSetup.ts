import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { build } from 'tsdown'

/**
 * The tests spawn the built `immuta` binary, as users run it, so they need this package's
 * `dist`: building it here keeps it from ever being stale, also in a local `npx vitest run`.
 * The binary imports its dependencies' `dist` too, which turbo builds before `test`.
 */
export default async function setup(): Promise<void> {
  const root = fileURLToPath(new URL('..', import.meta.url))
  for (const dependency of ['core', 'node-fs', 'transformers']) {
    if (!existsSync(new URL(`../../${dependency}/dist/index.js`, import.meta.url))) {
      throw new Error(`packages/${dependency}/dist is missing: run \`pnpm turbo run build --filter=@immuta/cli...\` first`)
    }
  }
  await build({ cwd: root, config: `${root}tsdown.config.ts`, logLevel: 'warn' })
}

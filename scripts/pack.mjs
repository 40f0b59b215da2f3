// Builds the publishable packages (every package under packages/ that is not private) and packs
// each with `pnpm pack`, as a release would: `workspace:` ranges become the packages' versions.
// Until the packages are on npm, a user installs them from these tarballs (see the root README):
//   pnpm pack:local            -> packs/*.tgz
//   pnpm pack:local -- <dir>   -> <dir>/*.tgz
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const out = resolve(process.cwd(), process.argv.slice(2).find((arg) => arg !== '--') ?? join(root, 'packs'))

const publishable = readdirSync(join(root, 'packages'))
  .map((dir) => join(root, 'packages', dir))
  .filter((dir) => existsSync(join(dir, 'package.json')))
  .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
  .filter(({ manifest }) => manifest.private !== true)

const run = (command, args, cwd) => execFileSync(command, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] })

const filters = publishable.flatMap(({ manifest }) => [`--filter=${manifest.name}`])
run('pnpm', ['exec', 'turbo', 'run', 'build', '--output-logs=errors-only', ...filters], root)

rmSync(out, { recursive: true, force: true })
mkdirSync(out, { recursive: true })
for (const { dir } of publishable) {
  execFileSync('pnpm', ['pack', '--pack-destination', out], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] })
}
const tarballs = readdirSync(out).filter((name) => name.endsWith('.tgz'))
console.log(`${tarballs.length} packages packed into ${out}:\n${tarballs.map((name) => `  ${name}`).join('\n')}`)

// Checks what the registry page of each installed (packed) @immuta package would show: its
// package.json names the repository (with the package's folder), a homepage, where to report
// bugs and keywords; its README links only to absolute URLs or to anchors, since a link
// relative to the repository's folders leads nowhere on the registry page.
//   node scripts/check-packed-manifests.mjs <project dir with node_modules/@immuta/*>
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

const scope = join(resolve(process.argv[2] ?? '.'), 'node_modules/@immuta')
const problems = []
for (const name of readdirSync(scope)) {
  const dir = join(scope, name)
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
  const missing = [
    ['repository.url', manifest.repository?.url],
    ['repository.directory', manifest.repository?.directory],
    ['homepage', manifest.homepage],
    ['bugs.url', manifest.bugs?.url],
    ['keywords', manifest.keywords?.length > 0 ? manifest.keywords : undefined],
  ].filter(([, value]) => !value)
  for (const [field] of missing) problems.push(`${manifest.name}: package.json has no ${field}`)
  const readme = join(dir, 'README.md')
  if (!existsSync(readme)) {
    problems.push(`${manifest.name}: no README.md in the package`)
    continue
  }
  for (const [, target] of readFileSync(readme, 'utf8').matchAll(/\]\(([^)\s]+)\)/g)) {
    if (!/^(https?:|#)/.test(target)) problems.push(`${manifest.name}: README links to ${target}, which the registry page cannot follow`)
  }
}
if (problems.length > 0) {
  console.log(problems.join('\n'))
  process.exit(1)
}
console.log('packed package.json and README: repository, homepage, bugs, keywords; absolute links')

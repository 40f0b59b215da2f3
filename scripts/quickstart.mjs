// Runs the root README's Quick start in a project of its own, as a user would after installing
// the packed packages there: once as JavaScript (`node quickstart.mjs`), once as TypeScript
// (strict, module nodenext, compiled by the project's own `tsc`), each in a fresh folder, and
// checks that each prints what the README says it prints.
//   node scripts/quickstart.mjs <project dir>
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8')
const project = resolve(process.argv[2] ?? '.')

/** The first ```<lang> block after the Quick start heading. */
function block(lang) {
  const section = readme.slice(readme.indexOf('## Quick start'))
  const match = section.match(new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``))
  if (!match?.[1]) throw new Error(`README: no \`\`\`${lang} block under "## Quick start"`)
  return match[1]
}

const code = block('js')
const expected = block('text')

const tsconfig = {
  compilerOptions: {
    strict: true,
    module: 'nodenext',
    target: 'es2022',
    types: ['node'],
    outDir: 'out',
    skipLibCheck: false, // the packed .d.ts must compile too, not only the snippet
  },
  files: ['quickstart.ts'],
}

const runs = {
  javascript(dir) {
    writeFileSync(join(dir, 'quickstart.mjs'), code)
    return execFileSync('node', ['quickstart.mjs'], { cwd: dir, encoding: 'utf8' })
  },
  typescript(dir) {
    writeFileSync(join(dir, 'quickstart.ts'), code)
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2))
    execFileSync(join(project, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], { cwd: dir, stdio: 'inherit' })
    return execFileSync('node', ['out/quickstart.js'], { cwd: dir, encoding: 'utf8' })
  },
}

let failed = false
for (const [language, run] of Object.entries(runs)) {
  // A folder inside the project, so that imports resolve to its node_modules; a fresh log each time.
  const dir = join(project, language)
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true, type: 'module' }))
  const printed = run(dir)
  if (printed === expected) {
    console.log(`quick start in ${language}: prints what the README says`)
  } else {
    failed = true
    console.log(`quick start in ${language}: printed\n${printed}\nwhere the README says\n${expected}`)
  }
}
process.exit(failed ? 1 : 0)

// Checks the .d.ts of installed (packed) @immuta packages, as a user's TypeScript sees them:
// - they hold the public API only: no internal class (Writer, NamespaceState, FileIO...), nothing
//   left marked @internal, no callable internal member (Transaction.abort, the constructors of
//   LogStream and Transaction);
// - no UPPER_SNAKE constant other than the error codes, even in a doc comment;
// - no `sourceMappingURL` to a declaration map the package does not ship;
// - every export of every entry point (package.json `exports`) has a doc comment.
//   node scripts/check-packed-types.mjs <project dir with node_modules/@immuta/*>
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'

const project = resolve(process.argv[2] ?? '.')
// The project's own TypeScript when it has one, else the workspace's.
const require = createRequire(existsSync(join(project, 'node_modules/typescript')) ? join(project, 'package.json') : import.meta.url)
const ts = require('typescript')

const forbidden = [/\bclass Writer\b/, /\bNamespaceState\b/, /\bFileIO\b/, /@internal/, /\babort\(\): Promise/]
const problems = []
const scope = join(project, 'node_modules/@immuta')
// Error codes are API; any other UPPER_SNAKE word in a .d.ts is an internal constant leaking
// (into a doc comment, and from there into the API reference).
const codes = new Set([...readFileSync(join(scope, 'core/dist/index.d.ts'), 'utf8').match(/(?<=readonly )[A-Z_]+(?=: ")/g), 'O_APPEND']) // and the OS's own names

for (const name of readdirSync(scope)) {
  const dir = join(scope, name)
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
  const files = (function walk(at) {
    return readdirSync(at, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(at, e.name)) : [join(at, e.name)]))
  })(dir)
  for (const file of files.filter((f) => f.endsWith('.d.ts'))) {
    const text = readFileSync(file, 'utf8')
    for (const pattern of forbidden) if (pattern.test(text)) problems.push(`${file}: holds ${pattern}`)
    for (const word of new Set(text.match(/\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b/g))) {
      if (!codes.has(word)) problems.push(`${file}: names ${word}, which is not part of the API`)
    }
    const map = text.match(/sourceMappingURL=(\S+)/)
    if (map && !existsSync(join(file, '..', map[1]))) problems.push(`${file}: names ${map[1]}, which is not shipped`)
    for (const klass of ['LogStream', 'Transaction']) {
      const body = text.match(new RegExp(`declare class ${klass}\\b[^{]*\\{([\\s\\S]*?)\\n\\}`))
      if (body?.[1] && /^\s*constructor\(/m.test(body[1])) problems.push(`${file}: ${klass} has a public constructor`)
    }
  }
  const entries = Object.entries(manifest.exports ?? {}).filter(([, target]) => typeof target === 'object' && target.types)
  for (const [subpath, target] of entries) checkDocumented(`${manifest.name}${subpath.slice(1)}`, join(dir, target.types))
}

/** Every export of the entry's module has a doc comment, looked up through re-exports. */
function checkDocumented(entry, typesFile) {
  const program = ts.createProgram([typesFile], { strict: true, noEmit: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext })
  const checker = program.getTypeChecker()
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(typesFile))
  let count = 0
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported
    count++
    const doc = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim()
    if (!doc) problems.push(`${entry}: export ${exported.name} has no doc comment`)
  }
  console.log(`${entry}: ${count} exports checked`)
}

if (problems.length > 0) {
  console.log(problems.join('\n'))
  console.log(`${problems.length} problems in the packed .d.ts`)
  process.exit(1)
}
console.log('packed .d.ts: public API only, no missing map, every export documented')

import { join } from 'node:path'
import ts from 'typescript'

export interface TypecheckInput {
  id: string
  code: string
}

/** The packages whose published types the blocks are checked against. */
export const PACKAGES: readonly string[] = ['@immuta/core', '@immuta/node-fs', '@immuta/transformers', '@immuta/testkit']

const options: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2023.d.ts', 'lib.esnext.disposable.d.ts', 'lib.dom.d.ts'],
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  strict: true,
  noUncheckedIndexedAccess: true,
  noEmit: true,
  skipLibCheck: true,
  types: ['node'],
}

/**
 * Typechecks each input as a module of its own, strict, against the packages' published types
 * (their built `.d.ts`, resolved from `dir`'s node_modules), with `globals` (a declaration file)
 * in scope. Returns the diagnostics of each input as text: none when it typechecks.
 */
export function typecheck(inputs: readonly TypecheckInput[], dir: string, globals: string): Map<string, string[]> {
  const files = new Map(inputs.map((input) => [join(dir, '.readme-blocks', `${input.id}.ts`), input]))
  const program = virtualProgram(
    new Map([...files].map(([path, input]) => [path, `${input.code}\nexport {}\n`])),
    [globals],
  )
  const result = new Map(inputs.map((input) => [input.id, [] as string[]]))
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const input = diagnostic.file ? files.get(diagnostic.file.fileName) : undefined
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')
    if (input === undefined) {
      // An error outside the blocks (the globals file, a package's types) fails every block.
      for (const list of result.values()) list.push(`${diagnostic.file?.fileName ?? 'options'}: ${message}`)
      continue
    }
    const { line } = diagnostic.file?.getLineAndCharacterOfPosition(diagnostic.start ?? 0) ?? { line: 0 }
    result.get(input.id)?.push(`line ${line + 1}: ${message}`)
  }
  return result
}

/** Every name each package exports (values and types), read from its published types. */
export function exportedNames(dir: string): Map<string, string> {
  const path = join(dir, '.readme-blocks', 'exports.ts')
  const source = PACKAGES.map((name, i) => `import * as p${i} from '${name}'`).join('\n')
  const program = virtualProgram(new Map([[path, `${source}\nexport {}\n`]]), [])
  const checker = program.getTypeChecker()
  const names = new Map<string, string>()
  const file = program.getSourceFile(path) as ts.SourceFile
  for (const statement of file.statements) {
    if (!ts.isImportDeclaration(statement)) continue
    const specifier = statement.moduleSpecifier as ts.StringLiteral
    const module = checker.getSymbolAtLocation(specifier)
    if (!module) throw new Error(`docs-check: cannot resolve ${specifier.text}; is it built?`)
    for (const symbol of checker.getExportsOfModule(module)) if (!names.has(symbol.name)) names.set(symbol.name, specifier.text)
  }
  return names
}

/** Parsed library and package files, shared by every program: parsing lib.dom.d.ts once is enough. */
const parsed = new Map<string, ts.SourceFile | undefined>()

function virtualProgram(files: Map<string, string>, roots: string[]): ts.Program {
  const host = ts.createCompilerHost(options)
  const readFile = host.readFile.bind(host)
  const getSourceFile = host.getSourceFile.bind(host)
  host.fileExists = (name) => files.has(name) || ts.sys.fileExists(name)
  host.readFile = (name) => files.get(name) ?? readFile(name)
  host.getSourceFile = (name, version, onError) => {
    const text = files.get(name)
    if (text !== undefined) return ts.createSourceFile(name, text, version, true)
    if (!parsed.has(name)) parsed.set(name, getSourceFile(name, version, onError))
    return parsed.get(name)
  }
  return ts.createProgram([...files.keys(), ...roots], options, host)
}

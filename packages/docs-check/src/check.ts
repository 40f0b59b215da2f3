import { join } from 'node:path'
import { type CodeBlock, CHECKED_LANGS, codeBlocks } from './blocks.js'
import { asDeclarations, definedNames } from './declarations.js'
import { filesCiRuns, markdownFiles } from './sources.js'
import { exportedNames, typecheck } from './typecheck.js'
import { containsVerbatim } from './verbatim.js'

/** How a block was found to be right, or why it was not. */
export type Verdict =
  | { kind: 'verbatim'; file: string }
  | { kind: 'code' }
  | { kind: 'reference'; packageName: string }
  | { kind: 'unchecked'; why: string[] }

export interface CheckedBlock extends CodeBlock {
  verdict: Verdict
}

/**
 * Checks every TypeScript and JavaScript block of the repository's Markdown files, in this order:
 * 1. verbatim: its lines appear, in order, in a file CI runs (an example, a package's test);
 * 2. code: it typechecks as a module of its own against the published packages;
 * 3. reference (package READMEs only): read as a list of signatures, it is true of the package.
 *    A block that defines a type or function of the package's is checked this way only.
 * `dir` is this package's folder (the packages resolve from its node_modules).
 */
export function checkRepository(root: string, dir: string, packageNames: ReadonlyMap<string, string>): CheckedBlock[] {
  const blocks = markdownFiles(root)
    .flatMap(({ file, text }) => codeBlocks(file, text))
    .filter((block) => CHECKED_LANGS.has(block.lang))
  const sources = filesCiRuns(root)
  const globals = join(dir, 'src', 'snippetGlobals.d.ts')
  const verdicts = new Map<CodeBlock, Verdict>()
  const idOf = (block: CodeBlock): string => `${block.file.replaceAll('/', '_')}-L${block.line}`

  for (const block of blocks) {
    const source = sources.find(({ text }) => containsVerbatim(text, block.code))
    if (source) verdicts.set(block, { kind: 'verbatim', file: source.file })
  }
  const exported = exportedNames(dir)
  const rest = blocks.filter((block) => !verdicts.has(block))
  // A block that defines a type or function the package exports documents it: it is checked
  // against the package (a local `type X = ...` would otherwise typecheck whatever it says).
  const documentsExport = (block: CodeBlock): boolean =>
    packageNames.has(block.file) && definedNames(block.code).some((name) => exported.has(name))
  const asCode = typecheck(
    rest.filter((block) => !documentsExport(block)).map((block) => ({ id: idOf(block), code: block.code })),
    dir,
    globals,
  )
  const references: { block: CodeBlock; packageName: string }[] = []
  for (const block of rest) {
    const errors = asCode.get(idOf(block))
    if (errors !== undefined && errors.length === 0) {
      verdicts.set(block, { kind: 'code' })
      continue
    }
    verdicts.set(block, { kind: 'unchecked', why: (errors ?? []).map((e) => `as code: ${e}`) })
    const packageName = packageNames.get(block.file)
    if (packageName) references.push({ block, packageName })
  }
  const asReference = typecheck(
    references.map(({ block, packageName }) => ({ id: idOf(block), code: asDeclarations(block.code, packageName, exported) })),
    dir,
    globals,
  )
  for (const { block, packageName } of references) {
    const errors = asReference.get(idOf(block)) ?? []
    const previous = verdicts.get(block) as { kind: 'unchecked'; why: string[] }
    if (errors.length === 0) verdicts.set(block, { kind: 'reference', packageName })
    else verdicts.set(block, { kind: 'unchecked', why: [...previous.why, ...errors.map((e) => `as signatures: ${e}`)] })
  }
  return blocks.map((block) => ({ ...block, verdict: verdicts.get(block) as Verdict }))
}

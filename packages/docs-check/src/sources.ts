import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

export interface SourceFile {
  /** Relative to the repository root. */
  file: string
  text: string
}

/** The Markdown files whose code blocks are checked: every README, and CONTRIBUTING.md. */
export function markdownFiles(root: string): SourceFile[] {
  const paths = ['README.md', 'CONTRIBUTING.md']
  for (const group of ['packages', 'examples']) {
    for (const name of list(join(root, group))) paths.push(`${group}/${name}/README.md`)
  }
  return paths.filter((path) => existsSync(join(root, path))).map((file) => ({ file, text: readFileSync(join(root, file), 'utf8') }))
}

/**
 * Files that CI runs: every file of an example (each example's test runs it and checks what it
 * prints) and every file under a package's test/ folder (vitest runs them, or imports them
 * from a test).
 */
export function filesCiRuns(root: string): SourceFile[] {
  const found: string[] = []
  for (const name of list(join(root, 'examples'))) walk(join(root, 'examples', name), found)
  for (const name of list(join(root, 'packages'))) walk(join(root, 'packages', name, 'test'), found)
  return found
    .filter((path) => /\.(m?js|m?ts)$/.test(path))
    .map((path) => ({ file: relative(root, path), text: readFileSync(path, 'utf8') }))
}

/** The entries of `dir`, sorted; none when it is missing or not a folder. */
function list(dir: string): string[] {
  return existsSync(dir) && statSync(dir).isDirectory() ? readdirSync(dir).sort() : []
}

function walk(dir: string, into: string[]): void {
  for (const name of list(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue
    const path = join(dir, name)
    if (statSync(path).isDirectory()) walk(path, into)
    else into.push(path)
  }
}

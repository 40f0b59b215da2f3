import { ImmutaError } from './errors.js'

/** The file that holds a namespace, as in the Go library. */
export function fileNameOf(namespace: string): string {
  return `${namespace}.log`
}

const ALLOWED = /^[A-Za-z0-9._-]+$/
const MAX_LENGTH = 200

/**
 * Why a namespace name is refused, or undefined when it is fine. Only ASCII letters, digits,
 * `.`, `_` and `-`: no separator, NUL or `..` can reach outside the backend's directory (the Go
 * library joins the name into a path as it is), and the file name means the same on every OS.
 */
export function namespaceProblem(name: unknown): string | undefined {
  if (typeof name !== 'string') return 'is not a string'
  if (name.length === 0) return 'is empty'
  if (name.length > MAX_LENGTH) return `is longer than ${MAX_LENGTH} characters`
  if (name === '.' || name === '..') return 'is a relative directory name'
  if (!ALLOWED.test(name)) return 'may hold only ASCII letters, digits, ".", "_" and "-"'
  return undefined
}

/** Checks the `namespaces` option of `Immuta.open`. */
export function validateNamespaces(namespaces: unknown): string[] {
  if (!Array.isArray(namespaces) || namespaces.length === 0) {
    throw new ImmutaError('NAMESPACE_REQUIRED', 'at least one namespace is required')
  }
  const seen = new Set<string>()
  for (const name of namespaces) {
    const problem = namespaceProblem(name)
    if (problem) throw new ImmutaError('INVALID_NAMESPACE', `namespace ${JSON.stringify(name)} ${problem}`)
    if (seen.has(name)) throw new ImmutaError('INVALID_NAMESPACE', `namespace "${name}" is given twice`)
    seen.add(name)
  }
  return [...seen]
}

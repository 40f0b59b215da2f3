import { invalidNamespace, namespaceRequired } from './errors.js'

/** The file that holds a namespace, as in the Go library. */
export function fileNameOf(namespace: string): string {
  return `${namespace}.log`
}

const ALLOWED = /^[A-Za-z0-9._-]+$/
const MAX_LENGTH = 200
/**
 * Device names Windows reserves in every directory, in any case. Windows reads the name up to
 * the first dot, so `nul.log` (namespace `nul`) and `nul.txt.log` (namespace `nul.txt`) both
 * open the NUL device: the records would vanish without an error.
 */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\.|$)/i

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
  if (WINDOWS_RESERVED.test(name)) return 'is a device name on Windows (CON, PRN, AUX, NUL, COM1-9, LPT1-9), also before a dot'
  return undefined
}

/** Checks the `namespaces` option of `Immuta.open`. */
export function validateNamespaces(namespaces: unknown): string[] {
  if (typeof namespaces === 'string') {
    // NAMESPACE_REQUIRED as for any value that is not a list, with the fix in the message.
    throw namespaceRequired(`namespaces must be an array of names, not a string: namespaces: [${JSON.stringify(namespaces)}]`)
  }
  if (!Array.isArray(namespaces) || namespaces.length === 0) {
    throw namespaceRequired('at least one namespace is required')
  }
  // Keyed by lower case: macOS and Windows file systems ignore case, so `Events.log` and
  // `events.log` are one file there and two writers would lose each other's records.
  const seen = new Map<string, string>()
  for (const name of namespaces) {
    const problem = namespaceProblem(name)
    if (problem) throw invalidNamespace(`namespace ${JSON.stringify(name)} ${problem}`)
    const earlier = seen.get(name.toLowerCase())
    if (earlier === name) throw invalidNamespace(`namespace "${name}" is given twice`)
    if (earlier !== undefined) {
      throw invalidNamespace(`namespaces "${earlier}" and "${name}" differ only in case: one file on macOS and Windows`)
    }
    seen.set(name.toLowerCase(), name)
  }
  return [...seen.values()]
}

/**
 * A reference block lists signatures rather than code a program runs:
 *
 *     deflate(options?: { level?: 0 | 1 | 2 }) // level default 6
 *     function memoryBackend(options?: MemoryBackendOptions): MemoryBackend
 *     interface MemoryBackendOptions { files?: Readonly<Record<string, Uint8Array>> }
 *
 * `asDeclarations` turns such a block into a module that typechecks only when the documentation
 * is true of the package: each listed function becomes a `declare function` that the real
 * export must be assignable to, and each listed interface or type must accept the real one and
 * name no member it lacks. So a renamed or removed export, a parameter of another type, a
 * changed return type or a documented member that does not exist fails the check. The types the block mentions without
 * defining them are imported from the packages that export them.
 */
export function asDeclarations(code: string, packageName: string, exported: ReadonlyMap<string, string>): string {
  const functions: string[] = []
  const types: { name: string; arity: number }[] = []
  const body = code.split('\n').map((line) => {
    const fn = /^(?:export\s+)?(?:declare\s+)?function\s+(\w+)/.exec(line)
    if (fn) {
      functions.push(fn[1] as string)
      return line.replace(/^(?:export\s+)?(?:declare\s+)?function/, 'declare function')
    }
    const call = /^(\w+)(<[^(]*>)?\((.*)\)\s*(?::\s*([^/]+?))?\s*(\/\/.*)?$/.exec(line)
    if (call && !KEYWORDS.has(call[1] as string)) {
      const [, name, generics = '', params = '', returns = 'unknown', comment = ''] = call
      functions.push(name as string)
      return `declare function ${name}${generics}(${params}): ${returns} ${comment}`
    }
    const type = /^(?:export\s+)?(?:interface|type)\s+(\w+)(<([^>]*)>)?/.exec(line)
    if (type) types.push({ name: type[1] as string, arity: type[3] ? (type[3] as string).split(',').length : 0 })
    return line
  })
  const defined = new Set([...functions, ...types.map((t) => t.name)])
  const imports = new Map<string, string[]>()
  for (const name of new Set(code.match(/\b[A-Za-z_]\w*\b/g) ?? [])) {
    const from = exported.get(name)
    if (from !== undefined && !defined.has(name)) imports.set(from, [...(imports.get(from) ?? []), name])
  }
  const checks = [
    ...functions.map((name) => `export const __fits_${name}: typeof ${name} = __real.${name}`),
    ...types.map(({ name, arity }) => {
      const args = arity === 0 ? '' : `<${Array(arity).fill('any').join(', ')}>`
      return [
        `declare const __real_${name}: __real.${name}${args}`,
        `export const __fits_${name}: ${name}${args} = __real_${name}`,
        // Assignability allows a documented optional member that does not exist: names must match too.
        `export const __noExtraMembers_${name}: [Exclude<keyof ${name}${args}, keyof __real.${name}${args}>] extends [never] ? true : false = true`,
      ].join('\n')
    }),
  ]
  return [
    `import * as __real from '${packageName}'`,
    ...[...imports].map(([from, names]) => `import type { ${names.join(', ')} } from '${from}'`),
    ...body,
    ...checks,
  ].join('\n')
}

const KEYWORDS = new Set(['if', 'for', 'while', 'switch', 'return', 'await', 'typeof', 'new', 'catch', 'function'])

/** The names a block defines at its top level: functions, signatures, interfaces, types. */
export function definedNames(code: string): string[] {
  const names: string[] = []
  for (const line of code.split('\n')) {
    const match = /^(?:export\s+)?(?:declare\s+)?(?:function|interface|type)\s+(\w+)/.exec(line)
    if (match) names.push(match[1] as string)
  }
  return names
}

import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { codeBlocks } from '../src/blocks.js'
import { asDeclarations } from '../src/declarations.js'
import { exportedNames, typecheck } from '../src/typecheck.js'
import { containsVerbatim } from '../src/verbatim.js'

const here = fileURLToPath(new URL('..', import.meta.url))
const globals = fileURLToPath(new URL('../src/snippetGlobals.d.ts', import.meta.url))

describe('codeBlocks', () => {
  it('finds fenced blocks with their language and the line of the opening fence', () => {
    const markdown = ['# title', '', '```ts', 'const a = 1', '```', 'text', '~~~~js', '```', 'nested fence', '~~~~', '```', 'x', '```'].join('\n')
    expect(codeBlocks('R.md', markdown)).toEqual([
      { file: 'R.md', line: 3, lang: 'ts', code: 'const a = 1' },
      { file: 'R.md', line: 7, lang: 'js', code: '```\nnested fence' },
      { file: 'R.md', line: 11, lang: '', code: 'x' },
    ])
  })
})

describe('containsVerbatim', () => {
  const source = 'function f() {\n  const log = open()\n\n  await log.close()\n}\n'
  it('finds a block whose lines appear in order, indented or not, blank lines aside', () => {
    expect(containsVerbatim(source, 'const log = open()\nawait log.close()')).toBe(true)
  })
  it('refuses a block with a line changed, reordered or missing in between', () => {
    expect(containsVerbatim(source, 'const log = open(1)\nawait log.close()')).toBe(false)
    expect(containsVerbatim(source, 'await log.close()\nconst log = open()')).toBe(false)
    expect(containsVerbatim(source, 'function f() {\nawait log.close()')).toBe(false)
    expect(containsVerbatim(source, '')).toBe(false)
  })
})

describe('typecheck', () => {
  it('passes code that is right against the published types, and names what is wrong', () => {
    const result = typecheck(
      [
        { id: 'good', code: "import { memoryBackend } from '@immuta/testkit'\nconst r = await log.append('events', bytes)\nr.seq.toFixed()\nmemoryBackend()" },
        { id: 'bad', code: "await log.append('events', 42)\nawait log.appendd('events', 'x')" },
        { id: 'missing', code: "import { nothing } from '@immuta/core'" },
      ],
      here,
      globals,
    )
    expect(result.get('good')).toEqual([])
    expect(result.get('bad')?.join('\n')).toMatch(/line 1: Argument of type 'number'[\s\S]*line 2: Property 'appendd' does not exist/)
    expect(result.get('missing')?.join('\n')).toMatch(/has no exported member 'nothing'/)
  })
})

describe('asDeclarations', () => {
  const exported = exportedNames(here)
  // One program for every case: each is a module of its own, so they cannot see each other.
  const cases = {
    deflate: ['deflate(options?: { level?: 0 | 1 | 9 }) // level default 6\ninflate()', '@immuta/transformers'],
    crc32c: ['crc32c(data: Uint8Array, crc?: number): number', '@immuta/transformers'],
    memoryBackend: [
      'function memoryBackend(options?: MemoryBackendOptions): MemoryBackend\ninterface MemoryBackendOptions { files?: Readonly<Record<string, Uint8Array>> }',
      '@immuta/testkit',
    ],
    wrongParameter: ['deflate(options?: { level?: string })', '@immuta/transformers'],
    wrongReturn: ['crc32c(data: Uint8Array): string', '@immuta/transformers'],
    notExported: ['compress(data: Uint8Array): Uint8Array', '@immuta/transformers'],
    extraMember: ['interface MemoryBackendOptions { files?: Readonly<Record<string, Uint8Array>>; sectorSize?: number }', '@immuta/testkit'],
  } as const
  const results = typecheck(
    Object.entries(cases).map(([id, [code, pkg]]) => ({ id, code: asDeclarations(code, pkg, exported) })),
    here,
    globals,
  )

  it('reads the packages exports', () => {
    expect(exported.get('Immuta')).toBe('@immuta/core')
    expect(exported.get('deflate')).toBe('@immuta/transformers')
    expect(exported.get('MemoryBackendOptions')).toBe('@immuta/testkit')
  })
  it('passes signatures that are true of the package', () => {
    expect(results.get('deflate')).toEqual([])
    expect(results.get('crc32c')).toEqual([])
    expect(results.get('memoryBackend')).toEqual([])
  })
  it('fails a wrong parameter, a wrong return type, a missing export or a member that does not exist', () => {
    expect(results.get('wrongParameter')?.join('\n')).toMatch(/not assignable/)
    expect(results.get('wrongReturn')?.join('\n')).toMatch(/not assignable/)
    expect(results.get('notExported')?.join('\n')).toMatch(/'compress'/)
    expect(results.get('extraMember')?.join('\n')).toMatch(/Type 'true' is not assignable to type 'false'/)
  })
})

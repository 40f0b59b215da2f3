import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { type CheckedBlock, checkRepository } from '../src/check.js'

const root = fileURLToPath(new URL('../../..', import.meta.url))
const here = fileURLToPath(new URL('..', import.meta.url))

/** packages/<dir>/README.md -> the package's name, for checking reference blocks against it. */
const packageOfReadme = new Map<string, string>()
for (const dir of readdirSync(join(root, 'packages'))) {
  const manifest = join(root, 'packages', dir, 'package.json')
  if (existsSync(manifest)) packageOfReadme.set(`packages/${dir}/README.md`, JSON.parse(readFileSync(manifest, 'utf8')).name)
}

/**
 * Blocks of READMEs this package does not own that no check covers yet, each named by its
 * README and its first line, with what it lacks. The owners are asked to make each one a file
 * that CI runs (or part of one) or code that typechecks; the last test below fails when one of
 * them is fixed, so that it leaves this list.
 */

const describeVerdict = (block: CheckedBlock): string => {
  const { verdict } = block
  if (verdict.kind === 'verbatim') return `taken from ${verdict.file}`
  if (verdict.kind === 'code') return 'typechecks as code'
  if (verdict.kind === 'reference') return `true of ${verdict.packageName}'s types`
  return `unchecked:\n${verdict.why.join('\n')}`
}

const blocks = checkRepository(root, here, packageOfReadme)

it('finds the code blocks of the root README, of every example and package README', () => {
  const files = new Set(blocks.map((block) => block.file))
  expect(files).toContain('README.md')
  expect([...files].filter((file) => file.startsWith('packages/')).length).toBeGreaterThanOrEqual(3)
})

for (const file of [...new Set(blocks.map((block) => block.file))]) {
  describe(file, () => {
    for (const block of blocks.filter((b) => b.file === file)) {
      it(`the ${block.lang} block at line ${block.line} is CI-run code, code that typechecks, or true of the package`, () => {
        expect(block.verdict.kind, `${file}:${block.line} ${describeVerdict(block)}`).not.toBe('unchecked')
      })
    }
  })
}

it("the root README's quick start is the basic example, which CI runs", () => {
  const quickStart = blocks.find((block) => block.file === 'README.md' && block.code.includes("from '@immuta/node-fs'"))
  expect(quickStart?.verdict).toEqual({ kind: 'verbatim', file: 'examples/basic/index.mjs' })
})

// `@immuta/testkit` imports vitest; a block that is not a test file must not need it to run.
it('blocks that are not tests take memoryBackend and faultyBackend from @immuta/testkit/backends', () => {
  const suites = /\b(describe|it|test|backendConformance|logConformance|transformerConformance)\(/
  const wrong = blocks
    .filter((block) => !suites.test(block.code))
    .filter((block) => /import\s*\{[^}]*\b(memoryBackend|faultyBackend)\b[^}]*\}\s*from\s*'@immuta\/testkit'/.test(block.code))
    .map((block) => `${block.file}:${block.line}`)
  expect(wrong).toEqual([])
})

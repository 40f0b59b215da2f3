import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it, vi } from 'vitest'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
const example = readFileSync(new URL('./readmeExample.ts', import.meta.url), 'utf8')

afterEach(() => {
  vi.restoreAllMocks()
})

describe('README', () => {
  it('shows test/readmeExample.ts as its first example, importing the package by name', () => {
    const shown = /```ts\n([\s\S]*?)```/.exec(readme)?.[1]
    expect(shown).toBe(example.replace("'../src/index.js'", "'@immuta/transformers'"))
  })

  it('has an example that runs and prints the record back', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined)
    await import('./readmeExample.js')
    expect(log).toHaveBeenCalledWith('{"event":"click","user":1234}', expect.stringMatching(/^stored in \d+ bytes$/))
  })
})

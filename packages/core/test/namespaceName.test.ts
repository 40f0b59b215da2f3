import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fileNameOf, namespaceProblem, validateNamespaces } from '../src/namespaceName.js'

describe('namespace names', () => {
  it.each(['events', 'audit.2026', 'a_b-c', 'A', '0', '...', '.hidden', 'x'.repeat(200)])('accepts %j', (name) => {
    expect(namespaceProblem(name)).toBeUndefined()
  })

  it.each(['', '.', '..', '../x', 'a/b', 'a\\b', 'nul\0byte', 'x'.repeat(201), 'sp ace', 'é', 'a:b', '/abs'])('refuses %j', (name) => {
    expect(namespaceProblem(name)).toEqual(expect.any(String))
  })

  it('never accepts a name whose file could leave the directory', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 220 }), (name) => {
        if (namespaceProblem(name) !== undefined) return
        const file = fileNameOf(name)
        expect(file).not.toMatch(/[/\\\0]/)
        expect(name).not.toBe('..')
        expect(name.length).toBeLessThanOrEqual(200)
      }),
    )
  })

  it('validateNamespaces: NAMESPACE_REQUIRED for a missing or empty list', () => {
    for (const value of [undefined, [], null, 'events']) {
      expect(() => validateNamespaces(value)).toThrow(expect.objectContaining({ code: 'NAMESPACE_REQUIRED' }))
    }
  })

  it('validateNamespaces: INVALID_NAMESPACE for a bad or duplicated name', () => {
    expect(() => validateNamespaces(['ok', '../x'])).toThrow(expect.objectContaining({ code: 'INVALID_NAMESPACE' }))
    expect(() => validateNamespaces(['ok', 'ok'])).toThrow(expect.objectContaining({ code: 'INVALID_NAMESPACE' }))
    expect(() => validateNamespaces([42])).toThrow(expect.objectContaining({ code: 'INVALID_NAMESPACE' }))
    expect(validateNamespaces(['a', 'b'])).toEqual(['a', 'b'])
  })
})

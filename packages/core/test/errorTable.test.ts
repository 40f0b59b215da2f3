import { describe, expect, it } from 'vitest'
import readme from '../README.md?raw'
import { ErrorCode } from '../src/index.js'

// ErrorCode is the one list of codes (the testkit reads it too); the README's error table is
// the contract users read. The two must name the same codes.
describe('the error codes', () => {
  it('are the codes of the README error table, no more and no fewer', () => {
    const table = readme.slice(readme.indexOf('## Errors'))
    const documented = [...table.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((match) => match[1])
    expect(documented.sort()).toEqual(Object.keys(ErrorCode).sort())
  })
})

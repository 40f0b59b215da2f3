import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fileNameOf, namespaceProblem } from '../src/namespaceName.js'
import { tailFileName } from '../src/prepareForWriting.js'

const namespace = fc.stringMatching(/^[A-Za-z0-9._-]{1,40}$/).filter((name) => namespaceProblem(name) === undefined)

describe('the file a cut tail is kept in', () => {
  it('is never the file of any namespace, whatever the names (a.log has the file a.log.log)', () => {
    fc.assert(
      fc.property(namespace, namespace, fc.nat(), fc.nat({ max: 5 }), (owner, other, offset, attempt) => {
        expect(tailFileName(fileNameOf(owner), offset, attempt)).not.toBe(fileNameOf(other))
      }),
    )
  })

  it('names the file and the offset it was cut at', () => {
    expect(tailFileName('events.log', 4096)).toBe('events.log.4096.cut')
    expect(tailFileName('a.log.log', 16, 2)).toBe('a.log.log.16.2.cut')
  })
})

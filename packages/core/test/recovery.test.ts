import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { HEADER_SIZE, SIZE_FIELD } from '../src/format.js'
import { committedEnd, headerProblem } from '../src/recovery.js'

/** A well-formed log: record sizes, and where each record sits. */
const logShape = fc.array(fc.nat({ max: 5000 }), { maxLength: 50 }).map((sizes) => {
  const indexes: number[] = []
  let end = HEADER_SIZE
  for (const size of sizes) {
    indexes.push(end)
    end += SIZE_FIELD + size
  }
  return { sizes, indexes, end }
})

describe('recovery decisions', () => {
  it('accepts the header of every well-formed log, with or without a tail, and finds its end', () => {
    fc.assert(
      fc.property(logShape, fc.nat({ max: 10_000 }), ({ sizes, indexes, end }, tail) => {
        const count = sizes.length
        const lastIndex = count === 0 ? 0 : (indexes[count - 1] as number)
        const fileSize = end + tail
        expect(headerProblem({ count, lastIndex }, fileSize)).toBeUndefined()
        if (count > 0) expect(committedEnd({ count, lastIndex }, sizes[count - 1] as number, fileSize)).toBe(end)
      }),
    )
  })

  it.each([
    ['a count of 0 with a last offset', { count: 0, lastIndex: 16 }, 100, 8],
    ['a count above 0 without a last offset', { count: 3, lastIndex: 0 }, 100, 8],
    ['a last offset inside the header', { count: 1, lastIndex: 8 }, 100, 8],
    ['a last offset past the end of the file', { count: 1, lastIndex: 200 }, 100, 8],
    ['a last offset whose size field is cut by the end of the file', { count: 1, lastIndex: 95 }, 100, 8],
    ['more records than fit before the last offset', { count: 5, lastIndex: 40 }, 100, 0],
    ['a count too large for 2^53', { count: -1, lastIndex: 16 }, 100, 0],
    ['a last offset too large for 2^53', { count: 1, lastIndex: -1 }, 100, 8],
  ])('refuses %s', (_, header, fileSize, offset) => {
    expect(headerProblem(header, fileSize)).toEqual({ offset, reason: expect.any(String) })
  })

  it('refuses a last record whose size runs past the end of the file, whatever the size', () => {
    fc.assert(
      fc.property(fc.nat({ max: 1000 }), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (room, over) => {
        const lastIndex = 16
        const fileSize = lastIndex + SIZE_FIELD + room
        expect(committedEnd({ count: 1, lastIndex }, room + over, fileSize)).toEqual({ offset: lastIndex, reason: expect.any(String) })
      }),
    )
    expect(committedEnd({ count: 1, lastIndex: 16 }, -1, 100)).toEqual({ offset: 16, reason: expect.any(String) })
  })
})

import { describe, expect, it } from 'vitest'
import { randomSeed, seededRandom } from '../src/random.js'

const draw = (seed: number, count: number): number[] => {
  const random = seededRandom(seed)
  return Array.from({ length: count }, () => random.next())
}

describe('seededRandom', () => {
  it('replays the same sequence for the same seed', () => {
    expect(draw(42, 50)).toEqual(draw(42, 50))
  })

  it('gives different sequences for different seeds, 0 included', () => {
    expect(draw(1, 10)).not.toEqual(draw(2, 10))
    expect(new Set(draw(0, 10)).size).toBe(10)
  })

  it('keeps next() in [0, 1) and int(n) in [0, n), reaching every value', () => {
    const random = seededRandom(7)
    const seen = new Set<number>()
    for (let i = 0; i < 1000; i++) {
      const value = random.next()
      expect(value >= 0 && value < 1).toBe(true)
      seen.add(random.int(5))
    }
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4])
  })

  it('remembers its seed, so a failure can print it', () => {
    expect(seededRandom(123).seed).toBe(123)
  })

  it('makes fresh seeds that are 32-bit integers', () => {
    const seed = randomSeed()
    expect(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32).toBe(true)
  })
})

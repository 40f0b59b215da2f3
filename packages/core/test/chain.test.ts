import { describe, expect, it } from 'vitest'
import { chain } from '../src/index.js'

const append = (byte: number) => (data: Uint8Array) => Uint8Array.of(...data, byte)
const appendAsync = (byte: number) => async (data: Uint8Array) => Uint8Array.of(...data, byte)

describe('chain', () => {
  it('applies transformers left to right', async () => {
    expect(await chain(append(1), append(2), append(3))(Uint8Array.of(0))).toEqual(Uint8Array.of(0, 1, 2, 3))
  })
  it('stays synchronous when every transformer is', () => {
    const out = chain(append(1), append(2))(new Uint8Array())
    expect(out).toBeInstanceOf(Uint8Array)
  })
  it('mixes synchronous and asynchronous transformers in order', async () => {
    expect(await chain(append(1), appendAsync(2), append(3))(new Uint8Array())).toEqual(Uint8Array.of(1, 2, 3))
  })
  it('with no transformers returns the input', () => {
    const input = Uint8Array.of(9)
    expect(chain()(input)).toBe(input)
  })
})

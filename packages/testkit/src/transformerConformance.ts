import type { Transformer } from '@immuta/core'
import { describe, expect, it } from 'vitest'
import { concatBytes } from './bytes.js'
import { type Random, seededRandom } from './random.js'

/** Options of `transformerConformance()`. */
export interface TransformerConformanceOptions {
  /** Names the `describe` block. */
  name: string
  /** The write transformer under test. */
  write: Transformer
  /** Its read transformer: `read(write(x))` gives back `x`. */
  read: Transformer
  /**
   * The pair detects changed stored bytes: a flipped byte, a truncated record, bytes appended
   * or an empty record make `read` throw or reject, never return bytes.
   * @default false
   */
  tamperDetected?: boolean
  /**
   * Each write draws fresh randomness (a nonce): the same record is stored differently every
   * time, and its bytes do not appear in the clear.
   * @default false
   */
  randomized?: boolean
  /**
   * Seed of the generated records. It is part of the test names, so a failure can be replayed.
   * @default 20240601
   */
  seed?: number
}

const MiB = 1024 * 1024

/**
 * Registers a vitest `describe` block that checks a write/read transformer pair: round trips
 * (empty, 1 byte, 1 MiB, seeded random sizes), inputs left untouched, and the claims the pair
 * makes through `randomized` and `tamperDetected`. Synchronous throws count as rejections.
 */
export function transformerConformance(options: TransformerConformanceOptions): void {
  const seed = options.seed ?? 20240601
  describe(`transformer conformance: ${options.name}`, () => {
    roundTripTests(options, seed)
    if (options.randomized) randomizedTests(options)
    if (options.tamperDetected) tamperTests(options, seed)
  })
}

function roundTripTests({ write, read }: TransformerConformanceOptions, seed: number): void {
  const roundTrip = async (data: Uint8Array): Promise<Uint8Array> => apply(read, await apply(write, data))

  it('round trips an empty record', async () => {
    expect(await roundTrip(new Uint8Array(0))).toEqual(new Uint8Array(0))
  })
  it('round trips 1-byte records', async () => {
    for (const byte of [0x00, 0x01, 0x7f, 0xff]) expect(await roundTrip(Uint8Array.of(byte))).toEqual(Uint8Array.of(byte))
  })
  it(`round trips a 1 MiB record (seed ${seed})`, async () => {
    const data = randomBytes(seededRandom(seed), MiB)
    expect(equalBytes(await roundTrip(data), data)).toBe(true)
  })
  it(`round trips 40 records of seeded random sizes and bytes (seed ${seed})`, async () => {
    const random = seededRandom(seed + 1)
    for (let i = 0; i < 40; i++) {
      const data = i % 2 === 0 ? randomBytes(random, randomSize(random)) : randomText(random, randomSize(random))
      const back = await roundTrip(data)
      expect(back).toBeInstanceOf(Uint8Array)
      expect(equalBytes(back, data), `record ${i}, ${data.length} bytes`).toBe(true)
    }
  })
  it('round trips a view into a larger buffer', async () => {
    const buffer = randomBytes(seededRandom(seed + 2), 4096)
    const view = buffer.subarray(3, 3 + 1000)
    expect(equalBytes(await roundTrip(view), buffer.slice(3, 1003))).toBe(true)
  })
  it('leaves the bytes it is given unchanged', async () => {
    const data = randomText(seededRandom(seed + 3), 5000)
    const dataCopy = data.slice()
    const stored = await apply(write, data)
    expect(equalBytes(data, dataCopy)).toBe(true)
    const storedCopy = stored.slice()
    await apply(read, stored)
    expect(equalBytes(stored, storedCopy)).toBe(true)
  })
}

function randomizedTests({ write }: TransformerConformanceOptions): void {
  it('stores the same record differently every time', async () => {
    for (const data of [new Uint8Array(0), new Uint8Array(1024).fill(0x41)]) {
      const stored = await Promise.all(Array.from({ length: 8 }, () => apply(write, data)))
      const distinct = new Set(stored.map((bytes) => bytes.join(',')))
      expect(distinct.size).toBe(8)
    }
  })
  it('does not store the record in the clear', async () => {
    const repeated = new Uint8Array(1024).fill(0x41)
    expect(longestRun(await apply(write, repeated), 0x41)).toBeLessThan(16)
    const random = randomBytes(seededRandom(7), 1024)
    expect(indexOfBytes(await apply(write, random), random.subarray(0, 32))).toBe(-1)
  })
}

function tamperTests({ write, read }: TransformerConformanceOptions, seed: number): void {
  const expectRejected = async (stored: Uint8Array, what: string): Promise<void> => {
    await expect(apply(read, stored), what).rejects.toBeInstanceOf(Error)
  }

  it('detects every flipped bit pattern in every byte of a small record', async () => {
    for (const record of [new Uint8Array(0), Uint8Array.of(0x5a)]) {
      const stored = await apply(write, record)
      for (let position = 0; position < stored.length; position++) {
        for (const mask of [0x01, 0x80, 0xff]) await expectRejected(flipped(stored, position, mask), `byte ${position} ^ ${mask}`)
      }
    }
  })
  it(`detects a flipped byte anywhere in a 64 KiB record (seed ${seed})`, async () => {
    const random = seededRandom(seed + 4)
    const stored = await apply(write, randomBytes(random, 64 * 1024))
    const positions = [0, stored.length >> 1, stored.length - 1, ...Array.from({ length: 16 }, () => random.int(stored.length))]
    for (const position of positions) await expectRejected(flipped(stored, position, 1 + random.int(255)), `byte ${position}`)
  })
  it('detects a truncated record, bytes appended, and an empty record', async () => {
    const stored = await apply(write, randomText(seededRandom(seed + 5), 300))
    await expectRejected(stored.subarray(0, stored.length - 1), 'last byte cut')
    await expectRejected(stored.subarray(1), 'first byte cut')
    await expectRejected(concatBytes([stored, Uint8Array.of(0)]), 'a byte appended')
    await expectRejected(new Uint8Array(0), 'an empty stored record')
  })
}

/** Calls `transformer` so that a synchronous throw becomes a rejection. */
async function apply(transformer: Transformer, data: Uint8Array): Promise<Uint8Array> {
  return transformer(data)
}

// Mostly small records, as logs hold, with a tail up to 64 KiB.
function randomSize(random: Random): number {
  return random.next() < 0.8 ? random.int(300) : random.int(64 * 1024)
}

function randomBytes(random: Random, size: number): Uint8Array {
  const bytes = new Uint8Array(size)
  for (let i = 0; i < size; i++) bytes[i] = random.int(256)
  return bytes
}

// Compressible bytes: words drawn from a small vocabulary, so compressors take their real paths.
function randomText(random: Random, size: number): Uint8Array {
  const words = ['append ', 'commit ', 'record ', 'stream ', '{"k":1} ', 'ログ ', '🚀 ', '\n']
  const bytes = new Uint8Array(size)
  const encoder = new TextEncoder()
  let filled = 0
  while (filled < size) {
    const word = encoder.encode(words[random.int(words.length)])
    bytes.set(word.subarray(0, size - filled), filled)
    filled += word.length
  }
  return bytes
}

function flipped(stored: Uint8Array, position: number, mask: number): Uint8Array {
  const copy = stored.slice()
  copy[position] = (copy[position] as number) ^ mask
  return copy
}

// Byte loops rather than toEqual: vitest's diff of two 1 MiB arrays takes seconds on failure.
function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

function indexOfBytes(haystack: Uint8Array, needle: Uint8Array): number {
  for (let i = 0; i + needle.length <= haystack.length; i++) {
    if (equalBytes(haystack.subarray(i, i + needle.length), needle)) return i
  }
  return -1
}

function longestRun(bytes: Uint8Array, value: number): number {
  let longest = 0
  let run = 0
  for (const byte of bytes) {
    run = byte === value ? run + 1 : 0
    longest = Math.max(longest, run)
  }
  return longest
}

import type { Random } from '../random.js'

const encoder = new TextEncoder()

export function utf8(text: string): Uint8Array {
  return encoder.encode(text)
}

/** A recognisable payload: record `i` of `size` bytes, different from every other record. */
export function payload(i: number, size: number = 12 + (i % 7)): Uint8Array {
  const bytes = new Uint8Array(size)
  const tag = utf8(`#${i}:`)
  for (let b = 0; b < size; b++) bytes[b] = tag[b] ?? (i * 31 + b * 7) & 0xff
  return bytes
}

export function payloads(count: number, size?: number): Uint8Array[] {
  return Array.from({ length: count }, (_, i) => payload(i, size))
}

export function randomBytes(random: Random, size: number): Uint8Array {
  const bytes = new Uint8Array(size)
  for (let i = 0; i < size; i++) bytes[i] = random.int(256)
  return bytes
}

/** A copy, so a test can keep the bytes it appended while the caller reuses its buffer. */
export function copyOf(bytes: Uint8Array): Uint8Array {
  return bytes.slice()
}

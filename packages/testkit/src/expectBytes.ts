import { expect } from 'vitest'

/** Where two byte arrays first differ, or -1; deep equality on megabytes is far too slow. */
function firstDifference(actual: Uint8Array, expected: Uint8Array): number {
  const shorter = Math.min(actual.length, expected.length)
  for (let i = 0; i < shorter; i++) if (actual[i] !== expected[i]) return i
  return actual.length === expected.length ? -1 : shorter
}

/** Byte-for-byte equality, reported as the first offset that differs. */
export function expectBytes(actual: Uint8Array, expected: Uint8Array, what = 'bytes'): void {
  const at = firstDifference(actual, expected)
  if (at === -1) return
  expect.fail(`${what} differ at offset ${at} (lengths ${actual.length} and ${expected.length})`)
}

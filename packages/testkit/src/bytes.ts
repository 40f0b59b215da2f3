/**
 * The testkit's one byte-join. Core has its own (fileIO.ts `join`, for a backend without
 * writev) and go-compat its own (test/goLayout.ts): core imports no other package, and
 * go-compat does not depend on the testkit.
 */

/** The chunks joined into one new array, in order. */
export function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  let length = 0
  for (const chunk of chunks) length += chunk.length
  const joined = new Uint8Array(length)
  let at = 0
  for (const chunk of chunks) {
    joined.set(chunk, at)
    at += chunk.length
  }
  return joined
}

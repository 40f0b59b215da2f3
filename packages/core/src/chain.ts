import type { Transformer } from './types.js'

/**
 * Composes transformers left to right: `chain(a, b)(x)` is `b(a(x))`.
 * Synchronous transformers stay synchronous, so a chain of them costs no microtask.
 */
export function chain(...transformers: Transformer[]): Transformer {
  if (transformers.length === 0) return (data) => data
  if (transformers.length === 1) return transformers[0] as Transformer
  return (data) => applyFrom(transformers, 0, data)
}

function applyFrom(transformers: Transformer[], start: number, input: Uint8Array): Uint8Array | Promise<Uint8Array> {
  let data = input
  for (let i = start; i < transformers.length; i++) {
    const out = (transformers[i] as Transformer)(data)
    if (out instanceof Promise) return out.then((resolved) => applyFrom(transformers, i + 1, resolved))
    data = out
  }
  return data
}

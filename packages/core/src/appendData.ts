/**
 * Node 20 has no `ArrayBuffer.prototype.detached`; there a view on a detached buffer has
 * length 0, as has a legitimate empty record, and only a constructor over its buffer tells
 * them apart (it throws on a detached one). Called for empty views only, so it costs nothing
 * on records that hold bytes.
 */
const hasDetachedFlag = 'detached' in ArrayBuffer.prototype

function isDetached(view: Uint8Array): boolean {
  if (view.byteLength !== 0) return false
  const buffer = view.buffer as ArrayBuffer & { detached?: boolean }
  if (hasDetachedFlag) return buffer.detached === true
  try {
    new Uint8Array(buffer)
    return false
  } catch {
    return true
  }
}

/**
 * Whether `value` is bytes the engine can write: a real `Uint8Array` (a Proxy of one, or an
 * object made from its prototype, passes `instanceof` and then throws inside the engine) whose
 * buffer was not transferred away.
 */
export function isWritableBytes(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array && ArrayBuffer.isView(value) && !isDetached(value)
}

/** What `value` is, in words, for a message that says what an append got. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null'
  if (typeof value !== 'object') return `a ${typeof value}`
  if (value instanceof Uint8Array) {
    if (!ArrayBuffer.isView(value)) return 'a Proxy or object that passes instanceof Uint8Array but is not a Uint8Array'
    if (isDetached(value)) return 'a detached Uint8Array (its buffer was transferred)'
    return 'a Uint8Array'
  }
  if (ArrayBuffer.isView(value)) return `a ${value.constructor?.name ?? 'view'}, not a Uint8Array`
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name
  return typeof name === 'string' && name !== 'Object' ? `an object (${name})` : 'an object that is not a Uint8Array'
}

import { ErrorCode, ImmutaError } from '@immuta/core'

/** An AES-256 key: 32 raw bytes, or a WebCrypto `CryptoKey` made for AES-GCM with a 256-bit length. */
export type EncryptionKey = Uint8Array | CryptoKey

type Usage = 'encrypt' | 'decrypt'

const KEY_BYTES = 32

/**
 * Checks `key` now, so a bad key fails where the transformer is made, and returns a function
 * that yields the `CryptoKey`. Raw bytes are imported on first use, once: the promise is
 * cached, so later records wait on no import.
 */
export function aesKeyLoader(key: unknown, usage: Usage): () => Promise<CryptoKey> {
  if (key instanceof Uint8Array) return rawKeyLoader(key, usage)
  if (isCryptoKey(key)) {
    checkCryptoKey(key, usage)
    const ready = Promise.resolve(key)
    return () => ready
  }
  throw invalidKey(usage, `got ${describe(key)}`)
}

function rawKeyLoader(key: Uint8Array, usage: Usage): () => Promise<CryptoKey> {
  if (key.length !== KEY_BYTES) throw invalidKey(usage, `a raw key must be 32 bytes (AES-256), got ${key.length}`)
  // A private copy: the caller may reuse or zero their array after making the transformer.
  const raw = key.slice()
  let imported: Promise<CryptoKey> | undefined
  return () => (imported ??= globalThis.crypto.subtle.importKey('raw', raw, 'AES-GCM', false, [usage]))
}

function checkCryptoKey(key: CryptoKey, usage: Usage): void {
  const algorithm = key.algorithm as { name: string; length?: number }
  if (algorithm.name !== 'AES-GCM') throw invalidKey(usage, `the CryptoKey is for ${algorithm.name}, not AES-GCM`)
  if (algorithm.length !== 256) throw invalidKey(usage, `the CryptoKey is ${String(algorithm.length)} bits, not 256 (AES-256)`)
  if (!key.usages.includes(usage)) throw invalidKey(usage, `the CryptoKey's usages [${key.usages.join(', ')}] do not include '${usage}'`)
}

function isCryptoKey(key: unknown): key is CryptoKey {
  return typeof CryptoKey === 'function' && key instanceof CryptoKey
}

function invalidKey(usage: Usage, why: string): ImmutaError {
  return new ImmutaError(ErrorCode.INVALID_ARGUMENT, `${usage}: key must be a 32-byte Uint8Array or an AES-256-GCM CryptoKey: ${why}`)
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (typeof value !== 'object') return typeof value
  return value.constructor?.name ?? 'an object'
}

import { ErrorCode, ImmutaError } from '@immuta/core'

/** An AES-256 key: 32 raw bytes, or a WebCrypto `CryptoKey` made for AES-GCM with a 256-bit length. */
export type EncryptionKey = Uint8Array | CryptoKey

type Usage = 'encrypt' | 'decrypt'

const KEY_BYTES = 32

/**
 * Checks `key` now, so a bad key fails where the transformer is made, and returns a function
 * that yields the `CryptoKey`: a promise until raw bytes are imported (on first use, once,
 * however many records ask at the same time), then the key itself, so that later records
 * need not await it.
 */
export function aesKeyLoader(key: unknown, usage: Usage): () => CryptoKey | Promise<CryptoKey> {
  if (key instanceof Uint8Array) return rawKeyLoader(key, usage)
  if (isCryptoKey(key)) {
    checkCryptoKey(key, usage)
    return () => key
  }
  throw invalidKey(usage, `got ${kindOf(key)}`)
}

function rawKeyLoader(key: Uint8Array, usage: Usage): () => CryptoKey | Promise<CryptoKey> {
  if (key.length !== KEY_BYTES) throw invalidKey(usage, `a raw key must be 32 bytes (AES-256), got ${key.length}`)
  // A private copy: the caller may reuse or zero their array after making the transformer.
  // Not key.slice(): on a Node Buffer, slice() is a view, not a copy.
  const raw = new Uint8Array(key)
  let current: CryptoKey | Promise<CryptoKey> | undefined
  return () => {
    current ??= globalThis.crypto.subtle.importKey('raw', raw, 'AES-GCM', false, [usage]).then((imported) => {
      current = imported
      return imported
    })
    return current
  }
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

function kindOf(value: unknown): string {
  if (value === null) return 'null'
  if (typeof value !== 'object') return typeof value
  return value.constructor?.name ?? 'an object'
}

import { ErrorCode, ImmutaError } from '@immuta/core'
import { aesKeyLoader, type EncryptionKey } from './aesKey.js'

// NIST SP 800-38D §5.2.1.1: 96-bit IVs are the recommended size. §8.2.2 and §8.3: random IVs
// are safe for up to 2^32 records under one key.
const NONCE_BYTES = 12
// The full 128-bit tag (SP 800-38D §5.2.1.2); WebCrypto appends it to the ciphertext.
const TAG_BYTES = 16

/**
 * Write transformer: AES-256-GCM with a fresh random nonce per record. Stored layout:
 * 12-byte nonce, ciphertext (as long as the record), 16-byte tag. The key is checked here
 * (`INVALID_ARGUMENT`); a 32-byte key is imported on first use.
 */
export function encrypt(key: EncryptionKey): (data: Uint8Array) => Promise<Uint8Array> {
  const loadKey = aesKeyLoader(key, 'encrypt')
  return async (data) => {
    const stored = new Uint8Array(NONCE_BYTES + data.length + TAG_BYTES)
    const nonce = globalThis.crypto.getRandomValues(stored.subarray(0, NONCE_BYTES))
    try {
      // WebCrypto copies its inputs when called, so the nonce may live inside `stored`.
      const cryptoKey = loadKey()
      const sealed = await globalThis.crypto.subtle.encrypt(gcm(nonce), cryptoKey instanceof Promise ? await cryptoKey : cryptoKey, bufferSource(data))
      stored.set(new Uint8Array(sealed), NONCE_BYTES)
      return stored
    } catch (cause) {
      throw new ImmutaError(ErrorCode.TRANSFORM_FAILED, 'encrypt: WebCrypto failed to encrypt the record', { cause })
    }
  }
}

/**
 * Read transformer for `encrypt(key)`. A record that was changed, was written under another
 * key, or is shorter than nonce and tag (28 bytes) rejects with `TRANSFORM_FAILED`: GCM's tag
 * authenticates every byte, so no unverified plaintext is ever returned.
 */
export function decrypt(key: EncryptionKey): (data: Uint8Array) => Promise<Uint8Array> {
  const loadKey = aesKeyLoader(key, 'decrypt')
  return async (stored) => {
    if (stored.length < NONCE_BYTES + TAG_BYTES) {
      throw new ImmutaError(ErrorCode.TRANSFORM_FAILED, `decrypt: a record of ${stored.length} bytes is shorter than nonce and tag (28 bytes)`, {
        details: { size: stored.length },
      })
    }
    try {
      const nonce = stored.subarray(0, NONCE_BYTES)
      const cryptoKey = loadKey()
      const ciphertext = bufferSource(stored.subarray(NONCE_BYTES))
      const opened = await globalThis.crypto.subtle.decrypt(gcm(nonce), cryptoKey instanceof Promise ? await cryptoKey : cryptoKey, ciphertext)
      return new Uint8Array(opened)
    } catch (cause) {
      throw new ImmutaError(ErrorCode.TRANSFORM_FAILED, `decrypt: ${whyNotDecrypted(cause)}`, { cause })
    }
  }
}

// WebCrypto's AES-GCM decrypt rejects a tag that does not verify with an OperationError.
function whyNotDecrypted(cause: unknown): string {
  if (cause instanceof Error && cause.name === 'OperationError') return 'the record did not authenticate (changed bytes or a wrong key)'
  return `WebCrypto failed (${cause instanceof Error ? cause.message : String(cause)})`
}

// No tagLength: WebCrypto's default is the full 128 bits, and Node's parameter checks made
// passing it explicitly cost 5 to 8% per 1 KiB record on the bench.
function gcm(nonce: Uint8Array): AesGcmParams {
  return { name: 'AES-GCM', iv: bufferSource(nonce) }
}

// lib.dom's BufferSource admits only ArrayBuffer-backed views, while a Uint8Array may sit on any
// buffer. WebCrypto copies what it is given, and rejects (so TRANSFORM_FAILED) what it cannot take.
function bufferSource(view: Uint8Array): Uint8Array<ArrayBuffer> {
  return view as Uint8Array<ArrayBuffer>
}

import { createDecipheriv } from 'node:crypto'
import { ErrorCode, isImmutaError } from '@immuta/core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { decrypt, type EncryptionKey, encrypt } from '../src/index.js'
import { failure, rejection } from './errors.js'

const key = Uint8Array.from({ length: 32 }, (_, i) => i + 1)
const otherKey = Uint8Array.from({ length: 32 }, (_, i) => 255 - i)
const record = new TextEncoder().encode('{"event":"click","user":1234}')



const generate = (algorithm: AesKeyGenParams, usages: KeyUsage[]): Promise<CryptoKey> =>
  globalThis.crypto.subtle.generateKey(algorithm, true, usages)

afterEach(() => {
  vi.restoreAllMocks()
})

describe('encrypt', () => {
  it('stores a 12-byte nonce, the ciphertext and a 16-byte tag that Node\'s own AES-256-GCM opens', async () => {
    const stored = await encrypt(key)(record)
    expect(stored.length).toBe(12 + record.length + 16)
    const decipher = createDecipheriv('aes-256-gcm', key, stored.subarray(0, 12))
    decipher.setAuthTag(stored.subarray(stored.length - 16))
    const opened = Buffer.concat([decipher.update(stored.subarray(12, stored.length - 16)), decipher.final()])
    expect(new Uint8Array(opened)).toEqual(record)
  })

  it('draws a fresh nonce for every record', async () => {
    const write = encrypt(key)
    const nonces = new Set<string>()
    for (let i = 0; i < 50; i++) nonces.add((await write(record)).subarray(0, 12).join(','))
    expect(nonces.size).toBe(50)
  })

  it('accepts an AES-256-GCM CryptoKey', async () => {
    const cryptoKey = await generate({ name: 'AES-GCM', length: 256 }, ['encrypt', 'decrypt'])
    expect(await decrypt(cryptoKey)(await encrypt(cryptoKey)(record))).toEqual(record)
  })

  it('imports a raw key on first use, once', async () => {
    const importKey = vi.spyOn(globalThis.crypto.subtle, 'importKey')
    const write = encrypt(key)
    expect(importKey).not.toHaveBeenCalled()
    await Promise.all([write(record), write(record)])
    await write(record)
    expect(importKey).toHaveBeenCalledTimes(1)
  })

  it('keeps its own copy of a raw key, a Node Buffer included', async () => {
    for (const mutable of [key.slice(), Buffer.from(key)]) {
      const write = encrypt(mutable)
      mutable.fill(0)
      expect(await decrypt(key)(await write(record))).toEqual(record)
    }
  })

  it('rejects with TRANSFORM_FAILED, with the cause, when WebCrypto fails', async () => {
    const cause = new Error('no crypto here')
    vi.spyOn(globalThis.crypto.subtle, 'encrypt').mockRejectedValueOnce(cause)
    const error = await rejection(encrypt(key)(record))
    expect(error.code).toBe(ErrorCode.TRANSFORM_FAILED)
    expect(error.cause).toBe(cause)
  })
})

describe('decrypt', () => {
  it('rejects a record written under another key with TRANSFORM_FAILED, the cause kept', async () => {
    const error = await rejection(decrypt(otherKey)(await encrypt(key)(record)))
    expect(error.code).toBe(ErrorCode.TRANSFORM_FAILED)
    expect(error.cause).toBeInstanceOf(Error)
  })

  it('rejects a change in the nonce, the ciphertext or the tag', async () => {
    const stored = await encrypt(key)(record)
    for (const position of [0, 11, 12, 12 + record.length - 1, stored.length - 16, stored.length - 1]) {
      const damaged = stored.slice()
      damaged[position] = (damaged[position] as number) ^ 0x01
      expect((await rejection(decrypt(key)(damaged))).code, `byte ${position}`).toBe(ErrorCode.TRANSFORM_FAILED)
    }
  })

  it('rejects records shorter than nonce and tag (28 bytes) without calling WebCrypto', async () => {
    const subtleDecrypt = vi.spyOn(globalThis.crypto.subtle, 'decrypt')
    for (let size = 0; size < 28; size++) {
      const error = await rejection(decrypt(key)(new Uint8Array(size)))
      expect(error.code, `${size} bytes`).toBe(ErrorCode.TRANSFORM_FAILED)
      expect(error.details).toEqual({ size })
    }
    expect(subtleDecrypt).not.toHaveBeenCalled()
  })

  it('opens the empty record, stored as exactly 28 bytes', async () => {
    const stored = await encrypt(key)(new Uint8Array(0))
    expect(stored.length).toBe(28)
    expect(await decrypt(key)(stored)).toEqual(new Uint8Array(0))
  })
})

describe('key checks when the transformer is made', () => {
  const invalid: [string, unknown][] = [
    ['16 bytes', new Uint8Array(16)],
    ['31 bytes', new Uint8Array(31)],
    ['33 bytes', new Uint8Array(33)],
    ['no bytes', new Uint8Array(0)],
    ['a string', 'x'.repeat(32)],
    ['an ArrayBuffer', new ArrayBuffer(32)],
    ['a number array', Array.from({ length: 32 }, () => 1)],
    ['null', null],
    ['undefined', undefined],
  ]
  it.each(invalid)('encrypt and decrypt throw INVALID_ARGUMENT for %s', (_, bad) => {
    for (const make of [encrypt, decrypt]) {
      expect(isImmutaError(failure(() => make(bad as EncryptionKey)), ErrorCode.INVALID_ARGUMENT)).toBe(true)
    }
  })

  it('throws INVALID_ARGUMENT for a CryptoKey of another algorithm or length', async () => {
    const cbc = await generate({ name: 'AES-CBC', length: 256 }, ['encrypt', 'decrypt'])
    const aes128 = await generate({ name: 'AES-GCM', length: 128 }, ['encrypt', 'decrypt'])
    for (const bad of [cbc, aes128]) {
      expect(isImmutaError(failure(() => encrypt(bad)), ErrorCode.INVALID_ARGUMENT)).toBe(true)
      expect(isImmutaError(failure(() => decrypt(bad)), ErrorCode.INVALID_ARGUMENT)).toBe(true)
    }
  })

  it('throws INVALID_ARGUMENT for a CryptoKey without the usage it needs', async () => {
    const encryptOnly = await generate({ name: 'AES-GCM', length: 256 }, ['encrypt'])
    expect(encrypt(encryptOnly)).toBeTypeOf('function')
    expect(isImmutaError(failure(() => decrypt(encryptOnly)), ErrorCode.INVALID_ARGUMENT)).toBe(true)
  })
})

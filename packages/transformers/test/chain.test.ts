import { chain, ErrorCode } from '@immuta/core'
import { describe, expect, it } from 'vitest'
import { checksum, decrypt, deflate, encrypt, inflate, verifyChecksum } from '../src/index.js'
import { rejection } from './errors.js'

const key = Uint8Array.from({ length: 32 }, (_, i) => 100 + i)
const text = new TextEncoder().encode('{"event":"click","user":1234,"ok":true}\n'.repeat(50))


describe('chain with real transformers', () => {
  it('compress then encrypt: stored bytes are the compressed size plus 28, and read back', async () => {
    const stored = await chain(deflate({ level: 1 }), encrypt(key))(text)
    expect(stored.length).toBe(deflate({ level: 1 })(text).length + 28)
    expect(await chain(decrypt(key), inflate())(stored)).toEqual(text)
  })

  it('encrypt then compress also reads back, reversed, but cannot compress ciphertext', async () => {
    const stored = await chain(encrypt(key), deflate({ level: 1 }))(text)
    expect(stored.length).toBeGreaterThan(text.length)
    expect(await chain(inflate(), decrypt(key))(stored)).toEqual(text)
  })

  it('a read chain in the write order fails with TRANSFORM_FAILED instead of returning bytes', async () => {
    const stored = await chain(deflate({ level: 1 }), encrypt(key))(text)
    expect((await rejection(Promise.resolve().then(() => chain(inflate(), decrypt(key))(stored)))).code).toBe(ErrorCode.TRANSFORM_FAILED)
  })

  it('a tampered record fails the whole read chain with TRANSFORM_FAILED', async () => {
    const stored = await chain(deflate({ level: 1 }), encrypt(key))(text)
    stored[20] = (stored[20] as number) ^ 0x04
    expect((await rejection(Promise.resolve(chain(decrypt(key), inflate())(stored)))).code).toBe(ErrorCode.TRANSFORM_FAILED)
  })

  it('compress then checksum stays synchronous both ways', () => {
    const stored = chain(deflate({ level: 1 }), checksum())(text)
    expect(stored).toBeInstanceOf(Uint8Array)
    const back = chain(verifyChecksum(), inflate())(stored as Uint8Array)
    expect(back).toBeInstanceOf(Uint8Array)
    expect(back).toEqual(text)
  })

  it('compress, encrypt, checksum: a flipped byte is caught by the checksum before decryption', async () => {
    const write = chain(deflate({ level: 1 }), encrypt(key), checksum())
    const read = chain(verifyChecksum(), decrypt(key), inflate())
    const stored = await write(text)
    expect(await read(stored)).toEqual(text)
    stored[stored.length - 1] = (stored[stored.length - 1] as number) ^ 0x80
    const error = await rejection(Promise.resolve().then(() => read(stored)))
    expect(error.code).toBe(ErrorCode.TRANSFORM_FAILED)
    expect(error.message).toContain('verifyChecksum')
  })
})

import { deflateRawSync, inflateRawSync } from 'node:zlib'
import { ErrorCode, ImmutaError, isImmutaError } from '@immuta/core'
import { describe, expect, it } from 'vitest'
import { type DeflateLevel, deflate, inflate } from '../src/index.js'
import { failure } from './errors.js'

const text = new TextEncoder().encode('append-only logs never rewrite committed bytes. '.repeat(100))
const levels: DeflateLevel[] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]


describe('deflate', () => {
  it.each(levels)('level %i round trips through inflate()', (level) => {
    expect(inflate()(deflate({ level })(text))).toEqual(text)
  })

  it('compresses at levels 1..9 and only stores at level 0', () => {
    expect(deflate({ level: 0 })(text).length).toBeGreaterThan(text.length)
    for (const level of levels.slice(1)) expect(deflate({ level })(text).length, `level ${level}`).toBeLessThan(text.length / 10)
  })

  it('defaults to level 6', () => {
    expect(deflate()(text)).toEqual(deflate({ level: 6 })(text))
  })

  it('writes raw DEFLATE that zlib reads (no zlib or gzip wrapper)', () => {
    for (const level of levels) expect(new Uint8Array(inflateRawSync(deflate({ level })(text))), `level ${level}`).toEqual(text)
  })

  it.each([-1, 10, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '1', null])('rejects level %s with INVALID_ARGUMENT when made', (level) => {
    const error = failure(() => deflate({ level: level as DeflateLevel }))
    expect(isImmutaError(error, ErrorCode.INVALID_ARGUMENT)).toBe(true)
    expect((error as ImmutaError).details).toEqual({ level })
  })

  it('answers synchronously', () => {
    expect(deflate({ level: 1 })(text)).toBeInstanceOf(Uint8Array)
  })
})

describe('inflate', () => {
  it('reads raw DEFLATE that zlib wrote, at every level', () => {
    for (const level of levels) expect(inflate()(new Uint8Array(deflateRawSync(text, { level }))), `level ${level}`).toEqual(text)
  })

  it('reads an empty record', () => {
    expect(inflate()(deflate({ level: 1 })(new Uint8Array(0)))).toEqual(new Uint8Array(0))
  })

  it('throws TRANSFORM_FAILED for a record of 0 bytes, as Go does', () => {
    expect(isImmutaError(failure(() => inflate()(new Uint8Array(0))), ErrorCode.TRANSFORM_FAILED)).toBe(true)
  })

  it('throws TRANSFORM_FAILED, with fflate\'s error as cause, for bytes that are not DEFLATE', () => {
    const error = failure(() => inflate()(Uint8Array.of(0xff, 0xff, 0xff, 0xff)))
    expect(isImmutaError(error, ErrorCode.TRANSFORM_FAILED)).toBe(true)
    expect((error as ImmutaError).cause).toBeInstanceOf(Error)
    expect((error as ImmutaError).cause).not.toBeInstanceOf(ImmutaError)
  })

  it('throws TRANSFORM_FAILED for a stream cut before its final block', () => {
    const stored = deflate({ level: 1 })(text)
    for (const cut of [1, 2, stored.length >> 1, stored.length - 1]) {
      expect(isImmutaError(failure(() => inflate()(stored.subarray(0, cut))), ErrorCode.TRANSFORM_FAILED), `cut at ${cut}`).toBe(true)
    }
  })
})

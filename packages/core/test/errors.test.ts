import { describe, expect, it } from 'vitest'
import { ErrorCode, ImmutaError, isImmutaError } from '../src/index.js'

describe('ImmutaError', () => {
  it('carries a stable code, a message, the cause and details', () => {
    const cause = Object.assign(new Error('disk on fire'), { code: 'EIO' })
    const error = new ImmutaError('IO_ERROR', 'write of events.log failed', { cause, details: { file: 'events.log' } })
    expect(error).toBeInstanceOf(Error)
    expect(error.name).toBe('ImmutaError')
    expect(error.code).toBe('IO_ERROR')
    expect(error.cause).toBe(cause)
    expect(error.details).toEqual({ file: 'events.log' })
    expect(isImmutaError(error, 'IO_ERROR')).toBe(true)
    expect(isImmutaError(error, 'LOCKED')).toBe(false)
    expect(isImmutaError(cause)).toBe(false)
  })

  it('has every code of the contract, each mapped to itself', () => {
    const contract = [
      'NAMESPACE_REQUIRED',
      'INVALID_NAMESPACE',
      'NAMESPACE_NOT_FOUND',
      'READER_COUNT_INVALID',
      'LOCKED',
      'READ_ONLY',
      'CORRUPT_LOG',
      'IO_ERROR',
      'TRANSFORM_FAILED',
      'TRANSACTION_CLOSED',
      'STORAGE_CLOSED',
    ]
    for (const code of contract) expect(ErrorCode[code as keyof typeof ErrorCode]).toBe(code)
    for (const [key, value] of Object.entries(ErrorCode)) expect(key).toBe(value)
  })
})

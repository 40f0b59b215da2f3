import { type ErrorCode, ImmutaError } from '@immuta/core'
import { describe, expect, it } from 'vitest'
import { memoryBackend } from '../src/index.js'
import type { JournalOp, OpOutcome } from '../src/log/exploration/journal.js'
import { BUCKET, check, fastMismatch, strictMismatch } from '../src/log/exploration/oracle.js'
import { concat, encodeLog } from '../src/log/format.js'

// The exploration is only as good as its oracle: these cases prove that it can fail.

const bytes = (...values: number[]): Uint8Array => new Uint8Array(values)
const op = (id: number, outcome: OpOutcome, ...records: Uint8Array[]): JournalOp => ({ id, records, outcome, afterIoError: false })

const a = bytes(1, 2, 3)
const b = bytes(4, 5)
const c = bytes(6, 7, 8, 9)
const d = bytes(10)

describe('strictMismatch', () => {
  it('accepts every acknowledged record in call order', () => {
    expect(strictMismatch([op(0, 'acked', a), op(1, 'acked', b, c)], [a, b, c])).toBeUndefined()
  })

  it('accepts a failed operation whole or absent', () => {
    const ops = [op(0, 'acked', a), op(1, 'failed', b, c), op(2, 'acked', d)]
    expect(strictMismatch(ops, [a, b, c, d])).toBeUndefined()
    expect(strictMismatch(ops, [a, d])).toBeUndefined()
  })

  it.each([
    ['an acknowledged record is missing', [op(0, 'acked', a), op(1, 'acked', b)], [a]],
    ['records are out of call order', [op(0, 'acked', a), op(1, 'acked', b)], [b, a]],
    ['a failed transaction is torn', [op(0, 'failed', a, b)], [a]],
    ['a rolled-back record is visible', [op(0, 'rolledBack', a), op(1, 'acked', b)], [a, b]],
    ['a record was never appended', [op(0, 'acked', a)], [a, d]],
    ['an acknowledged record is zeroed', [op(0, 'acked', a)], [bytes(0, 0, 0)]],
  ] as [string, JournalOp[], Uint8Array[]][])('fails when %s', (_, ops, records) => {
    expect(strictMismatch(ops, records)).toBeTypeOf('string')
  })
})

describe('fastMismatch', () => {
  it('accepts records lost, zeroed in part or whole', () => {
    const ops = [op(0, 'acked', a), op(1, 'acked', b), op(2, 'acked', c)]
    expect(fastMismatch(ops, [bytes(1, 0, 3), bytes(0, 0, 0, 0, 0, 0), c])).toBeUndefined()
  })

  it.each([
    ['bytes that were never appended', [bytes(1, 2, 4)]],
    ['records out of order', [c, a]],
    ['a rolled-back record', [d]],
  ])('fails on %s', (_, records) => {
    const ops = [op(0, 'acked', a), op(1, 'rolledBack', d), op(2, 'acked', c)]
    expect(fastMismatch(ops, records)).toBeTypeOf('string')
  })
})

describe('check', () => {
  const backendWith = (file: Uint8Array) => memoryBackend({ files: { 'events.log': file } })

  it('buckets a log holding what was acknowledged as clean, and one with a tail as tail truncated', async () => {
    const ops = [op(0, 'acked', a), op(1, 'failed', b)]
    expect(await check(backendWith(encodeLog([a])), 'events', ops, [], 'strict')).toEqual({ bucket: BUCKET.clean })
    const tail = concat(encodeLog([a]), bytes(2, 0, 0, 0, 0, 0, 0, 0), b)
    expect(await check(backendWith(tail), 'events', ops, [], 'strict')).toEqual({ bucket: BUCKET.truncated })
  })

  it('fails a strict state that lost an acknowledged record', async () => {
    const verdict = await check(backendWith(encodeLog([a])), 'events', [op(0, 'acked', a), op(1, 'acked', b)], [], 'strict')
    expect(verdict.failure).toBeTypeOf('string')
  })

  it('fails CORRUPT_LOG where the log must be consistent, and allows it after a fastWrite power loss', async () => {
    const corrupt = encodeLog([a], { lastIndex: 999 })
    expect((await check(backendWith(corrupt), 'events', [], [], 'strict')).failure).toBeTypeOf('string')
    expect(await check(backendWith(corrupt), 'events', [], [], 'fast')).toEqual({ bucket: BUCKET.corrupt })
  })

  it('after a fastWrite power loss, tells damaged records from lost ones, and fails them when strict', async () => {
    const ops = [op(0, 'acked', a), op(1, 'acked', b)]
    const damaged = encodeLog([a, Uint8Array.of(...b.subarray(1), 0x7f)])
    expect(await check(backendWith(damaged), 'events', ops, [], 'fast')).toEqual({ bucket: BUCKET.damaged })
    expect((await check(backendWith(damaged), 'events', ops, [], 'strict')).failure).toBeTypeOf('string')
    expect(await check(backendWith(encodeLog([a])), 'events', ops, [], 'fast')).toEqual({ bucket: BUCKET.lost })
  })

  it('fails on an error without a documented code', async () => {
    const stray = new ImmutaError('NOT_IN_THE_TABLE' as ErrorCode, 'not in the table')
    expect((await check(backendWith(encodeLog([])), 'events', [], [stray], 'strict')).failure).toBeTypeOf('string')
    expect((await check(backendWith(encodeLog([])), 'events', [], [new TypeError('x')], 'strict')).failure).toBeTypeOf('string')
  })
})

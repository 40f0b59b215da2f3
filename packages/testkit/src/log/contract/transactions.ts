import { describe, expect, test } from 'vitest'
import { expectBytes, failsWith, rejectionOf, rejectsWith } from '../expectations.js'
import { encodeLog, fileOf, readFile } from '../format.js'
import { payload, payloads } from '../payloads.js'
import type { Suite } from '../suite.js'

const NS = 'events'

export function transactionTests(suite: Suite): void {
  describe('Transactions', () => {
    callbackTests(suite)
    explicitTests(suite)
    closedTests(suite)
    writerTests(suite)
  })
}

function callbackTests(suite: Suite): void {
  test('transaction() commits every append when the callback resolves', async () => {
    const backend = await suite.backend()
    const log = await suite.open({ backend, namespaces: [NS] })
    await log.append(NS, payload(0))
    await log.transaction(NS, async (tx) => {
      await tx.append(payload(1))
      await tx.append(payload(2))
      await tx.append(payload(3))
    })
    expect(await log.stats(NS)).toMatchObject({ count: 4 })
    expectBytes(await readFile(backend, fileOf(NS)), encodeLog(payloads(4)))
  })

  test('records of an open transaction are invisible: not counted, not streamed', async () => {
    const backend = await suite.backend()
    const log = await suite.open({ backend, namespaces: [NS] })
    const waiting = log.stream(NS, 0).next()
    await log.transaction(NS, async (tx) => {
      await tx.append(payload(0))
      await tx.append(payload(1))
      expect(await log.stats(NS)).toMatchObject({ count: 0, lastIndex: 0 })
      expect((await readFile(backend, fileOf(NS))).subarray(0, 16)).toEqual(encodeLog([]))
    })
    expect((await waiting).data).toEqual(payload(0))
  })

  test('transaction() rolls back and rethrows the callback error; the file is byte-identical', async () => {
    const backend = await suite.backend()
    const log = await suite.open({ backend, namespaces: [NS] })
    await log.append(NS, payload(0))
    const before = await readFile(backend, fileOf(NS))
    const thrown = new Error('changed my mind')
    const error = await rejectionOf(
      log.transaction(NS, async (tx) => {
        await tx.append(payload(1, 5000))
        await tx.append(payload(2, 70000))
        throw thrown
      }),
    )
    expect(error).toBe(thrown)
    expectBytes(await readFile(backend, fileOf(NS)), before)
    expect((await log.append(NS, payload(3))).seq).toBe(1)
    expectBytes(await readFile(backend, fileOf(NS)), encodeLog([payload(0), payload(3)]))
  })

  test.each([10, 700_000])(
    'a rolled-back record (%i bytes) is never streamed, even to a stream waiting during the transaction',
    async (size) => {
      const log = await suite.open({ backend: await suite.backend(), namespaces: [NS] })
      const stream = log.stream(NS, 0)
      const waiting = stream.next()
      await rejectionOf(
        log.transaction(NS, async (tx) => {
          await tx.append(payload(66, size))
          await tx.append(payload(67, size))
          throw new Error('rollback')
        }),
      )
      await log.append(NS, payload(1))
      expect(await waiting).toMatchObject({ seq: 0, index: 16, data: payload(1) })
    },
  )

  test('a stream that read while a large transaction was in the file never serves its bytes after the rollback', async () => {
    const log = await suite.open({ backend: await suite.backend(), namespaces: [NS] })
    await log.append(NS, payload(0))
    const tx = log.begin(NS)
    // Past the transaction's spill size: these bytes reach the file beyond the committed end.
    for (let i = 0; i < 3; i++) await tx.append(payload(90 + i, 700_000))
    const stream = log.stream(NS, 0)
    expect((await stream.next()).data).toEqual(payload(0))
    await tx[Symbol.asyncDispose]()
    const { index } = await log.append(NS, payload(1, 50))
    expect(await stream.next()).toEqual({ seq: 1, index, size: 50, data: payload(1, 50) })
  })

  test('rolling back a large transaction (megabytes) leaves the file byte-identical', async () => {
    const backend = await suite.backend()
    const log = await suite.open({ backend, namespaces: [NS] })
    await log.append(NS, payload(0))
    const before = await readFile(backend, fileOf(NS))
    await rejectionOf(
      log.transaction(NS, async (tx) => {
        for (let i = 1; i <= 6; i++) await tx.append(payload(i, 700_000))
        throw new Error('rollback')
      }),
    )
    expectBytes(await readFile(backend, fileOf(NS)), before)
    expect(await log.append(NS, payload(7))).toMatchObject({ seq: 1, index: before.length })
  })

  test('committing a large transaction (megabytes) writes every record in order', async () => {
    const backend = await suite.backend()
    const log = await suite.open({ backend, namespaces: [NS] })
    const data = payloads(6, 700_000)
    const waiting = log.stream(NS, 0).next()
    await log.transaction(NS, async (tx) => {
      for (const bytes of data) await tx.append(bytes)
    })
    expectBytes((await waiting).data, data[0] as Uint8Array)
    expectBytes(await readFile(backend, fileOf(NS)), encodeLog(data))
  })

  test('an empty transaction leaves the file byte-identical', async () => {
    const backend = await suite.backend()
    const log = await suite.open({ backend, namespaces: [NS] })
    await log.append(NS, payload(0))
    const before = await readFile(backend, fileOf(NS))
    await log.transaction(NS, async () => {})
    expectBytes(await readFile(backend, fileOf(NS)), before)
  })
}

function explicitTests(suite: Suite): void {
  test('begin(), append, commit(): the records become visible together', async () => {
    const backend = await suite.backend()
    const log = await suite.open({ backend, namespaces: [NS] })
    const tx = log.begin(NS)
    await tx.append(payload(0))
    await tx.append(payload(1))
    expect(await log.stats(NS)).toMatchObject({ count: 0 })
    await tx.commit()
    expect(await log.stats(NS)).toMatchObject({ count: 2 })
    expectBytes(await readFile(backend, fileOf(NS)), encodeLog(payloads(2)))
  })

  test('await using without commit rolls back on scope exit; the file is byte-identical', async () => {
    const backend = await suite.backend()
    const log = await suite.open({ backend, namespaces: [NS] })
    await log.append(NS, payload(0))
    const before = await readFile(backend, fileOf(NS))
    {
      await using tx = log.begin(NS)
      await tx.append(payload(1, 100))
      await tx.append(payload(2, 100))
    }
    expectBytes(await readFile(backend, fileOf(NS)), before)
    expect((await log.append(NS, payload(3))).seq).toBe(1)
  })

  test('await using after commit keeps the commit', async () => {
    const backend = await suite.backend()
    const log = await suite.open({ backend, namespaces: [NS] })
    {
      await using tx = log.begin(NS)
      await tx.append(payload(0))
      await tx.commit()
    }
    expectBytes(await readFile(backend, fileOf(NS)), encodeLog(payloads(1)))
  })

  test('a scope left by a throw rolls back', async () => {
    const backend = await suite.backend()
    const log = await suite.open({ backend, namespaces: [NS] })
    const before = await readFile(backend, fileOf(NS))
    const thrown = new Error('left early')
    const leave = async (): Promise<void> => {
      await using tx = log.begin(NS)
      await tx.append(payload(0))
      throw thrown
    }
    expect(await rejectionOf(leave())).toBe(thrown)
    expectBytes(await readFile(backend, fileOf(NS)), before)
  })

  test('begin() on an unknown namespace fails with NAMESPACE_NOT_FOUND', async () => {
    const log = await suite.open({ backend: await suite.backend(), namespaces: [NS] })
    await failsWith(async () => {
      await using tx = log.begin('nope')
      await tx.append(payload(0))
    }, 'NAMESPACE_NOT_FOUND')
  })

  test('transaction() on an unknown namespace rejects with NAMESPACE_NOT_FOUND', async () => {
    const log = await suite.open({ backend: await suite.backend(), namespaces: [NS] })
    await rejectsWith(() => log.transaction('nope', async () => {}), 'NAMESPACE_NOT_FOUND')
  })
}

function closedTests(suite: Suite): void {
  test('TRANSACTION_CLOSED for append and commit after commit', async () => {
    const log = await suite.open({ backend: await suite.backend(), namespaces: [NS] })
    const tx = log.begin(NS)
    await tx.append(payload(0))
    await tx.commit()
    await rejectsWith(() => tx.append(payload(1)), 'TRANSACTION_CLOSED')
    await rejectsWith(() => tx.commit(), 'TRANSACTION_CLOSED')
    expect(await log.stats(NS)).toMatchObject({ count: 1 })
  })

  test('TRANSACTION_CLOSED for append and commit after a rollback on scope exit', async () => {
    const log = await suite.open({ backend: await suite.backend(), namespaces: [NS] })
    let escaped: ReturnType<typeof log.begin> | undefined
    {
      await using tx = log.begin(NS)
      await tx.append(payload(0))
      escaped = tx
    }
    await rejectsWith(() => escaped.append(payload(1)), 'TRANSACTION_CLOSED')
    await rejectsWith(() => escaped.commit(), 'TRANSACTION_CLOSED')
    expect(await log.stats(NS)).toMatchObject({ count: 0 })
  })

  test('TRANSACTION_CLOSED for a transaction() handle used after its callback ended', async () => {
    const log = await suite.open({ backend: await suite.backend(), namespaces: [NS] })
    let escaped: Parameters<Parameters<typeof log.transaction>[1]>[0] | undefined
    await log.transaction(NS, async (tx) => {
      escaped = tx
      await tx.append(payload(0))
    })
    await rejectsWith(() => (escaped as NonNullable<typeof escaped>).append(payload(1)), 'TRANSACTION_CLOSED')
    expect(await log.stats(NS)).toMatchObject({ count: 1 })
  })
}

function writerTests(suite: Suite): void {
  test('an append waits while a transaction holds the writer, and lands after the commit', async () => {
    const backend = await suite.backend()
    const log = await suite.open({ backend, namespaces: [NS] })
    const tx = log.begin(NS)
    await tx.append(payload(0))
    const outside = log.append(NS, payload(2))
    await tx.append(payload(1))
    await tx.commit()
    expect(await outside).toMatchObject({ seq: 2 })
    expectBytes(await readFile(backend, fileOf(NS)), encodeLog(payloads(3)))
  })

  test('an append that waited on a rolled-back transaction takes its place', async () => {
    const backend = await suite.backend()
    const log = await suite.open({ backend, namespaces: [NS] })
    let outside: Promise<{ seq: number }> | undefined
    await rejectionOf(
      log.transaction(NS, async (tx) => {
        await tx.append(payload(9))
        outside = log.append(NS, payload(0))
        await tx.append(payload(9))
        throw new Error('rollback')
      }),
    )
    expect(await outside).toMatchObject({ seq: 0, index: 16 })
    expectBytes(await readFile(backend, fileOf(NS)), encodeLog(payloads(1)))
  })

  test('a transaction holds only its own namespace: appends to another go on', async () => {
    const log = await suite.open({ backend: await suite.backend(), namespaces: [NS, 'audit'] })
    await log.transaction(NS, async (tx) => {
      await tx.append(payload(0))
      // Awaited inside the transaction: this would never resolve if the writer were shared.
      expect(await log.append('audit', payload(1))).toMatchObject({ seq: 0 })
    })
    expect(await log.stats(NS)).toMatchObject({ count: 1 })
  })

  test('a second transaction waits for the first, and each stays whole', async () => {
    const backend = await suite.backend()
    const log = await suite.open({ backend, namespaces: [NS] })
    const first = log.begin(NS)
    await first.append(payload(0))
    const second = log.transaction(NS, async (tx) => {
      await tx.append(payload(2))
      await tx.append(payload(3))
    })
    await first.append(payload(1))
    await first.commit()
    await second
    expectBytes(await readFile(backend, fileOf(NS)), encodeLog(payloads(4)))
  })
}

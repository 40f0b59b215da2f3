import { describe, expect, test } from 'vitest'
import { recordingBackend } from '../backends/recordingBackend.js'
import { expectBytes, failsWith, rejectionOf, rejectsWith } from '../expectations.js'
import { encodeLog, fileOf, readFile } from '../format.js'
import { payload, payloads } from '../payloads.js'
import type { Log, Suite } from '../suite.js'

const NS = 'events'

/**
 * The closed trait: every operation, called on a closed log, fails with STORAGE_CLOSED. Each
 * entry is one operation; calls that return a handle (begin, stream) are used, so a handle that
 * only fails later is caught too.
 */
const AFTER_CLOSE: [string, (log: Log) => unknown][] = [
  ['append(bytes)', (log) => log.append(NS, payload(0))],
  ['append(string)', (log) => log.append(NS, 'text')],
  ['transaction()', (log) => log.transaction(NS, async (tx) => tx.append(payload(0)))],
  ['begin().append()', (log) => log.begin(NS).append(payload(0))],
  ['begin().commit()', (log) => log.begin(NS).commit()],
  ['stream(ns, 0).next()', (log) => log.stream(NS, 0).next()],
  ['stream(ns, -1).next()', (log) => log.stream(NS, -1).next()],
  ['stream(ns, 5).next()', (log) => log.stream(NS, 5).next()],
  ['stats()', (log) => log.stats(NS)],
  ['verify()', (log) => log.verify(NS)],
]

export function closingTests(suite: Suite): void {
  describe('Closing', () => {
    closeTests(suite)
    if (suite.capabilities.lock) lockTests(suite)
    describe('every call after close rejects with STORAGE_CLOSED', () => {
      test.each(AFTER_CLOSE)('%s', async (_, call) => {
        const log = await suite.open({ backend: await suite.backend(), namespaces: [NS] })
        await log.append(NS, payload(0))
        await log.close()
        await failsWith(() => call(log), 'STORAGE_CLOSED')
      })

      test.each(AFTER_CLOSE)('%s, on a read-only follower', async (_, call) => {
        const backend = await suite.backend()
        const writer = await suite.open({ backend, namespaces: [NS] })
        await writer.append(NS, payload(0))
        const follower = await suite.open({ backend, namespaces: [NS], readOnly: true, pollInterval: 10 })
        await follower.close()
        // A write on an open follower is READ_ONLY; once it is closed, "any call" means STORAGE_CLOSED.
        await failsWith(() => call(follower), 'STORAGE_CLOSED')
      })
    })
  })
}

function closeTests(suite: Suite): void {
  test('close waits for the commits in flight: every append called before it resolves and is kept', async () => {
    const backend = await suite.backend()
    const log = await suite.open({ backend, namespaces: [NS] })
    const appends = payloads(50).map((bytes) => log.append(NS, bytes))
    await log.close()
    expect((await Promise.all(appends)).map((result) => result.seq)).toEqual(payloads(50).map((_, i) => i))
    expectBytes(await readFile(backend, fileOf(NS)), encodeLog(payloads(50)))
  })

  test('close waits for a durable commit in flight', async () => {
    const backend = await suite.backend()
    const log = await suite.open({ backend, namespaces: [NS], fastWrite: false })
    const appended = log.append(NS, payload(0))
    await log.close()
    expect(await appended).toMatchObject({ seq: 0 })
    expectBytes(await readFile(backend, fileOf(NS)), encodeLog(payloads(1)))
  })

  test('close closes every file it opened', async () => {
    const recording = recordingBackend(await suite.backend())
    const log = await suite.open({ backend: recording.backend, namespaces: [NS, 'audit', 'more'] })
    await log.append(NS, payload(0))
    await log.stream(NS, 0).next()
    expect(recording.openFiles().length).toBeGreaterThan(0)
    await log.close()
    expect(recording.openFiles()).toEqual([])
  })

  test('close wakes every waiting stream with STORAGE_CLOSED', async () => {
    const log = await suite.open({ backend: await suite.backend(), namespaces: [NS, 'audit'] })
    const waiting = [log.stream(NS, 0).next(), log.stream(NS, -1).next(), log.stream('audit', 3).next()]
    await log.close()
    for (const outcome of await Promise.all(waiting.map(rejectionOf))) {
      expect(outcome).toMatchObject({ code: 'STORAGE_CLOSED' })
    }
  })

  test('calling close again is a no-op, sequentially or concurrently', async () => {
    const log = await suite.open({ backend: await suite.backend(), namespaces: [NS] })
    await log.append(NS, payload(0))
    await Promise.all([log.close(), log.close()])
    await log.close()
  })

  test('a transaction left open at close is not committed, and its calls then reject STORAGE_CLOSED', async () => {
    const backend = await suite.backend()
    const log = await suite.open({ backend, namespaces: [NS] })
    await log.append(NS, payload(0))
    const tx = log.begin(NS)
    await tx.append(payload(1))
    await log.close()
    await rejectsWith(() => tx.append(payload(2)), 'STORAGE_CLOSED')
    await rejectsWith(() => tx.commit(), 'STORAGE_CLOSED')
    expectBytes(await readFile(backend, fileOf(NS)), encodeLog(payloads(1)))
  })

  test('await using closes the log on scope exit', async () => {
    const backend = await suite.backend()
    let escaped: Log | undefined
    {
      await using log = await suite.open({ backend, namespaces: [NS] })
      await log.append(NS, payload(0))
      escaped = log
    }
    await failsWith(() => escaped.stats(NS), 'STORAGE_CLOSED')
  })
}

function lockTests(suite: Suite): void {
  test('close releases the writer lock', async () => {
    const backend = await suite.backend()
    const log = await suite.open({ backend, namespaces: [NS] })
    await log.close()
    const lock = backend.lock?.bind(backend)
    expect(lock, 'registered only for backends with lock()').toBeDefined()
    const held = await (lock as NonNullable<typeof lock>)()
    await held.release()
    const again = await suite.open({ backend, namespaces: [NS] })
    expect(await again.append(NS, payload(0))).toMatchObject({ seq: 0 })
  })

  test('await using releases the writer lock on scope exit', async () => {
    const backend = await suite.backend()
    {
      await using log = await suite.open({ backend, namespaces: [NS] })
      await log.append(NS, payload(0))
    }
    const again = await suite.open({ backend, namespaces: [NS] })
    expect(await again.stats(NS)).toMatchObject({ count: 1 })
  })
}

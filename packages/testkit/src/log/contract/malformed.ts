import type { CorruptionDetails, FileBackend } from '@immuta/core'
import { describe, expect, test } from 'vitest'
import { recordingBackend } from '../backends/recordingBackend.js'
import { expectBytes, rejectionOf, rejectsWith } from '../expectations.js'
import { encodeLog, fileOf, readFile, writeFile } from '../format.js'
import type { Log, Suite } from '../suite.js'
import { BASE_RECORDS, MALFORMED, type MalformedCase } from './corpus.js'
import { headerFlipTests } from './headerFlips.js'

const NS = 'events'
/** No read may ask for more than this: a size field past the end must never size a buffer. */
const LARGEST_SANE_READ = 16 * 2 ** 20

function expectCorruption(error: unknown, offsets: readonly number[], namespace = NS): void {
  expect(error).toMatchObject({ code: 'CORRUPT_LOG' })
  const details = (error as { details?: CorruptionDetails }).details
  expect([namespace, fileOf(namespace)]).toContain(details?.file)
  expect(offsets).toContain(details?.offset)
  expect(typeof details?.reason === 'string' && details.reason.length > 0, 'details.reason says why').toBe(true)
}

async function openCase(suite: Suite, item: MalformedCase, readOnly: boolean) {
  const backend = await suite.backend()
  await writeFile(backend, fileOf(NS), item.bytes)
  const recording = recordingBackend(backend)
  const opened = suite.open({ backend: recording.backend, namespaces: [NS], readOnly, pollInterval: 10 })
  const largestRead = (): number => Math.max(0, ...recording.calls.map((call) => call.requested ?? 0))
  return { backend, opened, largestRead }
}

async function expectVerify(log: Log, item: MalformedCase): Promise<void> {
  if (item.verify === 'ok') {
    expect(await log.verify(NS)).toEqual({ count: item.count, size: item.sizeAfterWriter })
  } else if (item.verify) {
    expectCorruption(await rejectionOf(log.verify(NS)), item.verify)
  }
}

async function expectStream(log: Log, item: MalformedCase): Promise<void> {
  const stream = log.stream(NS, 0)
  if (item.streamSizes) {
    for (const size of item.streamSizes) expect(await stream.next()).toMatchObject({ size, data: new Uint8Array(size) })
  } else {
    const good = item.streamCorruptAt ?? 0
    for (let seq = 0; seq < good; seq++) expect((await stream.next()).data).toEqual((item.records ?? BASE_RECORDS)[seq])
  }
  if (item.streamCorruptAt !== undefined) expect(await rejectionOf(stream.next())).toMatchObject({ code: 'CORRUPT_LOG' })
}

export function malformedTests(suite: Suite): void {
  describe('Malformed files', () => {
    describe('opened by a writer', () => {
      test.each(MALFORMED.map((item) => [item.name, item] as const))('%s', async (_, item) => {
        const { backend, opened, largestRead } = await openCase(suite, item, false)
        const refusedAt = item.openCorruptAt ?? item.writerCorruptAt
        if (refusedAt) {
          expectCorruption(await rejectionOf(opened), refusedAt)
          expectBytes(await readFile(backend, fileOf(NS)), item.bytes)
        } else {
          const log = await opened
          expect((await log.stats(NS)).count).toBe(item.count)
          expect((await readFile(backend, fileOf(NS))).length).toBe(item.sizeAfterWriter)
          if (item.keptAside) {
            const { offset, bytes } = item.keptAside
            expectBytes(await readFile(backend, `${fileOf(NS)}.${offset}.cut`), bytes, 'the bytes kept aside')
          }
          await expectVerify(log, item)
          await expectStream(log, item)
        }
        expect(largestRead()).toBeLessThanOrEqual(LARGEST_SANE_READ)
      })
    })

    describe('opened by a read-only follower, which never changes the file', () => {
      test.each(MALFORMED.map((item) => [item.name, item] as const))('%s', async (_, item) => {
        const { backend, opened, largestRead } = await openCase(suite, item, true)
        if (item.openCorruptAt) {
          expectCorruption(await rejectionOf(opened), item.openCorruptAt)
        } else {
          const log = await opened
          expect((await log.stats(NS)).count).toBe(item.count)
          await expectStream(log, item)
          await rejectionOf(log.verify(NS))
        }
        expectBytes(await readFile(backend, fileOf(NS)), item.bytes)
        expect(largestRead()).toBeLessThanOrEqual(LARGEST_SANE_READ)
      })
    })

    headerFlipTests(suite)

    test('a corrupt namespace among good ones fails the open, and its details name its file', async () => {
      const backend: FileBackend = await suite.backend()
      await writeFile(backend, fileOf(NS), encodeLog(BASE_RECORDS))
      await writeFile(backend, fileOf('audit'), encodeLog(BASE_RECORDS, { lastIndex: 1000 }))
      const error = await rejectsWith(() => suite.open({ backend, namespaces: [NS, 'audit'] }), 'CORRUPT_LOG')
      expectCorruption(error, [8, 1000], 'audit')
    })
  })
}

import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { open } from '../src/index.js'
import { kill, runFixture } from './child.js'
import { parsePayload } from './fixtures/payload.mjs'
import { crashScale, seed, seededRandom } from './random.js'
import { tempDir } from './tempDir.js'

const decoder = new TextDecoder()

/**
 * Opens the log as the next writer would after a crash, and checks everything in it: verify()
 * passes, every acknowledged record is there, every record is exactly the payload its seq
 * derives, and transactions are whole (each starts where the last ended and the log ends at a
 * transaction's end). Answers the record count.
 */
async function checkAfterCrash(dir: string, lastAck: number): Promise<number> {
  const log = await open({ dir, namespaces: ['events'] })
  try {
    const { count } = await log.verify('events')
    expect(count, 'acknowledged records are all there').toBeGreaterThan(lastAck)
    const stream = log.stream('events', 0)
    let txEnd = 0
    for (let seq = 0; seq < count; seq++) {
      const record = await stream.next()
      const fields = parsePayload(decoder.decode(record.data))
      expect(fields, `record ${seq} is intact`).toMatchObject({ seq })
      if (seq === txEnd) {
        expect(fields?.txFirst, `record ${seq} starts a transaction`).toBe(seq)
        txEnd = seq + (fields?.txSize ?? 1)
      }
    }
    expect(txEnd, 'the last transaction is whole').toBe(count)
    stream.done()
    return count
  } finally {
    await log.close()
  }
}

/**
 * Bytes past the last committed record, read raw before recovery: a kill between a record's
 * write and the header that counts it leaves some, which the next writer must truncate.
 */
function uncommittedTail(file: string): number {
  const fd = openSync(file, 'r')
  try {
    const header = new Uint8Array(24)
    readSync(fd, header, 0, 16, 0)
    const view = new DataView(header.buffer)
    const lastIndex = Number(view.getBigUint64(8, true))
    let end = 16
    if (lastIndex > 0) {
      readSync(fd, header, 16, 8, lastIndex)
      end = lastIndex + 8 + Number(view.getBigUint64(16, true))
    }
    return fstatSync(fd).size - end
  } finally {
    closeSync(fd)
  }
}

/** Starts a writer, lets it acknowledge a random number of records, kills it, checks the log. */
async function crashRound(
  dir: string,
  workload: string,
  durable: boolean,
  acksBeforeKill: number,
): Promise<{ count: number; tail: number }> {
  const writer = runFixture('crashWriter.mjs', [dir, workload, durable ? 'durable' : 'fast'])
  expect(await writer.nextLine()).toMatch(/^ready \d+$/)
  let lastAck = -1
  for (let acks = 0; acks < acksBeforeKill; acks++) {
    const line = await writer.nextLine()
    lastAck = Math.max(lastAck, Number(line.replace('ack ', '')))
  }
  await kill(writer)
  // Acks the killed writer printed after the one that triggered the kill count too.
  for (const line of writer.lines) lastAck = Math.max(lastAck, Number(line.replace('ack ', '')))
  const tail = uncommittedTail(join(dir, 'events.log'))
  return { count: await checkAfterCrash(dir, lastAck), tail }
}

const rounds = { single: 8, tx: 7, concurrent: 7 }

describe(`SIGKILLed writer (seed ${seed}, IMMUTA_SEED to replay)`, () => {
  for (const [workload, count] of Object.entries(rounds)) {
    test(`${workload}: ${count * crashScale} rounds`, { timeout: 60_000 * crashScale }, async () => {
      const random = seededRandom(seed + workload.length)
      const dir = join(tempDir(), 'log')
      let records = 0
      let torn = 0
      for (let round = 0; round < count * crashScale; round++) {
        // Every third round is durable (fastWrite: false): slower, so fewer acks before the kill.
        const durable = round % 3 === 2
        const acks = 1 + random(durable ? 40 : 300)
        const after = await crashRound(dir, workload, durable, acks)
        expect(after.count).toBeGreaterThanOrEqual(records)
        records = after.count
        if (after.tail > 0) torn++
      }
      const clean = count * crashScale - torn
      console.log(`${workload}: ${records} records; ${torn} kills left an uncommitted tail, ${clean} left none`)
    })
  }
})

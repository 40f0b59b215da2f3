import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { deflate, inflate } from '../src/index.js'

// Read in place: IMMUTA_GO_FIXTURES, else the shared folder beside the repository.
const packageDir = fileURLToPath(new URL('..', import.meta.url))
const fixturesDir = process.env.IMMUTA_GO_FIXTURES ?? resolve(packageDir, '../../../shared/fixtures/go-written')
const flateDir = join(fixturesDir, 'flate')
const present = existsSync(join(flateDir, 'manifest.json'))
if (!present) console.warn(`goFlate.test.ts skipped: no Go fixtures at ${flateDir} (set IMMUTA_GO_FIXTURES)`)

interface ManifestRecord {
  seq: number
  index: number
  size: number
  sha256: string
  plaintext_size: number
  plaintext_sha256: string
}

interface StoredRecord {
  index: number
  payload: Uint8Array
}

const HEADER_BYTES = 16

// The format, read by hand so this test depends on no engine code: a 16-byte header
// (u64 LE count, u64 LE index of the last record), then records of u64 LE size + payload.
function readLog(bytes: Uint8Array): { count: number; lastIndex: number; records: StoredRecord[] } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const count = Number(view.getBigUint64(0, true))
  const lastIndex = Number(view.getBigUint64(8, true))
  const records: StoredRecord[] = []
  let offset = HEADER_BYTES
  while (records.length < count) {
    const size = Number(view.getBigUint64(offset, true))
    records.push({ index: offset, payload: bytes.subarray(offset + 8, offset + 8 + size) })
    offset += 8 + size
  }
  return { count, lastIndex, records }
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

describe.skipIf(!present)('inflate() reads what Go compress/flate wrote (fixtures/go-written/flate)', () => {
  const load = () => {
    const manifest = JSON.parse(readFileSync(join(flateDir, 'manifest.json'), 'utf8'))
    const expected: ManifestRecord[] = manifest.namespaces.compressed.records
    const log = readLog(new Uint8Array(readFileSync(join(flateDir, 'compressed.log'))))
    return { expected, log }
  }

  it('parses the log as the manifest describes it', () => {
    const { expected, log } = load()
    expect(log.count).toBe(expected.length)
    expect(log.lastIndex).toBe(expected.at(-1)?.index)
    for (const [seq, record] of log.records.entries()) {
      expect(record.index, `record ${seq}`).toBe(expected[seq]?.index)
      expect(sha256(record.payload), `record ${seq}`).toBe(expected[seq]?.sha256)
    }
  })

  it('inflates every record to its plaintext', () => {
    const { expected, log } = load()
    expect(log.records).toHaveLength(20)
    for (const [seq, record] of log.records.entries()) {
      const plaintext = inflate()(record.payload)
      expect(plaintext.length, `record ${seq}`).toBe(expected[seq]?.plaintext_size)
      expect(sha256(plaintext), `record ${seq}`).toBe(expected[seq]?.plaintext_sha256)
    }
  })

  it('inflates the empty record Go wrote to zero bytes', () => {
    const { expected, log } = load()
    const seq = expected.findIndex((record) => record.plaintext_size === 0)
    expect(seq).toBeGreaterThanOrEqual(0)
    const stored = log.records[seq]?.payload ?? new Uint8Array(0)
    expect(stored.length).toBeGreaterThan(0)
    expect(inflate()(stored)).toEqual(new Uint8Array(0))
  })

  it('compresses the same plaintexts at level 1 to streams that read back', () => {
    const { log } = load()
    for (const [seq, record] of log.records.entries()) {
      const plaintext = inflate()(record.payload)
      expect(sha256(inflate()(deflate({ level: 1 })(plaintext))), `record ${seq}`).toBe(sha256(plaintext))
    }
  })
})

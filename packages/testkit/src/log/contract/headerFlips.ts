import { Immuta, ImmutaError } from '@immuta/core'
import { expect, test } from 'vitest'
import { expectBytes } from '../expectations.js'
import { concat, encodeLog, fileOf, readFile, writeFile } from '../format.js'
import { payload } from '../payloads.js'
import type { Suite } from '../suite.js'

const NS = 'events'
/** 200 records of 8 bytes, one every 16 bytes: a flipped bit of the last offset lands on a boundary. */
const RECORDS = Array.from({ length: 200 }, (_, i) => payload(i, 8))

/**
 * Every one of the 128 single-bit flips of a 200-record log's header, opened by a writer: it
 * refuses with CORRUPT_LOG and changes nothing, or it opens, and every byte it cut from the log
 * is in `<file>.<offset>.cut`. Nothing is destroyed either way.
 */
export function headerFlipTests(suite: Suite): void {
  test('no single-bit flip of the header makes a writer destroy bytes', async () => {
    const original = encodeLog(RECORDS)
    const outcomes = { refused: 0, keptAside: 0, untouched: 0 }
    for (let bit = 0; bit < 128; bit++) {
      const flipped = original.slice()
      flipped[bit >> 3] = (flipped[bit >> 3] as number) ^ (1 << (bit & 7))
      const backend = await suite.backend()
      await writeFile(backend, fileOf(NS), flipped)
      const opened = await Immuta.open({ backend, namespaces: [NS] }).catch((error: unknown) => error)
      const left = await readFile(backend, fileOf(NS))
      if (!(opened instanceof Immuta)) {
        expect(opened instanceof ImmutaError && opened.code, `bit ${bit}: ${String(opened)}`).toBe('CORRUPT_LOG')
        expectBytes(left, flipped, `bit ${bit}: the refused file`)
        outcomes.refused++
        continue
      }
      await opened.close()
      if (left.length === flipped.length) {
        expectBytes(left, flipped, `bit ${bit}: the file`)
        outcomes.untouched++
      } else {
        const kept = await readFile(backend, `${fileOf(NS)}.${left.length}.cut`)
        expectBytes(concat(left, kept), flipped, `bit ${bit}: the file and the bytes kept aside`)
        outcomes.keptAside++
      }
    }
    expect(outcomes.refused + outcomes.keptAside + outcomes.untouched).toBe(128)
    expect(outcomes.refused).toBeGreaterThan(0)
  }, 120_000)
}

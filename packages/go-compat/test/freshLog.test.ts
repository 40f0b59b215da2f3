import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Immuta } from '@immuta/core'
import { nodeFs } from '@immuta/node-fs'
import { describe, expect, test } from 'vitest'
import { GoLayout } from './goLayout.js'
import { tempDir } from './tempCopy.js'
import { expectSameBytes, refuseMarked, runWorkload } from './workload.js'

// These need no fixture: the expected bytes come from the format description alone.
describe('a log written from scratch has Go layout, byte for byte', () => {
  test('a new namespace is the 16-byte zero header, before any append and after close', async () => {
    const dir = tempDir()
    const log = await Immuta.open({ backend: nodeFs(dir), namespaces: ['events', 'audit'] })
    for (const ns of ['events', 'audit']) expectSameBytes(readFileSync(join(dir, `${ns}.log`)), GoLayout.empty().bytes(), `${ns}.log`)
    await log.close()
    for (const ns of ['events', 'audit']) expectSameBytes(readFileSync(join(dir, `${ns}.log`)), GoLayout.empty().bytes(), `${ns}.log`)
  })

  for (const fastWrite of [true, false]) {
    test(`appends, transactions and rollbacks, fastWrite: ${fastWrite}`, async () => {
      const dir = tempDir()
      const path = join(dir, 'events.log')
      const layout = GoLayout.empty()
      const log = await Immuta.open({ backend: nodeFs(dir), namespaces: ['events'], fastWrite, writeTransform: refuseMarked })
      await runWorkload(log, 'events', path, layout)
      await log.close()
      expectSameBytes(readFileSync(path), layout.bytes(), 'events.log after close')

      // A writer that opens it again finds nothing to recover: not a byte changes.
      const again = await Immuta.open({ backend: nodeFs(dir), namespaces: ['events'] })
      expect(await again.verify('events')).toEqual({ count: layout.committedCount, size: layout.committedEnd })
      await again.close()
      expectSameBytes(readFileSync(path), layout.bytes(), 'events.log after a second writer')
    })
  }
})

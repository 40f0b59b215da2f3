import { join } from 'node:path'
import { open } from '@immuta/node-fs'
import { checksum } from '@immuta/transformers'
import { expect, test } from 'vitest'
import { immuta } from './immuta.js'
import { numbered, snapshot, writeLog } from './logs.js'
import { tempDir } from './tempDir.js'

const READING_COMMANDS = [
  ['stats'],
  ['stats', 'events', '--json'],
  ['verify'],
  ['verify', 'events', '--transform', '--checksum'],
  ['cat', 'events', '--checksum'],
  ['tail', 'events', '-n', '2', '--checksum'],
  ['get', 'events', '1', '--checksum'],
  ['export', 'events', '--checksum'],
]

test.each(READING_COMMANDS)('immuta %s ... leaves every file of the log directory as it was, and adds none', async (command, ...rest) => {
  const dir = join(tempDir(), 'logs')
  await writeLog(dir, 'events', numbered(4), checksum())
  await writeLog(dir, 'audit', numbered(1), checksum())
  const before = snapshot(dir)
  const run = await immuta([command ?? '', dir, ...rest])
  expect(run).toMatchObject({ code: 0, stderr: '' })
  expect(snapshot(dir)).toEqual(before)
})

test('every reading command works beside a running writer in another process, which keeps writing', async () => {
  const dir = join(tempDir(), 'logs')
  const writer = await open({ dir, namespaces: ['events'], writeTransform: checksum() })
  try {
    for (const record of numbered(4)) await writer.append('events', record)
    for (const [command, ...rest] of READING_COMMANDS) {
      const run = await immuta([command ?? '', dir, ...rest.filter((arg) => arg !== 'audit')])
      expect(run, `${command} ${rest.join(' ')}`).toMatchObject({ code: 0, stderr: '' })
    }
    await writer.append('events', 'still the writer')
    expect((await writer.stats('events')).count).toBe(5)
  } finally {
    await writer.close()
  }
})

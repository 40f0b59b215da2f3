import { join } from 'node:path'
import { open } from '@immuta/node-fs'
import { expect, test } from 'vitest'
import { setU64 } from './corrupt.js'
import { immuta } from './immuta.js'
import { linesOf, numbered, writeLog } from './logs.js'
import { tempDir } from './tempDir.js'

test('stats prints count, size and last index of every namespace it finds', async () => {
  const dir = join(tempDir(), 'logs')
  await writeLog(dir, 'events', numbered(3)) // 3 records of 8 bytes: 16 + 3 * 16 bytes
  await writeLog(dir, 'audit', [])
  const run = await immuta(['stats', dir])
  expect(run).toMatchObject({ code: 0, stderr: '' })
  expect(linesOf(run.stdout)).toEqual([
    'namespace  count  size  last index', //
    'audit          0    16           0',
    'events         3    64          48',
  ])
})

test('stats --json of the namespaces named', async () => {
  const dir = join(tempDir(), 'logs')
  await writeLog(dir, 'events', numbered(3))
  await writeLog(dir, 'audit', numbered(1))
  const run = await immuta(['stats', dir, 'events', '--json'])
  expect(run.code).toBe(0)
  expect(JSON.parse(run.stdout.toString())).toEqual([{ namespace: 'events', count: 3, size: 64, lastIndex: 48 }])
})

test('stats of a namespace with a header that cannot be right: the others are printed, exit 1', async () => {
  const dir = join(tempDir(), 'logs')
  await writeLog(dir, 'events', numbered(3))
  await writeLog(dir, 'audit', numbered(1))
  setU64(join(dir, 'audit.log'), 8, 9999)
  const run = await immuta(['stats', dir, '--json'])
  expect(run.code).toBe(1)
  expect(JSON.parse(run.stdout.toString())).toEqual([{ namespace: 'events', count: 3, size: 64, lastIndex: 48 }])
  expect(run.stderr).toMatch(/^immuta stats: audit: CORRUPT_LOG: audit\.log is corrupt at offset 8: .*9999/)
})

test('stats sees what a running writer in another process has committed', async () => {
  const dir = join(tempDir(), 'logs')
  const writer = await open({ dir, namespaces: ['events'] })
  try {
    await writer.append('events', 'one')
    const run = await immuta(['stats', dir, '--json'])
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout.toString())).toEqual([{ namespace: 'events', count: 1, size: 27, lastIndex: 16 }])
  } finally {
    await writer.close()
  }
})

test('a missing directory, a folder with no log and a missing namespace: one line, exit 1', async () => {
  const dir = tempDir()
  const missing = await immuta(['stats', join(dir, 'nope')])
  expect(missing).toMatchObject({ code: 1, stderr: `immuta stats: ${join(dir, 'nope')}: no such log directory\n` })
  const empty = await immuta(['stats', dir])
  expect(empty).toMatchObject({ code: 1, stderr: `immuta stats: ${dir} holds no namespace (no *.log file)\n` })
  await writeLog(join(dir, 'logs'), 'events', numbered(1))
  const unknown = await immuta(['cat', join(dir, 'logs'), 'audit'])
  expect(unknown).toMatchObject({ code: 1, stderr: `immuta cat: ${join(dir, 'logs')} has no namespace "audit" (no such .log file)\n` })
})

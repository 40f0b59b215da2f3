import { join } from 'node:path'
import { expect, test } from 'vitest'
import { immuta, startImmuta } from './immuta.js'
import { linesOf, numbered, writeLog } from './logs.js'
import { tempDir } from './tempDir.js'

test('tail prints the last 10 records, -n K the last K, all of them when there are fewer', async () => {
  const dir = join(tempDir(), 'logs')
  await writeLog(dir, 'events', numbered(25))
  const run = await immuta(['tail', dir, 'events'])
  expect(run).toMatchObject({ code: 0, stderr: '' })
  expect(linesOf(run.stdout)).toEqual(numbered(25).slice(15))
  expect(linesOf((await immuta(['tail', dir, 'events', '-n', '3'])).stdout)).toEqual(['record 22', 'record 23', 'record 24'])
  expect(linesOf((await immuta(['tail', dir, 'events', '--lines=100'])).stdout)).toEqual(numbered(25))
  expect((await immuta(['tail', dir, 'events', '-n', '0'])).stdout.length).toBe(0)
})

test('tail --format hex', async () => {
  const dir = join(tempDir(), 'logs')
  await writeLog(dir, 'events', ['ab', 'cd'])
  expect(linesOf((await immuta(['tail', dir, 'events', '-n', '1', '--format', 'hex'])).stdout)).toEqual(['6364'])
})

test('tail -f prints the last records, then one that another process appends', async () => {
  const dir = join(tempDir(), 'logs')
  await writeLog(dir, 'events', numbered(5))
  const follower = startImmuta(['tail', dir, 'events', '-n', '2', '-f'])
  try {
    expect(await follower.lines(2)).toEqual(['record 3', 'record 4'])
    await writeLog(dir, 'events', ['record 5'])
    expect(await follower.lines(3)).toEqual(['record 3', 'record 4', 'record 5'])
  } finally {
    await follower.stop()
  }
})

import { join } from 'node:path'
import { expect, test } from 'vitest'
import { immuta } from './immuta.js'
import { numbered, writeLog } from './logs.js'
import { tempDir } from './tempDir.js'

test("get writes one record's bytes as they are, no newline", async () => {
  const dir = join(tempDir(), 'logs')
  const binary = new Uint8Array(256).map((_, i) => i)
  await writeLog(dir, 'events', ['first', binary, 'third\n'])
  const run = await immuta(['get', dir, 'events', '1'])
  expect(run).toMatchObject({ code: 0, stderr: '' })
  expect(new Uint8Array(run.stdout)).toEqual(binary)
  expect((await immuta(['get', dir, 'events', '0'])).stdout.toString()).toBe('first')
  expect((await immuta(['get', dir, 'events', '2'])).stdout.toString()).toBe('third\n')
})

test('get of a seq the namespace does not hold: one line, exit 1', async () => {
  const dir = join(tempDir(), 'logs')
  await writeLog(dir, 'events', numbered(3))
  const run = await immuta(['get', dir, 'events', '3'])
  expect(run).toMatchObject({ code: 1, stderr: 'immuta get: events has no record 3: it holds 3 (seq 0 to 2)\n' })
  expect(run.stdout.length).toBe(0)
})

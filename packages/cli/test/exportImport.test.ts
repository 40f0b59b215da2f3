import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { open } from '@immuta/node-fs'
import { expect, test } from 'vitest'
import { immuta } from './immuta.js'
import { linesOf, numbered, snapshot, writeLog } from './logs.js'
import { tempDir } from './tempDir.js'

/** Every record of a namespace, read through the library. */
async function recordsOf(dir: string, ns: string): Promise<Uint8Array[]> {
  const log = await open({ dir, namespaces: [ns], readOnly: true })
  try {
    const { count } = await log.stats(ns)
    const stream = log.stream(ns, 0)
    const records: Uint8Array[] = []
    for (let i = 0; i < count; i++) records.push((await stream.next()).data)
    stream.done()
    return records
  } finally {
    await log.close()
  }
}

test('export writes JSON lines that import appends back, byte for byte, binary records too', async () => {
  const root = tempDir()
  const from = join(root, 'from')
  const records = ['hello', new Uint8Array([0, 1, 254, 255]), '', 'ünïcode ✓', '{"nested":"json"}']
  await writeLog(from, 'events', records)
  const exported = await immuta(['export', from, 'events'])
  expect(exported).toMatchObject({ code: 0, stderr: '' })
  expect(linesOf(exported.stdout).map((line) => JSON.parse(line).seq)).toEqual([0, 1, 2, 3, 4])
  expect(exported.stdout).toEqual((await immuta(['cat', from, 'events', '--format', 'json'])).stdout)

  const to = join(root, 'to')
  const imported = await immuta(['import', to, 'copy'], { input: exported.stdout })
  expect(imported).toMatchObject({ code: 0, stderr: '' })
  expect(imported.stdout.toString()).toBe('imported 5 records into copy\n')
  const expected = records.map((record) => (typeof record === 'string' ? new TextEncoder().encode(record) : record))
  expect(await recordsOf(to, 'copy')).toEqual(expected)
})

test('export --from --count', async () => {
  const dir = join(tempDir(), 'logs')
  await writeLog(dir, 'events', numbered(6))
  const run = await immuta(['export', dir, 'events', '--from', '2', '--count', '2'])
  expect(linesOf(run.stdout).map((line) => JSON.parse(line))).toEqual([
    { seq: 2, index: 48, size: 8, data: 'record 2', encoding: 'utf8' },
    { seq: 3, index: 64, size: 8, data: 'record 3', encoding: 'utf8' },
  ])
})

test('import reads a file, appends after what is there, and skips empty lines', async () => {
  const root = tempDir()
  const dir = join(root, 'logs')
  await writeLog(dir, 'events', ['already there'])
  const file = join(root, 'in.jsonl')
  writeFileSync(file, '{"data":"one"}\n\n{"data":"dHdv","encoding":"base64"}\r\n{"data":"three","seq":99}\n')
  const run = await immuta(['import', dir, 'events', file])
  expect(run).toMatchObject({ code: 0, stderr: '' })
  expect((await recordsOf(dir, 'events')).map((record) => new TextDecoder().decode(record))).toEqual(['already there', 'one', 'two', 'three'])
})

test('import commits in transactions of --batch records: a bad line stops it, the lines before it stay', async () => {
  const dir = join(tempDir(), 'logs')
  const lines = [...numbered(5).map((data) => JSON.stringify({ data })), '{"data": not json', JSON.stringify({ data: 'after' })]
  const run = await immuta(['import', dir, 'events', '--batch', '2'], { input: `${lines.join('\n')}\n` })
  expect(run.code).toBe(1)
  expect(run.stderr).toBe('immuta import: line 6: not valid JSON; the 5 records before it were imported\n')
  expect((await recordsOf(dir, 'events')).map((record) => new TextDecoder().decode(record))).toEqual(numbered(5))
})

test.each([
  ['an array', '[1]', 'not a JSON object'],
  ['no data', '{"text":"x"}', '"data" is missing or not a string'],
  ['an unknown encoding', '{"data":"x","encoding":"hex"}', '"encoding" must be "utf8" or "base64", not "hex"'],
  ['bad base64', '{"data":"ab$d","encoding":"base64"}', '"data" is not valid base64'],
])('import refuses a line with %s, naming the line', async (_, line, why) => {
  const dir = join(tempDir(), 'logs')
  const run = await immuta(['import', dir, 'events'], { input: `{"data":"ok"}\n${line}\n` })
  expect(run).toMatchObject({ code: 1, stderr: `immuta import: line 2: ${why}; the 1 records before it were imported\n` })
})

test('import beside a writer in another process is refused with LOCKED, one line, exit 1, nothing written', async () => {
  const dir = join(tempDir(), 'logs')
  const writer = await open({ dir, namespaces: ['events'] })
  try {
    await writer.append('events', 'the writer')
    const before = snapshot(dir)
    const run = await immuta(['import', dir, 'events'], { input: '{"data":"intruder"}\n' })
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^immuta import: LOCKED: .* is locked by process \d+\n$/)
    expect(run.stdout.length).toBe(0)
    expect(snapshot(dir)).toEqual(before)
    expect((await writer.stats('events')).count).toBe(1)
  } finally {
    await writer.close()
  }
})

test('import of a file that does not exist creates nothing', async () => {
  const root = tempDir()
  const run = await immuta(['import', join(root, 'logs'), 'events', join(root, 'missing.jsonl')])
  expect(run.code).toBe(1)
  expect(run.stderr).toMatch(/^immuta import: ENOENT: no such file or directory/)
  expect(snapshot(root)).toEqual(new Map())
})

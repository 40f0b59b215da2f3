import { execFileSync, spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { checksum } from '@immuta/transformers'
import { expect, test } from 'vitest'
import { flipByte, setU64 } from './corrupt.js'
import { BIN, cleanEnv, immuta } from './immuta.js'
import { linesOf, numbered, writeLog } from './logs.js'
import { tempDir } from './tempDir.js'

test('verify of a sound log: one line per namespace, exit 0', async () => {
  const dir = join(tempDir(), 'logs')
  await writeLog(dir, 'events', numbered(5))
  await writeLog(dir, 'audit', numbered(2))
  const run = await immuta(['verify', dir])
  expect(run).toMatchObject({ code: 0, stderr: '' })
  expect(linesOf(run.stdout)).toEqual(['audit: ok, 2 records, 48 bytes', 'events: ok, 5 records, 96 bytes'])
})

test('verify of a log whose record chain is broken: file, offset and reason, exit 1', async () => {
  const dir = join(tempDir(), 'logs')
  await writeLog(dir, 'events', numbered(5)) // records of 16 bytes from offset 16
  await writeLog(dir, 'audit', numbered(2))
  setU64(join(dir, 'events.log'), 48, 1000) // the size field of record 2
  const run = await immuta(['verify', dir])
  expect(run.code).toBe(1)
  expect(linesOf(run.stdout)).toEqual([
    'audit: ok, 2 records, 48 bytes',
    'events: CORRUPT events.log at offset 48 (the record at 48 runs past the committed end (96))',
  ])
  expect(run.stderr).toBe('immuta verify: 1 of 2 namespaces failed verification\n')
  const json = await immuta(['verify', dir, 'events', '--json'])
  expect(json.code).toBe(1)
  expect(JSON.parse(json.stdout.toString())).toEqual([
    { ok: false, namespace: 'events', file: 'events.log', offset: 48, reason: 'the record at 48 runs past the committed end (96)' },
  ])
})

test('verify of a header that cannot be right (open refuses it) is reported the same way', async () => {
  const dir = join(tempDir(), 'logs')
  await writeLog(dir, 'events', numbered(2))
  setU64(join(dir, 'events.log'), 8, 9999)
  const run = await immuta(['verify', dir, 'events'])
  expect(run.code).toBe(1)
  expect(run.stdout.toString()).toBe('events: CORRUPT events.log at offset 8 (the last offset 9999 is past the end of the file (48 bytes))\n')
})

test('verify --transform finds the record whose checksum fails, by seq and offset', async () => {
  const dir = join(tempDir(), 'logs')
  await writeLog(dir, 'events', numbered(5), checksum()) // records of 8 + 4 + 8 bytes: 20 bytes each
  flipByte(join(dir, 'events.log'), 16 + 3 * 20 + 8 + 4 + 2) // a data byte of record 3
  expect((await immuta(['verify', dir])).code).toBe(0) // the chain itself is sound
  const run = await immuta(['verify', dir, '--transform', '--checksum'])
  expect(run.code).toBe(1)
  expect(run.stdout.toString()).toMatch(/^events: CORRUPT events\.log at offset 76 \(record 3, TRANSFORM_FAILED: verifyChecksum: .*\)\n$/)
  const json = await immuta(['verify', dir, '--transform', '--checksum', '--json'])
  expect(JSON.parse(json.stdout.toString())).toEqual([
    expect.objectContaining({ ok: false, namespace: 'events', file: 'events.log', offset: 76, seq: 3 }),
  ])
})

test('verify --transform of a sound log walks every record through the transform', async () => {
  const dir = join(tempDir(), 'logs')
  await writeLog(dir, 'events', numbered(50), checksum())
  const run = await immuta(['verify', dir, '--transform', '--checksum'])
  expect(run).toMatchObject({ code: 0, stderr: '' })
  expect(run.stdout.toString()).toBe('events: ok, 50 records, 1056 bytes\n')
})

/** Runs verify in a pseudo-terminal (util-linux `script`): stdout and stderr are both a TTY. */
function verifyOnTerminal(dir: string, env: NodeJS.ProcessEnv): string {
  const command = `${process.execPath} ${BIN} verify ${dir} --transform --checksum`
  return execFileSync('script', ['-qec', command, '/dev/null'], { env: cleanEnv({ TERM: 'xterm', IMMUTA_PROGRESS_DELAY_MS: '0', ...env }) }).toString()
}

test('on a terminal verify draws a progress bar; with NO_COLOR, or on a pipe, no escape code at all', async () => {
  const dir = join(tempDir(), 'logs')
  await writeLog(dir, 'events', numbered(200), checksum())
  const terminal = verifyOnTerminal(dir, {})
  expect(terminal).toContain('verify [')
  expect(terminal).toContain('\x1b[')
  expect(terminal).toContain('events: ok, 200 records')
  const noColor = verifyOnTerminal(dir, { NO_COLOR: '1' })
  expect(noColor).toContain('events: ok, 200 records')
  expect(noColor).not.toContain('\x1b')
  expect(noColor).not.toContain('verify [')
  const piped = spawnSync(process.execPath, [BIN, 'verify', dir, '--transform', '--checksum'], { env: cleanEnv({ TERM: 'xterm', IMMUTA_PROGRESS_DELAY_MS: '0' }) })
  expect(piped.status).toBe(0)
  expect(`${piped.stdout}${piped.stderr}`).not.toContain('\x1b')
  expect(piped.stderr.toString()).toBe('')
})

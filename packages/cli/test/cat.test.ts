import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { open } from '@immuta/node-fs'
import { expect, test } from 'vitest'
import { BIN, cleanEnv, immuta, startImmuta } from './immuta.js'
import { linesOf, numbered, writeLog } from './logs.js'
import { tempDir } from './tempDir.js'

const BINARY = new Uint8Array([0x00, 0xff, 0x10, 0x80])

async function mixedLog(): Promise<string> {
  const dir = join(tempDir(), 'logs')
  await writeLog(dir, 'events', ['hello', 'héllo wörld', BINARY, '{"type":"signup"}'])
  return dir
}

test('cat prints every record in order, each record and a newline (text, the default)', async () => {
  const dir = await mixedLog()
  const run = await immuta(['cat', dir, 'events'])
  expect(run).toMatchObject({ code: 0, stderr: '' })
  expect(run.stdout).toEqual(Buffer.concat([Buffer.from('hello\nhéllo wörld\n'), BINARY, Buffer.from('\n{"type":"signup"}\n')]))
  expect((await immuta(['cat', dir, 'events', '--format', 'text'])).stdout).toEqual(run.stdout)
})

test('cat --format json: seq, index, size, data as text when UTF-8, else base64', async () => {
  const dir = await mixedLog()
  const run = await immuta(['cat', dir, 'events', '--format', 'json'])
  expect(run.code).toBe(0)
  expect(linesOf(run.stdout).map((line) => JSON.parse(line))).toEqual([
    { seq: 0, index: 16, size: 5, data: 'hello', encoding: 'utf8' },
    { seq: 1, index: 29, size: 13, data: 'héllo wörld', encoding: 'utf8' },
    { seq: 2, index: 50, size: 4, data: 'AP8QgA==', encoding: 'base64' },
    { seq: 3, index: 62, size: 17, data: '{"type":"signup"}', encoding: 'utf8' },
  ])
})

test('cat --format hex and --format base64: one line per record', async () => {
  const dir = await mixedLog()
  const hex = await immuta(['cat', dir, 'events', '--format', 'hex'])
  expect(linesOf(hex.stdout)).toEqual(['68656c6c6f', '68c3a96c6c6f2077c3b6726c64', '00ff1080', '7b2274797065223a227369676e7570227d'])
  const base64 = await immuta(['cat', dir, 'events', '--format=base64'])
  expect(linesOf(base64.stdout)).toEqual(['aGVsbG8=', 'aMOpbGxvIHfDtnJsZA==', 'AP8QgA==', 'eyJ0eXBlIjoic2lnbnVwIn0='])
})

test('cat --from N --count K prints the records with seq N to N+K-1, fewer at the end', async () => {
  const dir = join(tempDir(), 'logs')
  await writeLog(dir, 'events', numbered(10))
  expect(linesOf((await immuta(['cat', dir, 'events', '--from', '3', '--count', '2'])).stdout)).toEqual(['record 3', 'record 4'])
  expect(linesOf((await immuta(['cat', dir, 'events', '--from', '8', '--count', '5'])).stdout)).toEqual(['record 8', 'record 9'])
  expect(linesOf((await immuta(['cat', dir, 'events', '--from', '7'])).stdout)).toEqual(['record 7', 'record 8', 'record 9'])
  const past = await immuta(['cat', dir, 'events', '--from', '10'])
  expect(past).toMatchObject({ code: 0, stderr: '' })
  expect(past.stdout.length).toBe(0)
})

test('cat --follow prints a record that a writer in another process appends', async () => {
  const dir = join(tempDir(), 'logs')
  await writeLog(dir, 'events', numbered(2))
  const follower = startImmuta(['cat', dir, 'events', '--follow'])
  try {
    expect(await follower.lines(2)).toEqual(['record 0', 'record 1'])
    const writer = await open({ dir, namespaces: ['events'] })
    try {
      await writer.append('events', 'appended by another process')
      // A deadline, not a speed assertion: the follower polls every 250 ms and watches the file.
      expect(await follower.lines(3)).toEqual(['record 0', 'record 1', 'appended by another process'])
    } finally {
      await writer.close()
    }
    expect(follower.stderr()).toBe('')
  } finally {
    await follower.stop()
  }
})

test('cat --follow --count K stops after K records, waiting for the last ones', async () => {
  const dir = join(tempDir(), 'logs')
  await writeLog(dir, 'events', numbered(1))
  const follower = startImmuta(['cat', dir, 'events', '--follow', '--from', '0', '--count', '2', '--format', 'json'])
  const exited = new Promise<number | null>((resolve) => follower.process.on('close', resolve))
  try {
    expect((await follower.lines(1)).map((line) => JSON.parse(line).data)).toEqual(['record 0'])
    await writeLog(dir, 'events', ['late'])
    expect(await exited).toBe(0)
    expect((await follower.lines(2)).map((line) => JSON.parse(line).data)).toEqual(['record 0', 'late'])
  } finally {
    await follower.stop()
  }
})

test('immuta cat ... | head -n 3 exits 0 without a word on stderr (EPIPE)', async () => {
  const dir = join(tempDir(), 'logs')
  await writeLog(dir, 'events', numbered(30_000)) // far more than a pipe buffer holds
  const script = `"${process.execPath}" "${BIN}" cat "${dir}" events | head -n 3; echo "status \${PIPESTATUS[0]}"`
  const run = spawnSync('bash', ['-c', script], { env: cleanEnv() })
  expect(run.stdout.toString()).toBe('record 0\nrecord 1\nrecord 2\nstatus 0\n')
  expect(run.stderr.toString()).toBe('')
})

test('a follower whose reader goes away exits 0 at its next record', async () => {
  const dir = join(tempDir(), 'logs')
  await writeLog(dir, 'events', numbered(1))
  const follower = startImmuta(['tail', dir, 'events', '-f'])
  const exited = new Promise<number | null>((resolve) => follower.process.on('close', resolve))
  try {
    await follower.lines(1)
    follower.process.stdout?.destroy()
    await writeLog(dir, 'events', ['nobody reads this'])
    expect(await exited).toBe(0)
    expect(follower.stderr()).toBe('')
  } finally {
    await follower.stop()
  }
})

import { join } from 'node:path'
import { expect, test } from 'vitest'
import { open } from '../src/index.js'
import { kill, runFixture } from './child.js'
import { payload } from './fixtures/payload.mjs'
import { tempDir } from './tempDir.js'

const RECORDS = 40

/**
 * A follower process tails a log while a writer process appends to it. Both are real processes
 * over real files; the only link between them is the log folder.
 */
async function followWriter(events: 'events' | 'poll'): Promise<void> {
  const dir = join(tempDir(), 'log')
  // A follower never creates files, so the log exists (empty) before it starts.
  await (await open({ dir, namespaces: ['events'] })).close()
  const follower = runFixture('follower.mjs', [dir, events, String(RECORDS)])
  try {
    expect(await follower.nextLine()).toBe('ready')
    const writer = runFixture('pacedWriter.mjs', [dir, String(RECORDS)])
    for (let seq = 0; seq < RECORDS; seq++) {
      // No deadline here: the test's timeout is the generous bound on "within about pollInterval".
      expect(await follower.nextLine()).toBe(`rec ${seq} ${payload(seq)}`)
    }
    expect(await writer.exited).toEqual({ code: 0, signal: null })
    expect(await follower.exited).toEqual({ code: 0, signal: null })
  } finally {
    await kill(follower)
  }
}

test('a follower process sees every record a writer process commits, woken by file events', () =>
  followWriter('events'))

test('a follower process sees every record a writer process commits with file events off (polling alone)', () =>
  followWriter('poll'))

test('a follower opened while a writer holds the lock takes no lock and never writes', async () => {
  const dir = join(tempDir(), 'log')
  const writer = await open({ dir, namespaces: ['events'] })
  await writer.append('events', payload(0))
  const follower = await open({ dir, namespaces: ['events'], readOnly: true, pollInterval: 20 })
  const stream = follower.stream('events', 0)
  expect(decode((await stream.next()).data)).toBe(payload(0))
  await writer.append('events', payload(1))
  expect(decode((await stream.next()).data)).toBe(payload(1))
  await expect(follower.append('events', 'x')).rejects.toMatchObject({ code: 'READ_ONLY' })
  await follower.close()
  expect((await writer.stats('events')).count).toBe(2)
  await writer.close()
})

function decode(data: Uint8Array): string {
  return new TextDecoder().decode(data)
}

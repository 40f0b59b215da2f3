import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { ImmutaError } from '@immuta/core'
import { expect, test } from 'vitest'
import { open } from '../src/index.js'
import { runFixture } from './child.js'
import { tempDir } from './tempDir.js'

test('open passes every option through to Immuta.open', async () => {
  const dir = join(tempDir(), 'log')
  const upper = (data: Uint8Array): Uint8Array => data.map((b) => (b >= 97 && b <= 122 ? b - 32 : b))
  const lower = (data: Uint8Array): Uint8Array => data.map((b) => (b >= 65 && b <= 90 ? b + 32 : b))
  const log = await open({ dir, namespaces: ['a', 'b'], fastWrite: false, readerCount: 2, writeTransform: upper, readTransform: lower })
  expect(log.namespaces).toEqual(['a', 'b'])
  await log.append('b', 'quiet')
  const record = await log.stream('b', 0).next()
  expect(new TextDecoder().decode(record.data)).toBe('quiet')
  await log.close()
  // The write transform reached the file: the stored bytes are upper case.
  expect(readFileSync(join(dir, 'b.log')).subarray(24).toString()).toBe('QUIET')
  await expect(open({ dir, namespaces: ['a'], readerCount: 0 })).rejects.toMatchObject({ code: 'READER_COUNT_INVALID' })
})

test('a second open of the same folder is LOCKED until the first closes', async () => {
  const dir = join(tempDir(), 'log')
  const first = await open({ dir, namespaces: ['e'] })
  await expect(open({ dir, namespaces: ['e'] })).rejects.toMatchObject({ code: 'LOCKED' })
  const follower = await open({ dir, namespaces: ['e'], readOnly: true })
  await follower.close()
  await first.close()
  await (await open({ dir, namespaces: ['e'] })).close()
})

test("dir defaults to './logs' in the working directory", async () => {
  const cwd = tempDir()
  const dist = pathToFileURL(new URL('../dist/index.js', import.meta.url).pathname).href
  const script = join(cwd, 'default.mjs')
  writeFileSync(script, `import { open } from '${dist}'\nawait (await open({ namespaces: ['e'] })).close()\nconsole.log('done')\n`)
  const child = runFixture(script, [], { cwd })
  expect(await child.nextLine()).toBe('done')
  expect(existsSync(join(cwd, 'logs', 'e.log'))).toBe(true)
})

test('open() with no options rejects with an ImmutaError, not a TypeError', async () => {
  const opened = (open as (options?: unknown) => Promise<unknown>)()
  await expect(opened).rejects.toBeInstanceOf(ImmutaError)
  await expect(opened).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
})

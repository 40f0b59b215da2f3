import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterEach, beforeEach, expect, it } from 'vitest'

const script = fileURLToPath(new URL('../index.mjs', import.meta.url))
let cwd: string

beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'immuta-example-follower-'))
})
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true })
})

const start = async (): Promise<string[]> => (await promisify(execFile)(process.execPath, [script], { cwd })).stdout.split('\n')

// The two processes print concurrently: each one's lines are in order, the interleaving is not.
const linesOf = (lines: string[], who: string): string[] => lines.filter((line) => line.startsWith(`${who}:`))

it('the follower process sees every order the writer process appends, in order, and then exits', async () => {
  const lines = await start()
  expect(linesOf(lines, 'follower')).toEqual([
    'follower: saw order 0 (tea)',
    'follower: saw order 1 (scones)',
    'follower: saw order 2 (jam)',
  ])
  expect(linesOf(lines, 'writer')).toEqual([
    'writer:   appended order 0 (tea)',
    'writer:   appended order 1 (scones)',
    'writer:   appended order 2 (jam)',
    'writer:   the follower exited with code 0',
  ])
  expect(lines.length).toBe(8) // seven lines and the final newline: nothing else was printed
})

it('a second run follows only the new records: the follower starts at the end of the log', async () => {
  await start()
  expect(linesOf(await start(), 'follower')).toEqual([
    'follower: saw order 4 (tea)',
    'follower: saw order 5 (scones)',
    'follower: saw order 6 (jam)',
  ])
})

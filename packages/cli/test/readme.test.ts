import { spawnSync } from 'node:child_process'
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { BIN, cleanEnv } from './immuta.js'

/** A terminal session of the README: a `text` block whose first line is a `$` command. */
interface Session {
  line: number
  steps: Array<{ command: string; output: string }>
}

function sessionsOf(markdown: string): Session[] {
  const sessions: Session[] = []
  const blocks = markdown.matchAll(/^```text\n([\s\S]*?)^```$/gm)
  for (const block of blocks) {
    const body = block[1] ?? ''
    if (!body.startsWith('$ ')) continue
    const steps: Session['steps'] = []
    for (const line of body.split('\n').slice(0, -1)) {
      if (line.startsWith('$ ')) steps.push({ command: line.slice(2), output: '' })
      else if (steps.length > 0) (steps.at(-1) as { output: string }).output += `${line}\n`
    }
    sessions.push({ line: markdown.slice(0, block.index).split('\n').length, steps })
  }
  return sessions
}

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
const sessions = sessionsOf(readme)

test('the README has a terminal session for every command', () => {
  const commands = sessions.flatMap((session) => session.steps.map((step) => step.command))
  for (const name of ['stats', 'verify', 'cat', 'tail', 'get', 'export', 'import']) {
    expect(commands.some((command) => command.startsWith(`immuta ${name} `)), name).toBe(true)
  }
})

/**
 * Every session runs, in order, in one folder (each builds on the ones before), with `immuta`
 * on the PATH as the built binary. Output is stdout and stderr as a terminal shows them, and
 * `echo $?` shows the status of the command before it.
 */
describe('README sessions print what they show', () => {
  // One folder for all the sessions, so not tempDir(), which is removed after each test.
  const root = mkdtempSync(join(tmpdir(), 'immuta-cli-readme-'))
  const cwd = join(root, 'session')
  let env: NodeJS.ProcessEnv = {}
  afterAll(() => rmSync(root, { recursive: true, force: true }))
  beforeAll(() => {
    const bin = join(root, 'bin')
    mkdirSync(cwd)
    mkdirSync(bin)
    copyFileSync(new URL('./fixtures/events.jsonl', import.meta.url), join(cwd, 'events.jsonl'))
    writeFileSync(join(bin, 'immuta'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`)
    chmodSync(join(bin, 'immuta'), 0o755)
    env = cleanEnv({ PATH: `${bin}:${process.env.PATH}` })
  })

  for (const session of sessions) {
    test(`the session at README.md line ${session.line}`, () => {
      let status = 0
      for (const { command, output } of session.steps) {
        // `(exit N)` hands the previous command's status on, for a session's `echo $?`.
        const run = spawnSync('bash', ['-c', `(exit ${status}); ${command} 2>&1`], { cwd, env })
        expect(run.stdout.toString(), `$ ${command}`).toBe(output)
        status = run.status ?? 1
      }
    })
  }
})

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { immuta } from './immuta.js'
import { numbered, writeLog } from './logs.js'
import { tempDir } from './tempDir.js'

const COMMANDS = ['stats', 'verify', 'cat', 'tail', 'get', 'export', 'import']

test('immuta --help lists every command and the exit codes', async () => {
  const run = await immuta(['--help'])
  expect(run.code).toBe(0)
  const help = run.stdout.toString()
  for (const command of COMMANDS) expect(help).toMatch(new RegExp(`^  ${command} `, 'm'))
  expect(help).toContain('Exit codes: 0 ok, 1 verify found corruption or the operation failed, 2 usage error')
  expect(run.stderr).toBe('')
})

test('immuta --version prints the version of package.json', async () => {
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  const run = await immuta(['--version'])
  expect(run).toMatchObject({ code: 0, stderr: '' })
  expect(run.stdout.toString()).toBe(`${version}\n`)
})

describe.each(COMMANDS)('immuta %s --help', (command) => {
  test('prints its usage and exits 0, whatever else the line holds', async () => {
    const run = await immuta([command, '--help'])
    expect(run.code).toBe(0)
    expect(run.stdout.toString()).toMatch(new RegExp(`^Usage: immuta ${command} `))
    expect((await immuta(['help', command])).stdout).toEqual(run.stdout)
    expect((await immuta([command, '-h'])).stdout).toEqual(run.stdout)
  })
})

describe('bad arguments: one line on stderr, exit 2, nothing on stdout', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['no command', [], /a command is required/],
    ['an unknown command', ['frobnicate', 'logs'], /unknown command "frobnicate"/],
    ['an unknown option before the command', ['--frob'], /unknown option "--frob"/],
    ['an unknown option of a command', ['cat', 'logs', 'events', '--frob'], /Unknown option '--frob'/],
    ['an unknown short option', ['tail', 'logs', 'events', '-x'], /Unknown option '-x'/],
    ['a missing namespace', ['cat', 'logs'], /too few arguments: immuta cat <dir> <ns>/],
    ['an extra argument', ['get', 'logs', 'events', '1', '2'], /unexpected argument "2"/],
    ['an option without its value', ['cat', 'logs', 'events', '--from'], /--from/],
    ['a flag given a value', ['cat', 'logs', 'events', '--follow=yes'], /--follow/],
    ['a bad --format', ['cat', 'logs', 'events', '--format', 'xml'], /--format must be one of text, json, hex, base64, not "xml"/],
    ['a negative --from', ['cat', 'logs', 'events', '--from', '-1'], /--from/],
    ['a --count that is not a number', ['cat', 'logs', 'events', '--count', 'ten'], /--count must be a whole number/],
    ['a seq that is not a number', ['get', 'logs', 'events', 'first'], /<seq> must be a whole number/],
    ['a --batch of 0', ['import', 'logs', 'events', '--batch', '0'], /--batch must be a whole number of at least 1/],
    ['a missing key file', ['cat', 'logs', 'events', '--decrypt-key-file', '/nonexistent/key'], /--decrypt-key-file \/nonexistent\/key: ENOENT/],
    ['--transform without a transform', ['verify', 'logs', '--transform'], /--transform needs a transform/],
    ['a transform flag without --transform', ['verify', 'logs', '--checksum'], /take effect with --transform/],
    ['help for an unknown command', ['help', 'frobnicate'], /unknown command "frobnicate"/],
  ]
  test.each(cases)('%s', async (_, args, message) => {
    const dir = tempDir()
    await writeLog(join(dir, 'logs'), 'events', numbered(1))
    const run = await immuta(args.map((arg) => (arg === 'logs' ? join(dir, 'logs') : arg)))
    expect(run.code).toBe(2)
    expect(run.stdout.length).toBe(0)
    expect(run.stderr).toMatch(message)
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(run.stderr).toMatch(/^immuta( \w+)?: /)
  })
})

test('a key file of the wrong length is a usage error that says what it holds', async () => {
  const dir = tempDir()
  const key = join(dir, 'key')
  await import('node:fs/promises').then((fs) => fs.writeFile(key, 'not a key\n'))
  const run = await immuta(['cat', join(dir, 'logs'), 'events', '--decrypt-key-file', key])
  expect(run.code).toBe(2)
  expect(run.stderr).toContain('holds 10 bytes, not 32 raw bytes or 64 hex characters')
})

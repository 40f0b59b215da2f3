import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'tsdown'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('..', import.meta.url))
const fixture = fileURLToPath(new URL('./fixtures/waitForMessage.mjs', import.meta.url))
let dist = ''

/** Runs the fixture in a real `node` process: what it printed, and how it ended. */
function run(mode: string): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fixture, dist, mode], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
    })
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString()
    })
    child.on('error', reject)
    child.on('exit', (code) => resolve({ code, out: out.trim(), err }))
  })
}

// Plain `node` cannot load TypeScript: the fixture imports a build of this package's sources,
// made in a folder of its own so that the package's `dist`, which other packages' tests use, is
// never rebuilt under them.
beforeAll(async () => {
  dist = await mkdtemp(join(tmpdir(), 'immuta-core-build-'))
  await build({ cwd: root, entry: ['src/index.ts'], format: 'esm', platform: 'neutral', dts: false, outDir: dist, logLevel: 'warn', config: false })
}, 60_000)

afterAll(async () => {
  if (dist) await rm(dist, { recursive: true, force: true })
})

describe('a pending wait and the process', () => {
  it('keeps the process alive: next({ signal: AbortSignal.timeout() }) rejects with its TimeoutError (not exit 13)', async () => {
    const { code, out, err } = await run('timeout')
    expect({ code, out }, err).toEqual({ code: 0, out: 'TimeoutError' })
  })

  it('a done stream keeps nothing alive: the process ends with the log still open', async () => {
    const { code, out, err } = await run('done')
    expect({ code, out }, err).toEqual({ code: 0, out: 'STORAGE_CLOSED' })
  })

  it('keeps the process alive while a wait for the writer is bounded by a signal: a nested transaction ends in its TimeoutError', async () => {
    const { code, out, err } = await run('nested')
    expect({ code, out }, err).toEqual({ code: 0, out: 'TimeoutError' })
  })

  it('a closed log keeps nothing alive', async () => {
    const { code, out, err } = await run('closed')
    expect({ code, out }, err).toEqual({ code: 0, out: 'STORAGE_CLOSED' })
  })
})

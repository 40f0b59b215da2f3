import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { nodeFs } from '@immuta/node-fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { nodeFsChecks, withoutFfiChecks } from '../src/nodeFsScenario.ts'
import type { ScenarioReport } from '../src/runChecks.ts'
import type { Check } from '../src/scenario.ts'

const packageDir = fileURLToPath(new URL('..', import.meta.url))
const bin = (name: string): string => fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url))

// One temp folder for every run. This Node process holds the writer lock of `held` for the
// whole file, so each runtime meets a lock held by another process: the case where Bun used to
// abort and Deno could not load the lock addon.
const tmp = mkdtempSync(join(tmpdir(), 'immuta-runtimes-'))
const held = join(tmp, 'held')
const nodeLock = nodeFs(held).lock()
afterAll(() => {
  nodeLock.release()
  rmSync(tmp, { recursive: true, force: true })
})

function folders(runtime: string): string[] {
  return [mkdtempSync(join(tmp, `${runtime}-`)), held, String(process.pid)]
}

// Deno gets exactly what node-fs needs: read and write on the temp folder (the log's files,
// LOCK, fs.watch), and FFI for the writer lock (fcntl in libc; Deno can scope FFI only to a
// library path, and libc's differs between distributions). Without --allow-ffi a writer is
// refused with IO_ERROR; that run gets read and write only.
const deno = (permissions: string[]): string[] => [
  bin('deno'),
  'run',
  '--no-lock',
  '--node-modules-dir=manual',
  '--no-prompt',
  ...permissions,
  'src/nodeFsRun.ts',
]
const runs: { name: string; version: string; command: string[]; checks: (dirs: string[]) => Check[] }[] = [
  { name: 'bun', version: '1.4.4', command: [bin('bun'), 'src/nodeFsRun.ts'], checks: () => allChecks },
  { name: 'deno', version: '2.9.6', command: deno([`--allow-read=${tmp}`, `--allow-write=${tmp}`, '--allow-ffi']), checks: () => allChecks },
  {
    name: 'deno',
    version: '2.9.6',
    command: [...deno([`--allow-read=${tmp}`, `--allow-write=${tmp}`]), '--without-ffi'],
    checks: () => withoutFfi,
  },
]
const allChecks = nodeFsChecks({ fresh: '', held: '', holderPid: 0 })
const withoutFfi = withoutFfiChecks({ fresh: '', held: '', holderPid: 0 })

function runProgram(command: readonly string[]): Promise<{ report: ScenarioReport | undefined; output: string; exit: number | string }> {
  const [file, ...args] = command as [string, ...string[]]
  return new Promise((resolve) => {
    execFile(file, args, { cwd: packageDir, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      const line = stdout.split('\n').find((l) => l.startsWith('SCENARIO_RESULT '))
      const report = line ? (JSON.parse(line.slice('SCENARIO_RESULT '.length)) as ScenarioReport) : undefined
      const exit = error ? (error.signal ?? (typeof error.code === 'number' ? error.code : 1)) : 0
      resolve({ report, output: `${stdout}\n${stderr}`, exit })
    })
  })
}

for (const runtime of runs) {
  const label = `${runtime.name}${runtime.command.includes('--without-ffi') ? ' without --allow-ffi' : ''}`
  describe(`@immuta/node-fs in ${label}`, () => {
    let run: Awaited<ReturnType<typeof runProgram>>
    const checks = runtime.checks([])
    beforeAll(async () => {
      run = await runProgram([...runtime.command, ...folders(runtime.name)])
    })

    it(`runs every check to the end in ${runtime.name} ${runtime.version}, no crash`, () => {
      expect(run.report, run.output).toBeDefined()
      expect(run.exit, run.output).toBe(0)
      expect(run.report?.runtime).toBe(runtime.name)
      expect(run.report?.version).toBe(runtime.version)
      expect(run.report?.results.map((r) => r.name)).toEqual(checks.map((c) => c.name))
    })

    for (const check of checks) {
      it(check.name, () => {
        const result = run.report?.results.find((r) => r.name === check.name)
        expect(result, `${check.name} did not run in ${label}:\n${run.output}`).toBeDefined()
        expect(result?.ok, result?.error).toBe(true)
      })
    }
  })
}

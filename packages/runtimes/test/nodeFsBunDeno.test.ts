import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { nodeFs } from '@immuta/node-fs'
import { afterAll } from 'vitest'
import { nodeFsChecks, withoutFfiChecks } from '../src/nodeFsScenario.ts'
import type { Check } from '../src/scenario.ts'
import { bin, describeRun, installed, type RuntimeRun } from './runtimeRuns.ts'

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
// The checks' names, for the tests; each run makes its own with the folders it is given.
const allChecks = nodeFsChecks({ fresh: '', held: '', holderPid: 0 })
const withoutFfi = withoutFfiChecks({ fresh: '', held: '', holderPid: 0 })
const runs: (RuntimeRun & { checks: Check[] })[] = [
  { name: 'bun', version: '1.4.4', command: [bin('bun'), 'src/nodeFsRun.ts'], checks: allChecks },
  { name: 'deno', version: '2.9.6', command: deno([`--allow-read=${tmp}`, `--allow-write=${tmp}`, '--allow-ffi']), checks: allChecks },
  {
    name: 'deno',
    version: '2.9.6',
    command: [...deno([`--allow-read=${tmp}`, `--allow-write=${tmp}`]), '--without-ffi'],
    checks: withoutFfi,
  },
]

for (const run of runs.filter(installed)) {
  const label = `@immuta/node-fs in ${run.name}${run.command.includes('--without-ffi') ? ' without --allow-ffi' : ''}`
  describeRun(label, { ...run, command: [...run.command, ...folders(run.name)] }, run.checks)
}

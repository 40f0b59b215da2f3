import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { runtimeAvailable } from '../../../scripts/runtimes.mjs'
import type { ScenarioReport } from '../src/runChecks.ts'
import type { Check } from '../src/scenario.ts'

// What both Bun/Deno suites share: where the runtimes are, how a run is started and read back,
// and the tests made from one run's report (one test for the whole run, one per check).

const packageDir = fileURLToPath(new URL('..', import.meta.url))

/** A runtime binary that `pnpm install` put in this package's node_modules/.bin. */
export const bin = (name: string): string => fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url))

/** A run of a program in a runtime: `command[0]` is the runtime's binary. */
export interface RuntimeRun {
  name: 'bun' | 'deno'
  version: string
  command: readonly string[]
}

/**
 * Whether a run's runtime is installed. Both come from npm with `pnpm install`; where one is
 * missing (an install without its install script), its suite is left out with one line saying
 * so, and that is a failure under IMMUTA_REQUIRE_RUNTIMES=1.
 */
export function installed(run: RuntimeRun): boolean {
  const binary = run.command[0] as string
  return runtimeAvailable(binary, `the ${run.name} suite of @immuta/runtimes`, `pnpm install fetches it: npm package ${run.name}`)
}

interface Outcome {
  report: ScenarioReport | undefined
  output: string
  exit: number | string
}

/** Runs a program and reads the `SCENARIO_RESULT` line it prints. */
function runProgram(command: readonly string[]): Promise<Outcome> {
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

/** One describe per run: the run ends cleanly and reports every check, and each check passed. */
export function describeRun(label: string, run: RuntimeRun, checks: readonly Check[]): void {
  describe(label, () => {
    let outcome: Outcome
    beforeAll(async () => {
      outcome = await runProgram(run.command)
    })

    it(`runs every check to the end in ${run.name} ${run.version}, no crash`, () => {
      expect(outcome.report, outcome.output).toBeDefined()
      expect(outcome.exit, outcome.output).toBe(0)
      expect(outcome.report?.runtime).toBe(run.name)
      expect(outcome.report?.version).toBe(run.version)
      expect(outcome.report?.results.map((r) => r.name)).toEqual(checks.map((c) => c.name))
    })

    for (const check of checks) {
      it(check.name, () => {
        const result = outcome.report?.results.find((r) => r.name === check.name)
        expect(result, `${check.name} did not run in ${label}:\n${outcome.output}`).toBeDefined()
        expect(result?.ok, result?.error).toBe(true)
      })
    }
  })
}

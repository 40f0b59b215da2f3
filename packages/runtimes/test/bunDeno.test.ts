import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { runtimeAvailable } from '../../../scripts/runtimes.mjs'
import type { ScenarioReport } from '../src/run.ts'
import { checks } from '../src/scenario.ts'

const packageDir = fileURLToPath(new URL('..', import.meta.url))
const bin = (name: string): string => fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url))

// Each runtime runs src/run.ts with its own TypeScript support; the packages it imports resolve
// to their built dist through node_modules. Deno gets no permission at all: the log needs none,
// and memoryBackend comes from @immuta/testkit/backends, which imports no test runner.
// Both come from npm with `pnpm install`; where one is missing (an install without its install
// script), its suite is left out with one line saying so, a failure under IMMUTA_REQUIRE_RUNTIMES=1.
const runtimes = [
  { name: 'bun', version: '1.4.4', command: [bin('bun'), 'src/run.ts'] },
  {
    name: 'deno',
    version: '2.9.6',
    command: [bin('deno'), 'run', '--no-lock', '--node-modules-dir=manual', '--no-prompt', 'src/run.ts'],
  },
] as const

function runScenario(command: readonly string[]): Promise<{ report: ScenarioReport | undefined; output: string; exit: number }> {
  const [file, ...args] = command as [string, ...string[]]
  return new Promise((resolve) => {
    execFile(file, args, { cwd: packageDir, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      const line = stdout.split('\n').find((l) => l.startsWith('SCENARIO_RESULT '))
      const report = line ? (JSON.parse(line.slice('SCENARIO_RESULT '.length)) as ScenarioReport) : undefined
      const exit = error ? (typeof error.code === 'number' ? error.code : 1) : 0
      resolve({ report, output: `${stdout}\n${stderr}`, exit })
    })
  })
}

const installed = runtimes.filter((runtime) =>
  runtimeAvailable(runtime.command[0], `the ${runtime.name} suite of @immuta/runtimes`, `pnpm install fetches it: npm package ${runtime.name}`),
)

for (const runtime of installed) {
  describe(runtime.name, () => {
    let run: Awaited<ReturnType<typeof runScenario>>
    beforeAll(async () => {
      run = await runScenario(runtime.command)
    })

    it(`runs the scenario to the end in ${runtime.name} ${runtime.version}`, () => {
      expect(run.report, run.output).toBeDefined()
      expect(run.exit, run.output).toBe(0)
      expect(run.report?.runtime).toBe(runtime.name)
      expect(run.report?.version).toBe(runtime.version)
      expect(run.report?.results.map((r) => r.name)).toEqual(checks.map((c) => c.name))
    })

    for (const check of checks) {
      it(check.name, () => {
        const result = run.report?.results.find((r) => r.name === check.name)
        expect(result, `${check.name} did not run in ${runtime.name}:\n${run.output}`).toBeDefined()
        expect(result?.ok, result?.error).toBe(true)
      })
    }
  })
}

// Runs the scenario as a plain program, for runtimes without vitest (Bun, Deno):
//   bun src/run.ts
//   deno run --no-lock --node-modules-dir=manual src/run.ts
// Prints one line per check, then one line `SCENARIO_RESULT {json}` that test/bunDeno.test.ts
// reads. A failed check does not stop the others.
import { runChecks } from './runChecks.ts'
import { checks } from './scenario.ts'

export type { ScenarioReport } from './runChecks.ts'

await runChecks(checks)

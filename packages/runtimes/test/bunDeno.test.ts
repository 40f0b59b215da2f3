import { checks } from '../src/scenario.ts'
import { bin, describeRun, installed, type RuntimeRun } from './runtimeRuns.ts'

// Each runtime runs src/run.ts with its own TypeScript support; the packages it imports resolve
// to their built dist through node_modules. Deno gets no permission at all: the log needs none,
// and memoryBackend comes from @immuta/testkit/backends, which imports no test runner.
const runs: RuntimeRun[] = [
  { name: 'bun', version: '1.4.4', command: [bin('bun'), 'src/run.ts'] },
  {
    name: 'deno',
    version: '2.9.6',
    command: [bin('deno'), 'run', '--no-lock', '--node-modules-dir=manual', '--no-prompt', 'src/run.ts'],
  },
]

for (const run of runs.filter(installed)) describeRun(run.name, run, checks)

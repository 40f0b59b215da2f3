// Runs a list of checks as a plain program, for runtimes without vitest (Bun, Deno): prints one
// line per check, then one line `SCENARIO_RESULT {json}` that the Node tests read. A failed
// check does not stop the others.
import type { Check } from './scenario.ts'

export interface ScenarioReport {
  runtime: string
  version: string
  results: { name: string; ok: boolean; error?: string }[]
}

const host = globalThis as { Bun?: { version: string }; Deno?: { version: { deno: string } } }
const runtime = host.Bun ? 'bun' : host.Deno ? 'deno' : 'node'
const version = host.Bun?.version ?? host.Deno?.version.deno ?? (globalThis as { process?: { version: string } }).process?.version ?? '?'

export async function runChecks(checks: readonly Check[]): Promise<ScenarioReport> {
  const report: ScenarioReport = { runtime, version, results: [] }
  for (const check of checks) {
    try {
      await check.run()
      report.results.push({ name: check.name, ok: true })
      console.log(`ok    ${check.name}`)
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error)
      report.results.push({ name: check.name, ok: false, error: message })
      console.log(`FAIL  ${check.name}\n${message}`)
    }
  }
  const failed = report.results.filter((result) => !result.ok).length
  console.log(`${runtime} ${version}: ${report.results.length - failed} passed, ${failed} failed`)
  console.log(`SCENARIO_RESULT ${JSON.stringify(report)}`)
  return report
}

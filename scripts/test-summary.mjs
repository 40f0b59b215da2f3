// Sums the vitest JSON reports that `pnpm test` leaves in every workspace package and prints
// the one closing line CI reads: `N passed, N failed` (then skipped, if any).
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

const root = new URL('..', import.meta.url).pathname
let passed = 0
let failed = 0
let skipped = 0
let reports = 0
for (const group of ['packages', 'examples']) {
  const dir = join(root, group)
  if (!existsSync(dir)) continue
  for (const name of readdirSync(dir)) {
    const file = join(dir, name, 'test-results.json')
    if (!existsSync(file)) continue
    const report = JSON.parse(readFileSync(file, 'utf8'))
    reports++
    passed += report.numPassedTests
    failed += report.numFailedTests
    skipped += report.numPendingTests + report.numTodoTests
    if (!report.success && report.numFailedTests === 0) failed++ // a suite that failed to load
  }
}
if (reports === 0) {
  console.log('0 passed, 1 failed (no test report was found)')
  process.exit(1)
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
process.exit(failed === 0 ? 0 : 1)

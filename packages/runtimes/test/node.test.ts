import { it } from 'vitest'
import { checks } from '../src/scenario.ts'

// The same scenario in Node, the baseline: a check that fails here and in another runtime is a
// bug in the check or the packages; one that fails only elsewhere is a runtime difference.
for (const check of checks) it(check.name, () => check.run())

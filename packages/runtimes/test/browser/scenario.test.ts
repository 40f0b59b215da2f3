import { expect, it } from 'vitest'
import { checks } from '../../src/scenario.ts'

it('runs in headless Chromium, a browser with no Node globals', () => {
  expect(navigator.userAgent).toMatch(/HeadlessChrome\/\d+/)
  expect(typeof document.createElement).toBe('function')
  expect(typeof (globalThis as { Buffer?: unknown }).Buffer).toBe('undefined')
})

for (const check of checks) it(check.name, () => check.run())

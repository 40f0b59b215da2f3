import { chmodSync, copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { onTestFinished } from 'vitest'
import type { GoFixture } from './goFixtures.js'

/** A fresh folder under the OS temp dir, removed when the test ends. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'immuta-go-compat-'))
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/**
 * Copies a fixture's log files (not its manifest) into a fresh temp folder: a writer truncates
 * uncommitted tails, and the fixtures must stay as Go left them. The fixtures are read-only on
 * disk; `writable: false` keeps the copies that way, so that a read-only open that tried to
 * write would fail (for a user other than root), not just be caught by the byte comparison.
 */
export function copyFixture(fixture: GoFixture, options: { writable: boolean }): string {
  const dir = tempDir()
  for (const name of readdirSync(fixture.dir)) {
    if (!name.endsWith('.log')) continue
    const to = join(dir, name)
    copyFileSync(join(fixture.dir, name), to)
    chmodSync(to, options.writable ? 0o644 : 0o444)
  }
  return dir
}

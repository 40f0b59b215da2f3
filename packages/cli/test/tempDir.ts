import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { onTestFinished } from 'vitest'

/** A fresh folder under the OS temp dir, removed when the test ends. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'immuta-cli-'))
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

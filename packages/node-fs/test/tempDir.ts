import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { onTestFinished } from 'vitest'

/**
 * A fresh folder under the OS temp dir, removed when the test ends. Readable by every user
 * (mkdtemp makes it 0700) so a child that dropped root privileges can still reach into it.
 */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'immuta-node-fs-'))
  chmodSync(dir, 0o755)
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

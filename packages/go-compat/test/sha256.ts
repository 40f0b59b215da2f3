import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/**
 * Name and SHA-256 of every file in `dir` (that `include` keeps): equal snapshots mean not a byte
 * changed, nor a file came or went.
 */
export function snapshot(dir: string, include: (name: string) => boolean = () => true): Record<string, string> {
  const files: Record<string, string> = {}
  for (const name of readdirSync(dir).sort()) if (include(name)) files[name] = sha256(readFileSync(join(dir, name)))
  return files
}

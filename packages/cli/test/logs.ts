import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Transformer } from '@immuta/core'
import { open } from '@immuta/node-fs'

/** Writes `records` to namespace `ns` of the log in `dir` (a writer that closes when done). */
export async function writeLog(dir: string, ns: string, records: ReadonlyArray<string | Uint8Array>, writeTransform?: Transformer): Promise<void> {
  const log = await open({ dir, namespaces: [ns], ...(writeTransform ? { writeTransform } : {}) })
  try {
    for (const record of records) await log.append(ns, record)
  } finally {
    await log.close()
  }
}

/** `n` records `record 0`, `record 1`, ... */
export function numbered(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `record ${i}`)
}

/** Every file of `dir` with its bytes: a reading command must leave this exactly as it was. */
export function snapshot(dir: string): Map<string, Buffer> {
  return new Map(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name))]))
}

/** Lines of a command's stdout. */
export function linesOf(stdout: Buffer): string[] {
  return stdout.toString().split('\n').slice(0, -1)
}

import { readdir, stat } from 'node:fs/promises'
import { type Immuta, isImmutaError, type Transformer } from '@immuta/core'
import { open } from '@immuta/node-fs'
import { CommandFailed } from './errors.js'

const LOG_FILE = /^(.+)\.log$/

/** The namespaces of a log directory: one per `<namespace>.log` file, sorted. */
export async function namespacesIn(dir: string): Promise<string[]> {
  await checkDir(dir)
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => LOG_FILE.exec(entry.name)?.[1])
    .filter((name): name is string => name !== undefined)
    .sort()
  if (names.length === 0) throw new CommandFailed(`${dir} holds no namespace (no *.log file)`)
  return names
}

/**
 * Opens namespaces as a follower (`readOnly: true`): no writer lock, nothing written, so it
 * works beside a running writer and sees what that writer commits.
 */
export async function openReader(dir: string, namespaces: readonly string[], readTransform?: Transformer): Promise<Immuta> {
  await checkDir(dir)
  try {
    return await open({ dir, namespaces, readOnly: true, ...(readTransform ? { readTransform } : {}) })
  } catch (error) {
    throw missingNamespace(error, dir, namespaces) ?? error
  }
}

/** Opens one namespace as the writer: takes the directory's lock (LOCKED beside another writer). */
export function openWriter(dir: string, namespace: string, writeTransform?: Transformer): Promise<Immuta> {
  return open({ dir, namespaces: [namespace], ...(writeTransform ? { writeTransform } : {}) })
}

async function checkDir(dir: string): Promise<void> {
  let isDir: boolean
  try {
    isDir = (await stat(dir)).isDirectory()
  } catch {
    throw new CommandFailed(`${dir}: no such log directory`)
  }
  if (!isDir) throw new CommandFailed(`${dir} is not a directory`)
}

/** A follower never creates files: say which namespace is missing rather than "ENOENT". */
function missingNamespace(error: unknown, dir: string, namespaces: readonly string[]): CommandFailed | undefined {
  if (!isImmutaError(error, 'IO_ERROR')) return undefined
  if ((error.cause as NodeJS.ErrnoException | undefined)?.code !== 'ENOENT') return undefined
  const which = namespaces.length === 1 ? `namespace "${namespaces[0]}"` : `one of the namespaces ${namespaces.join(', ')}`
  return new CommandFailed(`${dir} has no ${which} (no such .log file)`)
}

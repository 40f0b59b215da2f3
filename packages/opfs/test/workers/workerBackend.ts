import { type BackendFile, type FileBackend, ImmutaError } from '@immuta/core'
import { opfs } from '../../src/index.ts'
import type { WorkerClient } from './rpc.ts'

type Host = WorkerClient

/** The worker's error as the backend raised it: an ImmutaError keeps its code for the engine. */
async function relay<T>(answer: Promise<T>): Promise<T> {
  try {
    return await answer
  } catch (error) {
    const code = (error as { code?: string }).code
    if (code) throw new ImmutaError(code as ImmutaError['code'], (error as Error).message)
    throw error
  }
}

/**
 * opfs(dir) for a test on the page, split where a real application splits it: writers' files
 * and the lock live in the dedicated worker `host` (sync access handles exist only there);
 * read-only opens and `watch` run on the page itself, as a follower in a tab does.
 */
export function workerBackend(host: Host, dir: string): FileBackend {
  const page = opfs(dir)
  return {
    async open(name, options) {
      if (options.readOnly) return page.open(name, options)
      const id = await relay(host.call<number>('open', { dir, name, readOnly: false }))
      return remoteFile(host, id)
    },
    async lock() {
      const id = await relay(host.call<number>('lock', { dir }))
      return { release: () => relay(host.call<void>('release', { lock: id })) }
    },
    watch: (name, onChange) => page.watch?.(name, onChange) ?? (() => {}),
  }
}

function remoteFile(host: Host, file: number): BackendFile {
  const call = <T>(op: string, args: Record<string, unknown> = {}) => relay(host.call<T>(op, { file, ...args }))
  return {
    async read(into, position) {
      const bytes = await call<Uint8Array>('read', { length: into.length, position })
      into.set(bytes)
      return bytes.length
    },
    // Copies go to the worker: the caller may reuse its buffer once the write answered.
    write: (data, position) => call('write', { data: data.slice(), position }),
    writev: (chunks, position) => call('writev', { chunks: chunks.map((chunk) => chunk.slice()), position }),
    truncate: (size) => call('truncate', { size }),
    size: () => call<number>('size'),
    sync: () => call('sync'),
    close: () => call('close'),
  }
}

/** A fresh folder name per backend, so no test sees another's files. */
export function freshFolder(prefix: string): string {
  return `${prefix}-${crypto.randomUUID()}`
}

/** Removes a folder the test made; every file in it must be closed by then. */
export async function removeFolder(dir: string): Promise<void> {
  const root = await navigator.storage.getDirectory()
  await root.removeEntry(dir, { recursive: true }).catch((error: unknown) => {
    if ((error as Error).name !== 'NotFoundError') throw error
  })
}

import type { FileBackend } from '@immuta/core'
import { backendConformance, logConformance } from '@immuta/testkit'
import { client } from '../workers/rpc.ts'
import { freshFolder, removeFolder, workerBackend } from '../workers/workerBackend.ts'

// vitest runs this file on the page. The writer side of every backend (its files, its lock) is
// opfs() in one dedicated worker, on sync access handles; read-only opens and watch() are
// opfs() on the page. Both suites run the engine here, on the page, over that split backend.
const host = client(new URL('../workers/backendHost.ts', import.meta.url))
const folders = new WeakMap<FileBackend, string>()

function create(prefix: string) {
  return () => {
    const dir = freshFolder(prefix)
    const backend = workerBackend(host, dir)
    folders.set(backend, dir)
    return backend
  }
}

const cleanup = async (backend: FileBackend) => {
  const dir = folders.get(backend)
  if (dir) await removeFolder(dir)
}

backendConformance({ name: 'opfs() in a dedicated worker', create: create('backend'), cleanup })
logConformance({ name: 'opfs() in a dedicated worker', create: create('log'), cleanup })

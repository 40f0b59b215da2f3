// A dedicated worker that holds opfs() backends for a test on the page: every call of a writer's
// file, and every lock, runs here, on sync access handles and Web Locks of the worker.
import type { BackendFile, BackendLock } from '@immuta/core'
import { opfs } from '../../src/index.ts'
import { serve } from './rpc.ts'

const files = new Map<number, BackendFile>()
const locks = new Map<number, BackendLock>()
let nextId = 0

function file(args: Record<string, unknown>): BackendFile {
  const found = files.get(args.file as number)
  if (!found) throw new Error(`no file ${String(args.file)}`)
  return found
}

serve(async (op, args) => {
  switch (op) {
    case 'open': {
      const opened = await opfs(args.dir as string).open(args.name as string, { readOnly: args.readOnly as boolean })
      files.set(++nextId, opened)
      return nextId
    }
    case 'read': {
      const into = new Uint8Array(args.length as number)
      const count = await file(args).read(into, args.position as number)
      return into.subarray(0, count).slice()
    }
    case 'write':
      return file(args).write(args.data as Uint8Array, args.position as number)
    case 'writev':
      return file(args).writev?.(args.chunks as Uint8Array[], args.position as number)
    case 'truncate':
      return file(args).truncate(args.size as number)
    case 'size':
      return file(args).size()
    case 'sync':
      return file(args).sync()
    case 'close':
      return file(args).close()
    case 'lock': {
      const lock = await opfs(args.dir as string).lock?.()
      if (!lock) throw new Error('opfs() has no lock')
      locks.set(++nextId, lock)
      return nextId
    }
    case 'release':
      return locks.get(args.lock as number)?.release()
    default:
      throw new Error(`unknown op ${op}`)
  }
})

import { type BackendFile, type FileBackend, ImmutaError } from '@immuta/core'

const fail = (code: string, message: string) => Object.assign(new Error(message), { code })

/** A complete FileBackend over a Map. Growing a file copies it: fine for an example, slow for a log. */
export function mapBackend(): FileBackend {
  const files = new Map<string, Uint8Array>()
  const watchers = new Map<string, Set<() => void>>()
  let lockHolder: object | undefined
  return {
    open(name, { readOnly }) {
      if (!files.has(name) && readOnly) throw fail('ENOENT', `no such file: ${name}`)
      if (!files.has(name)) files.set(name, new Uint8Array(0))
      let closed = false
      const bytes = () => {
        if (closed) throw fail('EBADF', `closed: ${name}`)
        return files.get(name) ?? new Uint8Array(0)
      }
      const resize = (size: number) => {
        const next = new Uint8Array(size) // bytes past the old end read as zeros
        next.set(bytes().subarray(0, size))
        files.set(name, next)
      }
      const file: BackendFile = {
        read(into, position) {
          const found = bytes().subarray(position, position + into.length)
          into.set(found)
          return found.length
        },
        write(data, position) {
          if (data.length === 0) return // as pwrite(2): writing nothing never extends the file
          if (position + data.length > bytes().length) resize(position + data.length)
          bytes().set(data, position) // copies: the caller may reuse `data` once write returned
          for (const onChange of watchers.get(name) ?? []) queueMicrotask(onChange)
        },
        writev(chunks, position) {
          let at = position
          for (const chunk of chunks) {
            file.write(chunk, at)
            at += chunk.length
          }
        },
        truncate: (size) => resize(size),
        size: () => bytes().length,
        sync: () => void bytes(), // nothing to flush, but a closed file must still reject
        close: () => {
          closed = true
        },
      }
      return file
    },
    lock() {
      if (lockHolder) throw new ImmutaError('LOCKED', 'another writer holds the lock')
      const holder = {}
      lockHolder = holder
      return {
        release: () => {
          if (lockHolder === holder) lockHolder = undefined // a stale release must not free the next holder
        },
      }
    },
    watch(name, onChange) {
      const set = watchers.get(name) ?? new Set()
      watchers.set(name, set.add(onChange))
      return () => set.delete(onChange)
    },
  }
}

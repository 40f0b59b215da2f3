import type { BackendFile, FileBackend } from '../src/index.js'

/** One call a counting backend saw: which method, at what position, how many bytes. */
export interface Call {
  op: 'read' | 'write' | 'writev' | 'truncate' | 'sync'
  position: number
  bytes: number
}

/**
 * An in-memory backend that answers synchronously and records every call: the engine's own
 * test double, so that core proves its IO pattern without depending on the testkit.
 * `failRecords` makes every write past the header throw EIO (header writes still work);
 * `failNextHeader` makes the next header write throw EIO, once.
 */
export function countingBackend(): FileBackend & { calls: Call[]; bytes: () => Uint8Array; failRecords: boolean; failNextHeader: boolean } {
  // The file's bytes are data[0, length); data grows by doubling, so appends cost no copy each.
  let data: Uint8Array = new Uint8Array(0)
  let length = 0
  const calls: Call[] = []
  const resize = (size: number): void => {
    if (size > data.length) data = grown(data, Math.max(size, data.length * 2))
    if (size < length) data.fill(0, size, length)
    length = size
  }
  const put = (chunk: Uint8Array, at: number): void => {
    if (at + chunk.length > length) resize(at + chunk.length)
    data.set(chunk, at)
  }
  const file: BackendFile = {
    read(into, position) {
      const n = Math.max(0, Math.min(into.length, length - position))
      into.set(data.subarray(position, position + n))
      calls.push({ op: 'read', position, bytes: into.length })
      return n
    },
    write(chunk, position) {
      if (backend.failRecords && position > 0) throw Object.assign(new Error('EIO: injected'), { code: 'EIO' })
      if (backend.failNextHeader && position === 0) {
        backend.failNextHeader = false
        throw Object.assign(new Error('EIO: injected'), { code: 'EIO' })
      }
      calls.push({ op: 'write', position, bytes: chunk.length })
      put(chunk, position)
    },
    writev(chunks, position) {
      if (backend.failRecords && position > 0) throw Object.assign(new Error('EIO: injected'), { code: 'EIO' })
      let at = position
      for (const chunk of chunks) {
        put(chunk, at)
        at += chunk.length
      }
      calls.push({ op: 'writev', position, bytes: at - position })
    },
    truncate(size) {
      calls.push({ op: 'truncate', position: size, bytes: 0 })
      resize(size)
    },
    size: () => length,
    sync: () => void calls.push({ op: 'sync', position: 0, bytes: 0 }),
    close: () => undefined,
  }
  const backend = { calls, bytes: () => data.slice(0, length), failRecords: false, failNextHeader: false, open: () => file }
  return backend
}

function grown(data: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(size)
  out.set(data.subarray(0, Math.min(size, data.length)))
  return out
}

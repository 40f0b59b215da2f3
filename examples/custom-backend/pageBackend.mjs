// A FileBackend over a key-value store that holds each file as fixed-size pages: the shape of a
// backend over IndexedDB, Redis or any store of values under keys. The store here is a Map;
// give `pageBackend` your own (with async get/set/delete the methods below become async too:
// the core accepts promises and plain values alike).
import { ImmutaError } from '@immuta/core'

const PAGE_SIZE = 4096
const LOCK_KEY = 'lock'

/**
 * An error the core wraps as `IO_ERROR`, with an errno-style `code` as Node's fs would give.
 * @param {string} code
 * @param {string} message
 */
const failure = (code, message) => Object.assign(new Error(message), { code })

/**
 * @param {Map<string, Uint8Array>} store pages under `<name>/<page number>`, sizes under `<name>/size`
 * @returns {import('@immuta/core').FileBackend}
 */
export function pageBackend(store = new Map()) {
  /** @type {Map<string, Set<() => void>>} */
  const watchers = new Map()
  /** @param {string} name */
  const changed = (name) => {
    for (const onChange of watchers.get(name) ?? []) queueMicrotask(onChange)
  }

  return {
    open(name, { readOnly }) {
      const sizeKey = `${name}/size`
      const pageKey = (/** @type {number} */ page) => `${name}/${page}`
      if (!store.has(sizeKey)) {
        if (readOnly) throw failure('ENOENT', `no such file: ${name}`)
        store.set(sizeKey, encodeSize(0))
      }
      let closed = false
      const usable = (writing = false) => {
        if (closed) throw failure('EBADF', `${name} is closed`)
        if (writing && readOnly) throw failure('EBADF', `${name} was opened read-only`)
      }
      const size = () => decodeSize(store.get(sizeKey))

      /** @type {import('@immuta/core').BackendFile} */
      const file = {
        read(into, position) {
          usable()
          const count = Math.max(0, Math.min(into.length, size() - position))
          for (let done = 0; done < count; ) {
            const at = position + done
            const page = store.get(pageKey(Math.floor(at / PAGE_SIZE))) // a missing page reads as zeros
            const offset = at % PAGE_SIZE
            const length = Math.min(PAGE_SIZE - offset, count - done)
            if (page) into.set(page.subarray(offset, offset + length), done)
            else into.fill(0, done, done + length)
            done += length
          }
          return count
        },
        write(data, position) {
          usable(true)
          for (let done = 0; done < data.length; ) {
            const at = position + done
            const key = pageKey(Math.floor(at / PAGE_SIZE))
            const page = store.get(key) ?? new Uint8Array(PAGE_SIZE)
            const offset = at % PAGE_SIZE
            const length = Math.min(PAGE_SIZE - offset, data.length - done)
            page.set(data.subarray(done, done + length), offset) // copies: the caller may reuse `data`
            store.set(key, page)
            done += length
          }
          if (data.length > 0 && position + data.length > size()) store.set(sizeKey, encodeSize(position + data.length))
          if (data.length > 0) changed(name)
        },
        writev(chunks, position) {
          for (const chunk of chunks) {
            file.write(chunk, position)
            position += chunk.length
          }
        },
        truncate(newSize) {
          usable(true)
          const old = size()
          if (newSize < old) {
            // Drop whole pages past the end and zero the tail of the last one, so that growing
            // the file again later reads zeros there.
            for (let page = Math.ceil(newSize / PAGE_SIZE); page * PAGE_SIZE < old; page++) store.delete(pageKey(page))
            store.get(pageKey(Math.floor(newSize / PAGE_SIZE)))?.fill(0, newSize % PAGE_SIZE)
          }
          store.set(sizeKey, encodeSize(newSize))
          changed(name)
        },
        size() {
          usable()
          return size()
        },
        sync() {
          usable() // a Map has nothing to flush; a real store would wait for its commit here
        },
        close() {
          closed = true
        },
      }
      return file
    },

    // One writer per store, as one lock file per directory. The token makes a stale release
    // (a second call, after someone else took the lock) free nothing.
    lock() {
      if (store.has(LOCK_KEY)) throw new ImmutaError('LOCKED', 'another writer holds this store')
      const token = new Uint8Array(0)
      store.set(LOCK_KEY, token)
      return {
        release() {
          if (store.get(LOCK_KEY) === token) store.delete(LOCK_KEY)
        },
      }
    },

    // A hint for followers in this process; they poll as well, so a missed call costs latency only.
    watch(name, onChange) {
      const set = watchers.get(name) ?? new Set()
      watchers.set(name, set.add(onChange))
      return () => set.delete(onChange)
    },
  }
}

/** @param {number} size */
function encodeSize(size) {
  const bytes = new Uint8Array(8)
  new DataView(bytes.buffer).setFloat64(0, size, true)
  return bytes
}

/** @param {Uint8Array | undefined} bytes */
function decodeSize(bytes) {
  return bytes ? new DataView(bytes.buffer, bytes.byteOffset).getFloat64(0, true) : 0
}

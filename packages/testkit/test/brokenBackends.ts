import type { BackendFile, FileBackend } from '@immuta/core'
import { memoryBackend } from '../src/index.js'
import type { MemoryFile } from '../src/memoryBackend.js'

/** A memory backend whose files get `flaw` laid over them: one defect per backend. */
function flawedFiles(flaw: (file: MemoryFile) => Partial<BackendFile>): FileBackend {
  const inner = memoryBackend()
  return {
    ...bound(inner),
    open: (name, options) => {
      const file = inner.open(name, options)
      return { ...bound(file), ...flaw(file) }
    },
  }
}

/** The object's methods, bound, so spreading them keeps them working. */
function bound<T extends object>(object: T): T {
  const copy: Record<string, unknown> = {}
  for (const key of Object.keys(object)) {
    const value = (object as Record<string, unknown>)[key]
    copy[key] = typeof value === 'function' ? value.bind(object) : value
  }
  return copy as T
}

/** Each broken backend, with the checks that must catch it. */
export const brokenBackends: ReadonlyArray<{ flaw: string; create: () => FileBackend; caughtBy: string[] }> = [
  {
    flaw: 'reads ignore the position',
    create: () => flawedFiles((file) => ({ read: (into) => file.read(into, 0) })),
    caughtBy: ['write then read gives the bytes at the position asked', 'reads at and past the end give short counts'],
  },
  {
    flaw: 'reads return at most 4 KiB in mid-file',
    create: () => flawedFiles((file) => ({ read: (into, position) => file.read(into.subarray(0, 4096), position) })),
    caughtBy: ['reads inside the file fill the whole buffer'],
  },
  {
    flaw: 'truncate does nothing',
    create: () => flawedFiles(() => ({ truncate: () => undefined })),
    caughtBy: ['truncate shrinks the file', 'truncate grows the file with zeros', 'size follows writes and truncates'],
  },
  {
    flaw: 'size is off by one',
    create: () => flawedFiles((file) => ({ size: () => file.size() + 1 })),
    caughtBy: ['open creates an empty file', 'size follows writes and truncates'],
  },
  {
    flaw: 'growing truncate keeps stale bytes',
    create: () => flawedFiles((file) => ({ truncate: staleTruncate(file) })),
    caughtBy: ['truncate grows the file with zeros'],
  },
  {
    flaw: 'write keeps the buffer of the caller instead of copying it',
    create: aliasingBackend,
    caughtBy: ['the caller may reuse its buffer once write resolved'],
  },
  {
    flaw: 'writev writes its chunks in reverse order',
    create: () => flawedFiles((file) => ({ writev: (chunks, position) => file.writev([...chunks].reverse(), position) })),
    caughtBy: ['writev writes the chunks in order, contiguously'],
  },
  {
    flaw: 'close does nothing',
    create: () => flawedFiles(() => ({ close: () => undefined })),
    caughtBy: ['close is idempotent and later calls reject'],
  },
  {
    flaw: 'a second close throws',
    create: () => flawedFiles((file) => ({ close: closeOnce(file) })),
    caughtBy: ['close is idempotent and later calls reject'],
  },
  {
    flaw: 'read-only open creates the file',
    create: () => {
      const inner = memoryBackend()
      return { ...bound(inner), open: (name) => inner.open(name, { readOnly: false }) }
    },
    caughtBy: ['read-only open of a missing file rejects and creates nothing'],
  },
  {
    flaw: 'a writer open truncates the file',
    create: () => {
      const inner = memoryBackend()
      return { ...bound(inner), open: (name, options) => emptied(inner.open(name, options), options.readOnly) }
    },
    caughtBy: ['another open of the same name sees what was written'],
  },
  {
    flaw: 'the lock is granted twice',
    create: () => ({ ...bound(memoryBackend()), lock: () => ({ release: () => undefined }) }),
    caughtBy: ['a second lock rejects with LOCKED'],
  },
  {
    flaw: 'a stale release frees the lock of the next holder',
    create: globalReleaseBackend,
    caughtBy: ['release frees the lock, and a stale release frees nothing'],
  },
]

/** Moves the end of the file without clearing, so growing again brings the cut bytes back. */
function staleTruncate(file: MemoryFile): (size: number) => void {
  let cut = new Uint8Array(0)
  return (size) => {
    const before = file.size()
    if (size < before) {
      cut = new Uint8Array(before)
      file.read(cut, 0)
    }
    file.truncate(size)
    if (size > before) file.write(cut.subarray(before, Math.min(size, cut.length)), before)
  }
}

function closeOnce(file: MemoryFile): () => void {
  let closed = false
  return () => {
    if (closed) throw new Error('already closed')
    closed = true
    file.close()
  }
}

function emptied(file: MemoryFile, readOnly: boolean): MemoryFile {
  if (!readOnly) file.truncate(0)
  return file
}

function aliasingBackend(): FileBackend {
  const writes = new Map<string, Array<{ data: Uint8Array; position: number }>>()
  const inner = memoryBackend()
  return {
    open: (name, options) => {
      const file = inner.open(name, options)
      const log = writes.get(name) ?? []
      writes.set(name, log)
      const replay = (): void => {
        for (const write of log) file.write(write.data, write.position)
      }
      return {
        ...bound(file),
        write: (data, position) => void log.push({ data, position }),
        read: (into, position) => {
          replay()
          return file.read(into, position)
        },
        size: () => {
          replay()
          return file.size()
        },
      }
    },
  }
}

function globalReleaseBackend(): FileBackend {
  const inner = memoryBackend()
  let current: { release(): void } | undefined
  return {
    ...bound(inner),
    lock: () => {
      const granted = inner.lock()
      current = granted
      return { release: () => current?.release() }
    },
  }
}

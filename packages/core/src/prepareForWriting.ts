import { ioError } from './errors.js'
import { FileIO } from './fileIO.js'
import type { Committed } from './format.js'
import { encodeHeader, HEADER_SIZE } from './format.js'
import { NamespaceState } from './namespaceState.js'
import { readExactly } from './recovery.js'
import type { FileBackend } from './types.js'
import { verifyNamespace } from './verify.js'

/** Bytes copied at once when a tail is kept aside. */
const COPY_CHUNK = 1024 * 1024

/**
 * What a writer does before its first append: a new (or cut short) file gets the empty header
 * Go writes, and bytes past the committed end, which no header counts, are moved out of the way
 * so that no later record lands after them and no reader ever serves them (Go keeps them).
 *
 * A tail is cut only after two proofs. The committed chain is walked from the first record and
 * must end exactly where the header says, with the count and last offset it says (a header
 * whose last offset was bent to an earlier record boundary fails here: CORRUPT_LOG, nothing
 * changed). A header that passes can still not be told, by structure, from one written just
 * before a crash that left records after it; so the bytes are copied into `tailFileName`'s file
 * and synced before the log is truncated: nothing is destroyed. A healthy open has no tail and
 * reads nothing more.
 */
export async function prepareForWriting(io: FileIO, committed: Committed, durable: boolean, backend: FileBackend): Promise<void> {
  const fileSize = await io.size()
  if (fileSize < HEADER_SIZE) {
    await io.write(encodeHeader(new Uint8Array(HEADER_SIZE), committed), 0)
  } else if (fileSize > committed.end) {
    await verifyNamespace(new NamespaceState(io.name, io, committed, 1), { transform: undefined })
    await keepAside(io, committed.end, fileSize, backend)
    await io.truncate(committed.end)
  } else {
    return
  }
  if (durable) await io.sync()
}

/**
 * Where the bytes past `offset` of `file` are kept: `<file>.<offset>.cut`, then
 * `<file>.<offset>.<n>.cut` when that name holds other bytes. A namespace's file always ends
 * in `.log`, so this name is never one.
 */
export function tailFileName(file: string, offset: number, attempt = 0): string {
  return attempt === 0 ? `${file}.${offset}.cut` : `${file}.${offset}.${attempt}.cut`
}

/** Copies `[from, to)` of the log into a file of its own and syncs it; never overwrites other bytes. */
async function keepAside(io: FileIO, from: number, to: number, backend: FileBackend): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const name = tailFileName(io.name, from, attempt)
    const file = await openTailFile(backend, name)
    try {
      const existing = await file.size()
      // An earlier open that crashed before its truncate left this very copy: it is done.
      if (existing > 0 && !(existing === to - from && (await sameBytes(io, from, file)))) continue
      if (existing === 0) await copy(io, from, to, file)
      await file.sync()
      return
    } finally {
      await file.close()
    }
  }
}

async function openTailFile(backend: FileBackend, name: string): Promise<FileIO> {
  try {
    return new FileIO(await backend.open(name, { readOnly: false }), name)
  } catch (error) {
    throw ioError('open', name, error)
  }
}

async function copy(io: FileIO, from: number, to: number, into: FileIO): Promise<void> {
  for (let at = from; at < to; at += COPY_CHUNK) {
    await into.write(await readExactly(io, Math.min(COPY_CHUNK, to - at), at), at - from)
  }
}

async function sameBytes(io: FileIO, from: number, file: FileIO): Promise<boolean> {
  const size = await file.size()
  for (let at = 0; at < size; at += COPY_CHUNK) {
    const length = Math.min(COPY_CHUNK, size - at)
    const kept = await readExactly(file, length, at)
    const original = await readExactly(io, length, from + at)
    if (!original.every((byte, i) => byte === kept[i])) return false
  }
  return true
}

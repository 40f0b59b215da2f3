import type { SyncAccessHandle, SyncCapableFileHandle } from './syncHandle.js'

interface Entry {
  handle: Promise<SyncAccessHandle>
  refs: number
}

/**
 * One sync access handle per file for this whole worker. A sync handle is exclusive (a second
 * `createSyncAccessHandle` on the same file fails while the first is open), yet the engine and
 * the conformance contract open a name more than once: every open of a file here shares one
 * handle, closed when the last of them closes.
 */
const entries = new Map<string, Entry>()

export async function acquireHandle(key: string, file: SyncCapableFileHandle): Promise<SyncAccessHandle> {
  let entry = entries.get(key)
  if (!entry) {
    const handle = file.createSyncAccessHandle()
    entry = { handle, refs: 0 }
    entries.set(key, entry)
    // A handle that could not be opened (another worker holds one) is forgotten, so a later open tries again.
    handle.catch(() => {
      if (entries.get(key) === entry) entries.delete(key)
    })
  }
  entry.refs++
  try {
    return await entry.handle
  } catch (error) {
    entry.refs--
    throw error
  }
}

export async function releaseHandle(key: string): Promise<void> {
  const entry = entries.get(key)
  if (!entry) return
  entry.refs--
  if (entry.refs > 0) return
  entries.delete(key)
  ;(await entry.handle).close()
}

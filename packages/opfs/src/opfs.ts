import { type FileBackend, ImmutaError } from '@immuta/core'
import { ChangePoster, watchChanges } from './changes.js'
import { folderHandle, folderPath } from './directory.js'
import { acquireHandle, releaseHandle } from './sharedHandles.js'
import { SnapshotFile } from './snapshotFile.js'
import { SyncFile } from './syncFile.js'
import { canSyncAccess } from './syncHandle.js'
import { webLock } from './webLock.js'

/** Names of the Web Lock and the BroadcastChannel of a folder start with this. */
const PREFIX = 'immuta-opfs:'

/**
 * A `FileBackend` over a folder of the origin private file system (OPFS).
 *
 * - A writer needs a dedicated worker: its files use sync access handles and answer
 *   synchronously. Opening a file for writing anywhere else (the main thread, a shared or
 *   service worker) rejects with `READ_ONLY` and touches nothing.
 * - A read-only open (a follower) works everywhere, the main thread included: it reads
 *   through `getFile()` snapshots, beside a writer's exclusive handle.
 * - `lock()` is a Web Lock over the folder, for every tab and worker of the origin.
 * - `watch()` listens on a BroadcastChannel that writers of the folder post to.
 *
 * @param dirName the folder, `/`-separated for nested folders (`'logs'`, `'app/logs'`).
 * @default 'immuta'
 */
export function opfs(dirName = 'immuta'): FileBackend {
  const path = folderPath(dirName)
  const folder = path.join('/')
  const poster = new ChangePoster(`${PREFIX}${folder}`)
  return {
    async open(name, { readOnly }) {
      if (!readOnly && !syncAccessAvailable()) throw mainThreadWriter(name)
      const files = await folderHandle(path, !readOnly)
      const handle = await files.getFileHandle(name, { create: !readOnly })
      if (readOnly) return new SnapshotFile(handle, name)
      if (!canSyncAccess(handle)) throw mainThreadWriter(name)
      const key = `${folder}/${name}`
      const access = await acquireHandle(key, handle)
      poster.opened()
      const release = async () => {
        poster.closed()
        await releaseHandle(key)
      }
      return new SyncFile(access, name, release, () => poster.changed(name))
    },
    lock: () => webLock(`${PREFIX}${folder}`),
    watch: (name, onChange) => watchChanges(`${PREFIX}${folder}`, name, onChange),
  }
}

/** Sync access handles exist only in dedicated workers: checked before anything is created. */
function syncAccessAvailable(): boolean {
  return typeof FileSystemFileHandle === 'function' && 'createSyncAccessHandle' in FileSystemFileHandle.prototype
}

function mainThreadWriter(name: string): ImmutaError {
  return new ImmutaError(
    'READ_ONLY',
    `opfs: ${name} can be written only from a dedicated worker (sync access handles exist nowhere else); open the log with readOnly: true here, or append through a worker`,
  )
}

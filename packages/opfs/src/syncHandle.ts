/**
 * The parts of the OPFS API that TypeScript's DOM library leaves out: sync access handles are
 * declared only in the WebWorker library, and a package cannot pick both.
 * https://fs.spec.whatwg.org/#api-filesystemsyncaccesshandle
 */
export interface SyncAccessHandle {
  read(into: Uint8Array, options: { at: number }): number
  write(data: Uint8Array, options: { at: number }): number
  truncate(size: number): void
  getSize(): number
  flush(): void
  close(): void
}

/** A file handle where the runtime offers `createSyncAccessHandle` (dedicated workers only). */
export interface SyncCapableFileHandle extends FileSystemFileHandle {
  createSyncAccessHandle(): Promise<SyncAccessHandle>
}

/** True where this file handle can give a sync access handle: in a dedicated worker. */
export function canSyncAccess(handle: FileSystemFileHandle): handle is SyncCapableFileHandle {
  return typeof (handle as Partial<SyncCapableFileHandle>).createSyncAccessHandle === 'function'
}

import { type BackendFile, ImmutaError } from '@immuta/core'

/**
 * A follower's file, read through `getFile()` snapshots. A writer's sync access handle is
 * exclusive, so a follower in another worker or tab, or on the main thread, cannot open one;
 * `getFile()` works beside it and sees the writer's bytes. Each call takes a fresh snapshot:
 * an older one keeps showing the file as it was (Chromium 156).
 */
export class SnapshotFile implements BackendFile {
  private closed = false

  constructor(
    private readonly handle: FileSystemFileHandle,
    private readonly name: string,
  ) {}

  async read(into: Uint8Array, position: number): Promise<number> {
    const file = await this.snapshot()
    if (position >= file.size) return 0
    const bytes = new Uint8Array(await file.slice(position, position + into.length).arrayBuffer())
    into.set(bytes)
    return bytes.length
  }

  async size(): Promise<number> {
    return (await this.snapshot()).size
  }

  write(): never {
    throw this.readOnly('write')
  }

  truncate(): never {
    throw this.readOnly('truncate')
  }

  sync(): never {
    throw this.readOnly('sync')
  }

  close(): void {
    this.closed = true
  }

  private snapshot(): Promise<File> {
    if (this.closed) return Promise.reject(new ImmutaError('STORAGE_CLOSED', `${this.name} is closed`))
    return this.handle.getFile()
  }

  private readOnly(op: string): ImmutaError {
    if (this.closed) return new ImmutaError('STORAGE_CLOSED', `${this.name} is closed`)
    return new ImmutaError('READ_ONLY', `${op} of ${this.name}: it was opened read-only`)
  }
}

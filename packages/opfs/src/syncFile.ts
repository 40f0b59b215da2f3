import { type BackendFile, ImmutaError } from '@immuta/core'
import type { SyncAccessHandle } from './syncHandle.js'

/**
 * A writer's file: every call answers synchronously through the worker's sync access handle,
 * the path the engine is fastest on. `sync()` is the handle's `flush()`.
 */
export class SyncFile implements BackendFile {
  private closed = false

  constructor(
    private readonly handle: SyncAccessHandle,
    private readonly name: string,
    private readonly onClose: () => Promise<void>,
    private readonly onChange: () => void,
  ) {}

  read(into: Uint8Array, position: number): number {
    this.checkOpen()
    let total = 0
    while (total < into.length) {
      const count = this.handle.read(into.subarray(total), { at: position + total })
      if (count <= 0) break
      total += count
    }
    return total
  }

  write(data: Uint8Array, position: number): void {
    this.checkOpen()
    // A write of no bytes must not grow the file to `position`.
    if (data.length === 0) return
    let done = 0
    while (done < data.length) {
      const count = this.handle.write(data.subarray(done), { at: position + done })
      if (count <= 0) throw new Error(`wrote nothing at ${position + done} of ${this.name}`)
      done += count
    }
    this.onChange()
  }

  writev(chunks: Uint8Array[], position: number): void {
    let at = position
    for (const chunk of chunks) {
      this.write(chunk, at)
      at += chunk.length
    }
  }

  truncate(size: number): void {
    this.checkOpen()
    this.handle.truncate(size)
    this.onChange()
  }

  size(): number {
    this.checkOpen()
    return this.handle.getSize()
  }

  sync(): void {
    this.checkOpen()
    this.handle.flush()
  }

  close(): Promise<void> | undefined {
    if (this.closed) return undefined
    this.closed = true
    return this.onClose()
  }

  private checkOpen(): void {
    if (this.closed) throw new ImmutaError('STORAGE_CLOSED', `${this.name} is closed`)
  }
}

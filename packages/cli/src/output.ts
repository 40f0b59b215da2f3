import type { Writable } from 'node:stream'

/** Bytes kept before a write goes out; one write per record would cost a syscall each. */
const BUFFER_BYTES = 64 * 1024

/**
 * The reader on the other end of stdout went away (`immuta cat ... | head -n 3`). Not a
 * failure: the command stops and exits 0 without a word, as `cat` does.
 */
export class PipeClosed extends Error {
  override readonly name = 'PipeClosed'
}

/**
 * stdout for records: buffered, flushed at the latest on the next turn of the event loop (so a
 * follower prints each record as it comes), and waiting for `drain` so a slow reader holds the
 * command back instead of filling memory. EPIPE turns into `PipeClosed`, never a stack trace.
 */
export class Output {
  private chunks: Array<Uint8Array | string> = []
  private buffered = 0
  private scheduled = false
  private failure: Error | undefined
  private fail: (error: Error) => void = () => undefined
  /**
   * Rejects when stdout fails (PipeClosed when the reader went away), so that a command waiting
   * for records, not writing, stops too.
   */
  readonly failed: Promise<never> = new Promise<never>((_, reject) => {
    this.fail = reject
  })

  constructor(private readonly stream: Writable) {
    this.failed.catch(() => undefined) // nobody need be listening
    // Without a listener an EPIPE would be an uncaught 'error' event: a crash with a stack.
    stream.on('error', (error: NodeJS.ErrnoException) => {
      this.failure ??= error.code === 'EPIPE' ? new PipeClosed('stdout was closed') : error
      this.fail(this.failure)
    })
  }

  async write(chunk: Uint8Array | string): Promise<void> {
    this.check()
    this.chunks.push(chunk)
    this.buffered += chunk.length
    if (this.buffered >= BUFFER_BYTES) return this.flush()
    if (!this.scheduled) {
      this.scheduled = true
      // A failure here surfaces at the next write or flush, through check().
      setImmediate(() => void this.flush().catch(() => undefined))
    }
  }

  /** Writes out what is buffered and waits until the stream takes more. */
  async flush(): Promise<void> {
    this.scheduled = false
    this.check()
    if (this.chunks.length === 0) return
    const chunks = this.chunks
    this.chunks = []
    this.buffered = 0
    const data = chunks.length === 1 ? (chunks[0] as Uint8Array | string) : Buffer.concat(chunks.map(toBytes))
    if (!this.stream.write(data)) await this.drained()
    this.check()
  }

  private drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        this.stream.off('drain', done)
        this.stream.off('error', done)
        this.stream.off('close', done)
        resolve()
      }
      this.stream.on('drain', done)
      this.stream.on('error', done)
      this.stream.on('close', done)
    })
  }

  private check(): void {
    if (this.failure) throw this.failure
  }
}

function toBytes(chunk: Uint8Array | string): Uint8Array {
  return typeof chunk === 'string' ? Buffer.from(chunk) : chunk
}

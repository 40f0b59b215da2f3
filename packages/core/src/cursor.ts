import { corrupt, type ImmutaError } from './errors.js'
import { isPromise } from './fileIO.js'
import { HEADER_SIZE, readU64, SIZE_FIELD } from './format.js'
import type { NamespaceState } from './namespaceState.js'
import type { LogRecord } from './types.js'

/**
 * Bytes read at once. Records are cut out of chunks as views; a chunk is never reused, so a
 * record's bytes stay valid for as long as the caller keeps them. A copy per record instead
 * would let a kept small record free its chunk, but streams 1 KiB records 3x slower (a fresh
 * Uint8Array above 64 bytes lives outside the V8 heap). 128 KiB streamed about 10 % faster
 * than 256 KiB and 1 MiB (which node-fs reads through the thread pool) 25 % slower, on
 * 2 vCPUs: a chunk that fits in L2 is still there when its records are cut out.
 */
const CHUNK_SIZE: number = 128 * 1024

/**
 * Walks the records of one namespace in order, reading ahead in chunks rather than twice per
 * record. It never reads at or past `limit`, the committed end it is given, so bytes that no
 * header counts yet (a batch being written, a transaction's spill) are never seen.
 */
export class RecordCursor {
  private chunk: Uint8Array = new Uint8Array(0)
  private chunkStart = 0

  constructor(
    private readonly ns: NamespaceState,
    public seq = 0,
    public position: number = HEADER_SIZE,
  ) {}

  /** The next record as stored (before any read transform), reading if needed; the cursor moves past it. */
  next(limit: number): LogRecord | Promise<LogRecord> {
    const size = this.sizeAt(limit)
    if (isPromise(size)) return size.then((n) => this.cut(n, limit))
    return this.cut(size, limit)
  }

  /**
   * The next record as a stream delivers it (before any read transform) when the whole of it is
   * in the chunk already, else undefined with the cursor left where it was. One size-field read
   * and one object per record: this is the per-record cost of streaming.
   */
  takeBuffered(limit: number): LogRecord | undefined {
    const { chunk, position } = this
    const at = position - this.chunkStart
    if (at < 0 || at + SIZE_FIELD > chunk.length || position + SIZE_FIELD > limit) return undefined
    const size = readU64(chunk, at)
    const from = at + SIZE_FIELD
    // A size that does not fit, or runs past the limit, is the slow path's to report.
    if (size < 0 || from + size > chunk.length || position + SIZE_FIELD + size > limit) return undefined
    // A view made from the buffer directly is cheaper than subarray() (no species lookup).
    const data = new Uint8Array(chunk.buffer, chunk.byteOffset + from, size)
    this.position = position + SIZE_FIELD + size
    return { seq: this.seq++, index: position, size, data }
  }

  /** Moves past the next record reading at most its size field. */
  skip(limit: number): void | Promise<void> {
    const size = this.sizeAt(limit)
    if (isPromise(size)) return size.then((n) => this.advance(n))
    this.advance(size)
  }

  /** Puts the cursor back on a record it returned (a read transform failed on it). */
  rewind(record: LogRecord): void {
    this.seq = record.seq
    this.position = record.index
  }

  /** Puts the cursor on a record it walked past; a chunk that holds it is read again from memory. */
  moveTo(seq: number, position: number): void {
    this.seq = seq
    this.position = position
  }

  private advance(size: number): void {
    this.position += SIZE_FIELD + size
    this.seq++
  }

  /** Reads the size field at the cursor and checks that the record ends within `limit`. */
  private sizeAt(limit: number): number | Promise<number> {
    if (this.position + SIZE_FIELD > limit) throw this.pastEnd(limit)
    if (this.buffered(SIZE_FIELD)) return this.checkedSize(limit)
    const loaded = this.load(Math.min(CHUNK_SIZE, limit - this.position))
    if (isPromise(loaded)) return loaded.then(() => this.checkedSize(limit))
    return this.checkedSize(limit)
  }

  private checkedSize(limit: number): number {
    const size = readU64(this.chunk, this.position - this.chunkStart)
    if (size < 0 || this.position + SIZE_FIELD + size > limit) throw this.pastEnd(limit)
    return size
  }

  private cut(size: number, limit: number): LogRecord | Promise<LogRecord> {
    const index = this.position
    if (this.buffered(SIZE_FIELD + size)) {
      const from = index + SIZE_FIELD - this.chunkStart
      return this.take(this.chunk.subarray(from, from + size))
    }
    if (SIZE_FIELD + size > CHUNK_SIZE) {
      const payload = new Uint8Array(size)
      const read = this.fill(payload, index + SIZE_FIELD)
      if (isPromise(read)) return read.then(() => this.take(payload))
      return this.take(payload)
    }
    const loaded = this.load(Math.min(CHUNK_SIZE, limit - index))
    if (isPromise(loaded)) return loaded.then(() => this.cut(size, limit))
    return this.cut(size, limit)
  }

  private take(data: Uint8Array): LogRecord {
    const record = { seq: this.seq, index: this.position, size: data.length, data }
    this.advance(data.length)
    return record
  }

  private buffered(length: number): boolean {
    const offset = this.position - this.chunkStart
    return offset >= 0 && offset + length <= this.chunk.length
  }

  /** Reads a fresh chunk from the cursor's position. */
  private load(length: number): void | Promise<void> {
    const chunk = new Uint8Array(length)
    const start = this.position
    const read = this.fill(chunk, start)
    if (isPromise(read)) return read.then(() => this.setChunk(chunk, start))
    this.setChunk(chunk, start)
  }

  private setChunk(chunk: Uint8Array, start: number): void {
    this.chunk = chunk
    this.chunkStart = start
  }

  /** Fills `into` from `position`, within the namespace's bound on reads in flight. */
  private fill(into: Uint8Array, position: number): void | Promise<void> {
    const { readers } = this.ns
    if (!readers.tryAcquire()) return readers.acquire().then(() => this.fillHeld(into, position))
    return this.fillHeld(into, position)
  }

  private fillHeld(into: Uint8Array, position: number): void | Promise<void> {
    let done = 0
    try {
      while (done < into.length) {
        const n = this.ns.io.read(done === 0 ? into : into.subarray(done), position + done)
        if (isPromise(n)) return this.fillAsync(n, into, position, done)
        if (n <= 0) throw this.shortFile(position + done)
        done += n
      }
    } catch (error) {
      this.ns.readers.release()
      throw error
    }
    this.ns.readers.release()
  }

  private async fillAsync(first: Promise<number>, into: Uint8Array, position: number, doneBefore: number): Promise<void> {
    let done = doneBefore
    try {
      let n = await first
      for (;;) {
        if (n <= 0) throw this.shortFile(position + done)
        done += n
        if (done >= into.length) return
        n = await this.ns.io.read(into.subarray(done), position + done)
      }
    } finally {
      this.ns.readers.release()
    }
  }

  private pastEnd(limit: number): ImmutaError {
    return corrupt(this.ns.io.name, {
      offset: this.position,
      reason: `the record at ${this.position} runs past the committed end (${limit})`,
    })
  }

  private shortFile(offset: number): ImmutaError {
    return corrupt(this.ns.io.name, { offset, reason: 'the file ends before its committed end' })
  }
}

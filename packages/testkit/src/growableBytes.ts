/**
 * The bytes of one in-memory file. The buffer grows by doubling, so a log that appends n bytes
 * copies O(n) in total rather than O(n²). Bytes past `length` are kept zero, which is what makes
 * sparse writes and growing truncates read zeros without extra work.
 */
export class GrowableBytes {
  private buffer: Uint8Array
  private used: number

  constructor(initial: Uint8Array = new Uint8Array(0)) {
    this.buffer = new Uint8Array(Math.max(initial.length, 64))
    this.buffer.set(initial)
    this.used = initial.length
  }

  get length(): number {
    return this.used
  }

  /** Copies into `into` from `position`; returns how many bytes there were. */
  read(into: Uint8Array, position: number): number {
    if (position >= this.used) return 0
    const end = Math.min(this.used, position + into.length)
    into.set(this.buffer.subarray(position, end))
    return end - position
  }

  write(data: Uint8Array, position: number): void {
    // As pwrite(2): writing nothing does not extend the file, wherever it points.
    if (data.length === 0) return
    const end = position + data.length
    this.reserve(end)
    this.buffer.set(data, position)
    if (end > this.used) this.used = end
  }

  truncate(size: number): void {
    this.reserve(size)
    // Zero what is cut off, so that growing again later reads zeros, as a file system does.
    if (size < this.used) this.buffer.fill(0, size, this.used)
    this.used = size
  }

  /** A copy of the bytes, which the caller may keep. */
  copy(): Uint8Array {
    return this.buffer.slice(0, this.used)
  }

  private reserve(size: number): void {
    if (size <= this.buffer.length) return
    const grown = new Uint8Array(Math.max(size, this.buffer.length * 2))
    grown.set(this.buffer.subarray(0, this.used))
    this.buffer = grown
  }
}

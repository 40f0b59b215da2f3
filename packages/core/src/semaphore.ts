/** Bounds how many reads of one namespace are in flight (`readerCount`). */
export class Semaphore {
  private free: number
  private readonly waiting: Array<() => void> = []

  constructor(permits: number) {
    this.free = permits
  }

  /** Takes a permit at once when one is free (true), else returns a promise of one. */
  tryAcquire(): boolean {
    if (this.free === 0) return false
    this.free--
    return true
  }

  acquire(): Promise<void> {
    if (this.tryAcquire()) return Promise.resolve()
    return new Promise((resolve) => this.waiting.push(resolve))
  }

  release(): void {
    const next = this.waiting.shift()
    if (next) next()
    else this.free++
  }
}

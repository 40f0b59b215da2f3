/**
 * Lets work that waits on a caller's promise (an async write transform) give up when the log
 * closes, so that a transform that never answers cannot hold `close()`. An AbortSignal would do
 * the same, but adding and removing its listener costs about 1 µs per append; a Set costs a
 * few dozen nanoseconds.
 */
export class CloseNotice {
  private closed = false
  private reason: unknown
  private readonly waiting = new Set<(reason: unknown) => void>()

  /** Rejects everything waiting in `race`, now and later, with `reason`. */
  close(reason: unknown): void {
    this.closed = true
    this.reason = reason
    for (const reject of this.waiting) reject(reason)
    this.waiting.clear()
  }

  /** `promise`, or a rejection with the close reason once the log closes, whichever comes first. */
  race<T>(promise: Promise<T>): Promise<T> {
    if (this.closed) {
      promise.catch(() => undefined)
      return Promise.reject(this.reason)
    }
    return new Promise<T>((resolve, reject) => {
      this.waiting.add(reject)
      promise.then(
        (value) => {
          this.waiting.delete(reject)
          resolve(value)
        },
        (error: unknown) => {
          this.waiting.delete(reject)
          reject(error)
        },
      )
    })
  }
}

import type { Committed } from './format.js'
import type { NamespaceState } from './namespaceState.js'
import { readCommitted } from './recovery.js'
import type { FileBackend } from './types.js'

/** Reads of the header before `current` gives up: a header is rewritten in one small write. */
const CURRENT_ATTEMPTS = 3

/**
 * Keeps a read-only log up to date with a writer elsewhere (another process, another machine on a
 * shared filesystem). File-change events are only a hint: they are missed on some platforms and
 * on network filesystems, so while any stream waits the header is also polled every
 * `pollInterval` ms. Reading what the header commits costs a constant number of bytes.
 */
export class Follower {
  private timer: ReturnType<typeof setTimeout> | undefined
  private readonly unwatch: Array<() => void> = []
  private readonly inFlight = new Map<NamespaceState, Promise<void>>()
  /** Namespaces whose file changed while a header read was already in flight: read again after it. */
  private readonly changedSince = new Set<NamespaceState>()
  private stopped = false

  constructor(
    private readonly states: readonly NamespaceState[],
    backend: FileBackend,
    private readonly pollInterval: number,
  ) {
    if (!backend.watch) return
    for (const ns of states) {
      try {
        this.unwatch.push(backend.watch(ns.io.name, () => this.changed(ns)))
      } catch {
        // No events for this file: polling alone keeps the follower current.
      }
    }
  }

  /** A stream waits for records: make sure someone looks. */
  waiting(): void {
    if (this.timer !== undefined || this.stopped) return
    this.timer = setTimeout(() => this.tick(), this.pollInterval)
  }

  /**
   * A file-change event. A header read already in flight may have started before the change, so
   * another read follows it: coalescing the event into it would lose the wake-up, and a follower
   * whose polls are far apart would wait for the next poll. A header caught mid-rewrite is read
   * again, a few times.
   */
  private changed(ns: NamespaceState, attempt = 1): void {
    if (this.stopped) return
    if (this.inFlight.has(ns)) {
      this.changedSince.add(ns)
      return
    }
    this.refresh(ns).catch(() => {
      if (attempt < CURRENT_ATTEMPTS) this.changed(ns, attempt + 1)
    })
  }

  /**
   * Reads the header again and publishes records it newly commits. A header read while the
   * writer rewrites it may not hold together yet; the caller decides whether that is an error.
   */
  refresh(ns: NamespaceState): Promise<void> {
    const running = this.inFlight.get(ns)
    if (running) return running
    const run = readCommitted(ns.io)
      .then((next) => {
        if (next.count > ns.committed.count) ns.publish(next)
      })
      .finally(() => {
        this.inFlight.delete(ns)
        if (this.changedSince.delete(ns)) this.changed(ns)
      })
    this.inFlight.set(ns, run)
    return run
  }

  /**
   * What the header commits now, read afresh (never a read already in flight, which may have
   * started before the caller asked): where `stream(ns, -1)` starts. A torn header is read again.
   */
  async current(ns: NamespaceState): Promise<Committed> {
    for (let attempt = 1; ; attempt++) {
      try {
        const next = await readCommitted(ns.io)
        if (next.count > ns.committed.count) ns.publish(next)
        return ns.committed
      } catch (error) {
        if (attempt >= CURRENT_ATTEMPTS) throw error
      }
    }
  }

  stop(): void {
    this.stopped = true
    clearTimeout(this.timer)
    this.timer = undefined
    for (const stop of this.unwatch) stop()
  }

  private async tick(): Promise<void> {
    this.timer = undefined
    const waited = this.states.filter((ns) => ns.hasWaiters)
    // A torn or passing state is tried again at the next poll, not reported to a waiting stream.
    await Promise.all(waited.map((ns) => this.refresh(ns).catch(() => undefined)))
    if (this.states.some((ns) => ns.hasWaiters)) this.waiting()
  }
}

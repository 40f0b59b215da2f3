/**
 * Change hints between tabs and workers of the origin: one BroadcastChannel per log folder. A
 * writer posts a file's name after writes to it; followers listening for that name wake
 * without waiting for their next poll. Only a hint: a follower polls the header anyway.
 */
export class ChangePoster {
  private readonly pending = new Set<string>()
  private channel: BroadcastChannel | undefined
  private openFiles = 0

  constructor(private readonly channelName: string) {}

  /** A file of this folder was written: post its name once for every write of this microtask. */
  changed(file: string): void {
    if (this.pending.size === 0) queueMicrotask(() => this.post())
    this.pending.add(file)
  }

  /** Counts a writer's open file, so the channel lives only while something may be written. */
  opened(): void {
    this.openFiles++
  }

  closed(): void {
    this.openFiles--
    this.closeIfIdle()
  }

  private post(): void {
    this.channel ??= new BroadcastChannel(this.channelName)
    for (const file of this.pending) this.channel.postMessage(file)
    this.pending.clear()
    this.closeIfIdle()
  }

  private closeIfIdle(): void {
    if (this.openFiles > 0 || this.pending.size > 0) return
    this.channel?.close()
    this.channel = undefined
  }
}

/** Calls `onChange` whenever a writer of the folder posts `file`; returns the stop function. */
export function watchChanges(channelName: string, file: string, onChange: () => void): () => void {
  const channel = new BroadcastChannel(channelName)
  channel.onmessage = (event: MessageEvent) => {
    if (event.data === file) onChange()
  }
  return () => channel.close()
}

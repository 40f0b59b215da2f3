import { SingleBar } from 'cli-progress'

/** A progress bar that may never show: see `progressBar`. */
export interface Progress {
  /**
   * Sets how far the work is (in bytes of log files) and what it is on. Await what it returns:
   * now and then it lets the event loop turn, since reads of a log can run for seconds without
   * one, and the bar is drawn from timers.
   */
  update(done: number, label: string): Promise<void> | undefined
  stop(): void
}

export interface ProgressOptions {
  /** Where the bar goes: stderr, so stdout stays the command's result. */
  stream: NodeJS.WriteStream
  /** The other standard stream: a bar is drawn only when both are terminals. */
  stdoutIsTTY: boolean
  env: NodeJS.ProcessEnv
  /** Bytes in all. */
  total: number
  /** Milliseconds of work before a bar appears: a quick verify prints no bar at all. */
  delayMs: number
}

const MIB = 1024 * 1024
/** How often a long walk lets the event loop turn, for the bar's timers. */
const TURN_MS = 50

function amounts(done: number, total: number): { mib: string; totalMib: string } {
  return { mib: (done / MIB).toFixed(1), totalMib: (total / MIB).toFixed(1) }
}

/**
 * A bar on stderr for work that takes more than a moment, drawn by cli-progress. Nothing at
 * all (no bar, no escape code) unless stdout and stderr are both terminals, NO_COLOR is unset
 * and TERM is not "dumb": on a pipe or in a log file a bar is noise.
 */
export function progressBar(options: ProgressOptions): Progress {
  const { stream, env, total, delayMs } = options
  const drawn = stream.isTTY === true && options.stdoutIsTTY && !env.NO_COLOR && env.TERM !== 'dumb'
  if (!drawn) return { update: () => undefined, stop: () => undefined }
  let turned = Date.now()
  let done = 0
  let label = ''
  let bar: SingleBar | undefined
  const show = (): void => {
    bar = new SingleBar({
      stream,
      format: 'verify [{bar}] {percentage}% | {mib} of {totalMib} MiB | {label}',
      clearOnComplete: true,
      hideCursor: false,
    })
    bar.start(total, done, { ...amounts(done, total), label })
  }
  // A timer, not the next update: one big namespace is verified without an update in between.
  const timer = delayMs > 0 ? setTimeout(show, delayMs).unref() : undefined
  if (delayMs <= 0) show()
  return {
    update(bytes, on) {
      done = bytes
      label = on
      bar?.update(done, { ...amounts(done, total), label })
      if (Date.now() - turned < TURN_MS) return undefined
      turned = Date.now()
      return new Promise((resolve) => setImmediate(resolve))
    },
    stop() {
      clearTimeout(timer)
      bar?.stop()
    },
  }
}

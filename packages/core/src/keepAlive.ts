/**
 * Keeps the host process alive while any stream's `next()` waits for a record, as a pending
 * socket read does. Node ends a process whose event loop has nothing left (a waiting promise is
 * not something), and `AbortSignal.timeout` is unref'd on purpose, so a writer that waits up to
 * 2 s for the next message would otherwise end with exit code 13 instead of its TimeoutError.
 * One ref'd interval is shared by every waiting `next()` of every log, and cleared when none
 * waits. Plain timers, so this runs unchanged in browsers, Deno and Bun (core imports no
 * `process`).
 */
let waiting = 0
let timer: ReturnType<typeof setInterval> | undefined

/** The longest delay timers take (2^31 - 1 ms): the interval never fires in practice. */
const IDLE_MS = 2_147_483_647

export function holdProcess(): void {
  waiting++
  if (timer === undefined) timer = setInterval(() => undefined, IDLE_MS)
}

export function releaseProcess(): void {
  waiting--
  if (waiting > 0 || timer === undefined) return
  clearInterval(timer)
  timer = undefined
}

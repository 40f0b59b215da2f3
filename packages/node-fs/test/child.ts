import { type ChildProcess, spawn } from 'node:child_process'
import { isAbsolute } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

/**
 * A child `node` process running `test/fixtures/<script>` (or `script` itself when it is an
 * absolute path), with its stdout read line by line.
 */
export interface Child {
  readonly process: ChildProcess
  /** Lines printed so far and not yet taken by `nextLine`. */
  readonly lines: string[]
  /** Resolves with the next line the child prints (rejects if it exits first). */
  nextLine(): Promise<string>
  /** Resolves when the child has exited, with its exit code or signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  /** stderr so far, for failure messages. */
  stderr(): string
}

export interface FixtureOptions {
  cwd?: string
  /**
   * The child's file size limit in 512-byte blocks (`ulimit -f`): a write past it fails with
   * EFBIG, as a full disk fails with ENOSPC, without mounting a small filesystem. Node
   * ignores SIGXFSZ, so the write fails rather than the process dying.
   */
  fileSizeLimit?: number
}

export function runFixture(script: string, args: string[], options: FixtureOptions = {}): Child {
  const path = isAbsolute(script) ? script : fileURLToPath(new URL(`./fixtures/${script}`, import.meta.url))
  const { fileSizeLimit, cwd } = options
  const argv = [process.execPath, path, ...args]
  const child =
    fileSizeLimit === undefined
      ? spawn(argv[0] as string, argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'], cwd })
      : spawn('sh', ['-c', `ulimit -f ${fileSizeLimit} && exec "$@"`, 'sh', ...argv], { stdio: ['pipe', 'pipe', 'pipe'], cwd })
  const lines: string[] = []
  const waiting: Array<{ ok: (line: string) => void; fail: (error: Error) => void }> = []
  let errors = ''
  let ended = false
  child.stderr?.on('data', (chunk: Buffer) => {
    errors += chunk.toString()
  })
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((ok) => {
    child.on('exit', (code, signal) => ok({ code, signal }))
  })
  const reader = createInterface({ input: child.stdout as NodeJS.ReadableStream })
  reader.on('line', (line) => {
    const next = waiting.shift()
    if (next) next.ok(line)
    else lines.push(line)
  })
  reader.on('close', () => {
    ended = true
    for (const w of waiting.splice(0)) w.fail(new Error(`${script} ended before printing a line: ${errors}`))
  })
  return {
    process: child,
    lines,
    exited,
    stderr: () => errors,
    nextLine() {
      const line = lines.shift()
      if (line !== undefined) return Promise.resolve(line)
      if (ended) return Promise.reject(new Error(`${script} ended before printing a line: ${errors}`))
      return new Promise((ok, fail) => waiting.push({ ok, fail }))
    },
  }
}

/** Kills the child with SIGKILL (if it is still running) and waits for it to be gone. */
export async function kill(child: Child): Promise<void> {
  if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL')
  await child.exited
}

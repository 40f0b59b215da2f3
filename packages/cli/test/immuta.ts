import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** The built bin, as package.json's `bin` names it. */
export const BIN: string = fileURLToPath(new URL('../dist/cli.js', import.meta.url))

export interface Run {
  code: number | null
  stdout: Buffer
  stderr: string
}

export interface RunOptions {
  /** Written to the command's stdin, which is then closed. */
  input?: string | Uint8Array
  env?: NodeJS.ProcessEnv
}

/** Runs `immuta <args>` to its end and collects what it printed. */
export function immuta(args: readonly string[], options: RunOptions = {}): Promise<Run> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: 'pipe', env: options.env ?? cleanEnv() })
  const stdout: Buffer[] = []
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk))
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  child.stdin.end(options.input ?? '')
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(stdout), stderr }))
  })
}

/** The test's environment without what would change the CLI's output (NO_COLOR, a TTY's TERM). */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const { NO_COLOR: _noColor, IMMUTA_PROGRESS_DELAY_MS: _delay, ...env } = process.env
  return { ...env, ...extra }
}

/** A running `immuta <args>` (a follower), its stdout read line by line. */
export interface Running {
  readonly process: ChildProcess
  /** Waits for the `n`-th line (1-based) of stdout, at most `deadlineMs`; rejects with what came instead. */
  lines(n: number, deadlineMs?: number): Promise<string[]>
  stderr(): string
  stop(): Promise<void>
}

export function startImmuta(args: readonly string[]): Running {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: 'pipe', env: cleanEnv() })
  let out = ''
  let err = ''
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString()
  })
  child.stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString()
  })
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()))
  const complete = (): string[] => out.split('\n').slice(0, -1)
  return {
    process: child,
    stderr: () => err,
    async lines(n, deadlineMs = 10_000) {
      const deadline = Date.now() + deadlineMs
      while (complete().length < n) {
        if (Date.now() > deadline || child.exitCode !== null) {
          throw new Error(`wanted ${n} lines, got ${JSON.stringify(complete())}; stderr: ${err}`)
        }
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      return complete()
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      await exited
    },
  }
}

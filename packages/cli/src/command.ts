import type { Readable, Writable } from 'node:stream'
import type { ParseArgsConfig } from 'node:util'
import type { ExitCode } from './errors.js'
import type { Output } from './output.js'

/** What a command reads and writes: the process's streams, or a test's. */
export interface Context {
  /** Results: records, reports, tables. */
  out: Output
  /** Diagnostics, one line each. */
  note(line: string): void
  stdin: Readable
  stderr: Writable & { isTTY?: boolean }
  stdoutIsTTY: boolean
  env: NodeJS.ProcessEnv
}

/** A command line after `parseArgs`. */
export interface ParsedArgs {
  values: Record<string, string | boolean | Array<string | boolean> | undefined>
  positionals: string[]
  tokens: Array<{ kind: string; name?: string; value?: string | undefined }>
}

/** The `options` of `parseArgs`. */
export type ParseArgsOptions = NonNullable<ParseArgsConfig['options']>

export interface Command {
  name: string
  /** One line for `immuta --help`. */
  summary: string
  /** `immuta cat <dir> <ns> [options]` */
  usage: string
  /** Positional arguments after the command name, at least `min`, at most `max`. */
  positionals: { min: number; max: number }
  options: ParseArgsOptions
  /** Lines of `immuta <command> --help` after the usage line. */
  help: string[]
  run(args: ParsedArgs, context: Context): Promise<ExitCode>
}

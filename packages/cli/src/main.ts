import type { Readable, Writable } from 'node:stream'
import { checkPositionals, parseCommand } from './args.js'
import type { Context } from './command.js'
import { commandNamed } from './commands.js'
import { CommandFailed, describeError, ExitCode, UsageError } from './errors.js'
import { commandHelp, mainHelp, version } from './help.js'
import { Output, PipeClosed } from './output.js'

/** The streams and environment `main` runs with; the process's own by default. */
export interface CliStreams {
  stdin: Readable
  stdout: Writable & { isTTY?: boolean }
  stderr: Writable & { isTTY?: boolean }
  env: NodeJS.ProcessEnv
}

/**
 * Runs `immuta` with the arguments after the program name and resolves with the exit code:
 * 0 ok, 1 verify found corruption or the operation failed, 2 usage error. Errors never
 * escape: each is one line on stderr.
 */
export async function main(argv: readonly string[], streams: CliStreams = processStreams()): Promise<ExitCode> {
  const out = new Output(streams.stdout)
  const note = (line: string): void => void streams.stderr.write(`${line}\n`)
  const context: Context = { out, note, stdin: streams.stdin, stderr: streams.stderr, stdoutIsTTY: streams.stdout.isTTY === true, env: streams.env }
  const [name, ...rest] = argv
  let prefix = 'immuta'
  try {
    if (name === undefined) throw new UsageError('a command is required (immuta --help lists them)')
    if (name === '--help' || name === '-h' || name === 'help') return await printHelp(out, rest[0])
    if (name === '--version') return await print(out, `${version()}\n`)
    if (name.startsWith('-')) throw new UsageError(`unknown option "${name}" (immuta --help lists the options)`)
    const command = commandNamed(name)
    if (!command) throw new UsageError(`unknown command "${name}" (immuta --help lists the commands)`)
    prefix = `immuta ${name}`
    const args = parseCommand(command, rest)
    if (args.values.help === true) return await print(out, commandHelp(command))
    checkPositionals(command, args)
    const code = await command.run(args, context)
    await out.flush()
    return code
  } catch (error) {
    // What the command printed comes first: verify's report, then the line that sums it up.
    await out.flush().catch(() => undefined)
    return exitCodeOf(error, (line) => note(`${prefix}: ${line}`))
  }
}

function exitCodeOf(error: unknown, note: (line: string) => void): ExitCode {
  if (error instanceof PipeClosed) return ExitCode.OK
  if (error instanceof UsageError) {
    note(error.message)
    return ExitCode.USAGE
  }
  note(error instanceof CommandFailed ? error.message : describeError(error))
  return ExitCode.FAILED
}

async function printHelp(out: Output, commandName: string | undefined): Promise<ExitCode> {
  if (commandName === undefined) return print(out, mainHelp())
  const command = commandNamed(commandName)
  if (!command) throw new UsageError(`unknown command "${commandName}" (immuta --help lists the commands)`)
  return print(out, commandHelp(command))
}

async function print(out: Output, text: string): Promise<ExitCode> {
  await out.write(text)
  await out.flush()
  return ExitCode.OK
}

function processStreams(): CliStreams {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env }
}

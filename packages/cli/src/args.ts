import { parseArgs } from 'node:util'
import type { Command, ParsedArgs } from './command.js'
import { UsageError } from './errors.js'

/** Every command takes --help. */
const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const

/** The command line after the command's name, parsed strictly: an unknown option is a UsageError. */
export function parseCommand(command: Command, argv: readonly string[]): ParsedArgs {
  let parsed: ReturnType<typeof parseArgs>
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { ...command.options, ...HELP_OPTION },
      strict: true,
      allowPositionals: true,
      tokens: true,
    })
  } catch (error) {
    throw new UsageError(firstSentence((error as Error).message))
  }
  return { values: parsed.values, positionals: parsed.positionals, tokens: parsed.tokens ?? [] }
}

/** Checks the number of positional arguments, once --help has had its chance. */
export function checkPositionals(command: Command, args: ParsedArgs): void {
  const { min, max } = command.positionals
  const given = args.positionals.length
  if (given < min) throw new UsageError(`too few arguments: ${command.usage}`)
  if (given > max) throw new UsageError(`unexpected argument "${args.positionals[max]}": ${command.usage}`)
}

/** A string option's value, the last one when it was given more than once. */
export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name]
  const last = Array.isArray(value) ? value.at(-1) : value
  return typeof last === 'string' ? last : undefined
}

export function flag(args: ParsedArgs, name: string): boolean {
  const value = args.values[name]
  return Array.isArray(value) ? value.length > 0 : value === true
}

/** A whole number of at least `min`, written in decimal digits only. */
export function integerOf(text: string, what: string, min = 0): number {
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN
  if (!Number.isSafeInteger(value) || value < min) throw new UsageError(`${what} must be a whole number of at least ${min}, not "${text}"`)
  return value
}

/** parseArgs explains how to pass a positional that starts with '-'; one line is enough here. */
function firstSentence(message: string): string {
  const line = message.split('\n')[0] ?? message
  const end = line.indexOf('. ')
  return end === -1 ? line : line.slice(0, end)
}

/** `--from N` (default 0) and `--count K` (default: every record), as `cat` and `export` take them. */
export function rangeOf(args: ParsedArgs): { from: number; count: number } {
  const from = integerOf(stringOption(args, 'from') ?? '0', '--from')
  const countText = stringOption(args, 'count')
  return { from, count: countText === undefined ? Number.POSITIVE_INFINITY : integerOf(countText, '--count') }
}

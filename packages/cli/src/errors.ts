import { isImmutaError } from '@immuta/core'

/** The exit codes of `immuta`, documented in the README. */
export const ExitCode = {
  /** The command did what it was asked; verify found every namespace sound. */
  OK: 0,
  /** verify found corruption, or the operation failed (LOCKED, IO_ERROR, a bad import line, ...). */
  FAILED: 1,
  /** The command line was wrong: an unknown command or option, a missing or malformed argument. */
  USAGE: 2,
} as const

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]

/** A command line that cannot be run as written: one line on stderr, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}

/**
 * A failure that the command has already explained (verify's report, import's line number):
 * the message is the one line printed on stderr, the exit code is 1.
 */
export class CommandFailed extends Error {
  override readonly name = 'CommandFailed'
}

/** One line for stderr: an ImmutaError's code and message, any other error's message. */
export function describeError(error: unknown): string {
  if (isImmutaError(error)) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : ''
    return `${error.code}: ${oneLine(error.message)}${oneLine(cause)}`
  }
  if (error instanceof Error) return oneLine(error.message)
  return oneLine(String(error))
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ')
}

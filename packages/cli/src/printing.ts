import type { Immuta, LogRecord } from '@immuta/core'
import { stringOption } from './args.js'
import type { ParseArgsOptions, ParsedArgs } from './command.js'
import { UsageError } from './errors.js'
import { FORMATS, type Format, formatRecord, isFormat } from './formats.js'
import { openReader } from './logDir.js'
import type { Output } from './output.js'
import { readTransformOf, TRANSFORM_OPTIONS, transformSteps } from './transforms.js'

/** The options of the commands that print records, for `parseArgs`. */
export const PRINT_OPTIONS: ParseArgsOptions = { format: { type: 'string' }, ...TRANSFORM_OPTIONS }

export const FORMAT_HELP: string = `  --format <f>  ${FORMATS.join(', ')} (default text): text is each record's bytes and a newline; json is\n                {"seq","index","size","data","encoding"}, data as text when it is UTF-8, else base64`

export function formatOf(args: ParsedArgs): Format {
  const format = stringOption(args, 'format') ?? 'text'
  if (!isFormat(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not "${format}"`)
  return format
}

/** Opens one namespace as a follower, with the read transform the flags describe. */
export async function openForReading(dir: string, namespace: string, args: ParsedArgs): Promise<Immuta> {
  return openReader(dir, [namespace], readTransformOf(await transformSteps(args.tokens)))
}

/**
 * Prints each record as one line, at most `limit` of them. Stops as soon as stdout fails, also
 * while it waits for a record (a follower whose reader went away).
 */
export async function printRecords(records: AsyncIterable<LogRecord>, format: Format, out: Output, limit: number = Number.POSITIVE_INFINITY): Promise<void> {
  const iterator = records[Symbol.asyncIterator]()
  try {
    for (let printed = 0; printed < limit; printed++) {
      const next = await Promise.race([iterator.next(), out.failed])
      if (next.done) break
      await out.write(formatRecord(next.value, format))
    }
    await out.flush()
  } finally {
    // Not awaited: a stream still waiting for a record ends when the log closes.
    iterator.return?.()?.catch(() => undefined)
  }
}

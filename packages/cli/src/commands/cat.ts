import { flag, rangeOf } from '../args.js'
import type { Command } from '../command.js'
import { ExitCode } from '../errors.js'
import { FORMAT_HELP, formatOf, openForReading, PRINT_OPTIONS, printRecords } from '../printing.js'
import { readRange } from '../records.js'
import { TRANSFORM_HELP } from '../transforms.js'

export const cat: Command = {
  name: 'cat',
  summary: 'print records in order (--from, --count, --format, --follow)',
  usage: 'immuta cat <dir> <ns> [--from N] [--count K] [--format text|json|hex|base64] [--follow]',
  positionals: { min: 2, max: 2 },
  options: { from: { type: 'string' }, count: { type: 'string' }, follow: { type: 'boolean', short: 'f' }, ...PRINT_OPTIONS },
  help: [
    'Prints the records of one namespace in order, one line each, and exits at the last one',
    'committed when it started; with --follow it keeps printing records as a writer commits them.',
    '',
    '  --from <N>     start at the record with seq N (default 0)',
    '  --count <K>    print at most K records',
    '  -f, --follow   wait for new records after the last one (stop with Ctrl-C)',
    FORMAT_HELP,
    ...TRANSFORM_HELP,
  ],
  async run(args, { out }) {
    const [dir = '', namespace = ''] = args.positionals
    const { from, count } = rangeOf(args)
    const format = formatOf(args)
    const log = await openForReading(dir, namespace, args)
    try {
      const records = flag(args, 'follow') ? log.stream(namespace, from) : readRange(log, namespace, from, count)
      await printRecords(records, format, out, count)
    } finally {
      await log.close()
    }
    return ExitCode.OK
  },
}

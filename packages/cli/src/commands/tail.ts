import { flag, integerOf, stringOption } from '../args.js'
import type { Command } from '../command.js'
import { ExitCode } from '../errors.js'
import { FORMAT_HELP, formatOf, openForReading, PRINT_OPTIONS, printRecords } from '../printing.js'
import { readRange } from '../records.js'
import { TRANSFORM_HELP } from '../transforms.js'

const DEFAULT_LINES = 10

export const tail: Command = {
  name: 'tail',
  summary: 'print the last records, then follow with -f',
  usage: 'immuta tail <dir> <ns> [-n K] [-f] [--format text|json|hex|base64]',
  positionals: { min: 2, max: 2 },
  options: { lines: { type: 'string', short: 'n' }, follow: { type: 'boolean', short: 'f' }, ...PRINT_OPTIONS },
  help: [
    'Prints the last K records of one namespace; with -f it then keeps printing new ones.',
    '',
    `  -n, --lines <K>  how many records (default ${DEFAULT_LINES})`,
    '  -f, --follow     wait for new records after the last one (stop with Ctrl-C)',
    FORMAT_HELP,
    ...TRANSFORM_HELP,
  ],
  async run(args, { out }) {
    const [dir = '', namespace = ''] = args.positionals
    const lines = integerOf(stringOption(args, 'lines') ?? String(DEFAULT_LINES), '-n')
    const format = formatOf(args)
    const log = await openForReading(dir, namespace, args)
    try {
      const { count } = await log.stats(namespace)
      const from = Math.max(0, count - lines)
      if (flag(args, 'follow')) await printRecords(log.stream(namespace, from), format, out)
      else await printRecords(readRange(log, namespace, from, lines), format, out)
    } finally {
      await log.close()
    }
    return ExitCode.OK
  },
}

import { rangeOf } from '../args.js'
import type { Command } from '../command.js'
import { ExitCode } from '../errors.js'
import { openForReading, printRecords } from '../printing.js'
import { readRange } from '../records.js'
import { TRANSFORM_HELP, TRANSFORM_OPTIONS } from '../transforms.js'

export const exportCommand: Command = {
  name: 'export',
  summary: 'write records as JSON lines, for import',
  usage: 'immuta export <dir> <ns> [--from N] [--count K]',
  positionals: { min: 2, max: 2 },
  options: { from: { type: 'string' }, count: { type: 'string' }, ...TRANSFORM_OPTIONS },
  help: [
    'Writes the records committed now as JSON lines, {"seq","index","size","data","encoding"}:',
    'data as text when the record is valid UTF-8 ("encoding":"utf8"), else base64. `immuta import`',
    'reads them back. The same as `immuta cat --format json`.',
    '',
    '  --from <N>   start at the record with seq N (default 0)',
    '  --count <K>  export at most K records',
    ...TRANSFORM_HELP,
  ],
  async run(args, { out }) {
    const [dir = '', namespace = ''] = args.positionals
    const { from, count } = rangeOf(args)
    const log = await openForReading(dir, namespace, args)
    try {
      await printRecords(readRange(log, namespace, from, count), 'json', out)
    } finally {
      await log.close()
    }
    return ExitCode.OK
  },
}

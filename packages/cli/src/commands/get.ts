import { integerOf } from '../args.js'
import type { Command } from '../command.js'
import { CommandFailed, ExitCode } from '../errors.js'
import { openForReading } from '../printing.js'
import { getRecord } from '../records.js'
import { TRANSFORM_HELP, TRANSFORM_OPTIONS } from '../transforms.js'

export const get: Command = {
  name: 'get',
  summary: "write one record's bytes to stdout, as they are",
  usage: 'immuta get <dir> <ns> <seq>',
  positionals: { min: 3, max: 3 },
  options: { ...TRANSFORM_OPTIONS },
  help: [
    'Writes the record with this seq (0 is the first) to stdout: its bytes as they are, after',
    'the read transform, with no newline, for pipes (`immuta get logs events 7 | jq .`).',
    '',
    ...TRANSFORM_HELP,
  ],
  async run(args, { out }) {
    const [dir = '', namespace = '', seqText = ''] = args.positionals
    const seq = integerOf(seqText, '<seq>')
    const log = await openForReading(dir, namespace, args)
    try {
      const record = await getRecord(log, namespace, seq)
      if (!record) {
        const { count } = await log.stats(namespace)
        throw new CommandFailed(`${namespace} has no record ${seq}: it holds ${count} (seq 0 to ${count - 1})`)
      }
      await out.write(record.data)
      await out.flush()
    } finally {
      await log.close()
    }
    return ExitCode.OK
  },
}

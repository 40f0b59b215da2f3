import type { NamespaceStats } from '@immuta/core'
import { flag } from '../args.js'
import type { Command } from '../command.js'
import { describeError, ExitCode } from '../errors.js'
import { namespacesIn, openReader } from '../logDir.js'

interface Row extends NamespaceStats {
  namespace: string
}

export const stats: Command = {
  name: 'stats',
  summary: 'count, file size and last index of each namespace',
  usage: 'immuta stats <dir> [ns...] [--json]',
  positionals: { min: 1, max: Number.POSITIVE_INFINITY },
  options: { json: { type: 'boolean' } },
  help: [
    'Prints, per namespace, the committed record count, the file size in bytes and the index',
    '(byte offset) of the last record. Without namespaces: every <ns>.log file in <dir>.',
    '',
    '  --json  one JSON array of {"namespace","count","size","lastIndex"}',
  ],
  async run(args, { out, note }) {
    const [dir = '', ...given] = args.positionals
    const namespaces = given.length > 0 ? given : await namespacesIn(dir)
    const rows: Row[] = []
    let failed = false
    for (const namespace of namespaces) {
      // One follower per namespace, so that one bad header does not hide the others' numbers.
      try {
        const log = await openReader(dir, [namespace])
        try {
          rows.push({ namespace, ...(await log.stats(namespace)) })
        } finally {
          await log.close()
        }
      } catch (error) {
        failed = true
        note(`immuta stats: ${namespace}: ${describeError(error)}`)
      }
    }
    await out.write(flag(args, 'json') ? `${JSON.stringify(rows)}\n` : table(rows))
    return failed ? ExitCode.FAILED : ExitCode.OK
  },
}

function table(rows: readonly Row[]): string {
  const lines = [['namespace', 'count', 'size', 'last index'], ...rows.map((row) => [row.namespace, String(row.count), String(row.size), String(row.lastIndex)])]
  const widths = lines[0]?.map((_, column) => Math.max(...lines.map((line) => (line[column] ?? '').length))) ?? []
  return lines.map((line) => `${line.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ')}\n`).join('')
}

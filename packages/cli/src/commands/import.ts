import { type FileHandle, open } from 'node:fs/promises'
import type { Readable } from 'node:stream'
import { createInterface } from 'node:readline'
import type { Immuta } from '@immuta/core'
import { integerOf, stringOption } from '../args.js'
import type { Command } from '../command.js'
import { CommandFailed, describeError, ExitCode } from '../errors.js'
import { recordOfLine } from '../importLine.js'
import { openWriter } from '../logDir.js'
import { TRANSFORM_HELP, TRANSFORM_OPTIONS, transformSteps, writeTransformOf } from '../transforms.js'

const DEFAULT_BATCH = 1000

export const importCommand: Command = {
  name: 'import',
  summary: 'append JSON lines (as export writes them) in transactions; the only command that writes',
  usage: 'immuta import <dir> <ns> [file] [--batch N]',
  positionals: { min: 2, max: 3 },
  options: { batch: { type: 'string' }, ...TRANSFORM_OPTIONS },
  help: [
    'Appends one record per line of [file] (default: stdin), each a JSON object with "data" and',
    '"encoding" ("utf8", the default, or "base64"), as `immuta export` writes them. Empty lines are',
    'skipped. Records are committed in transactions of --batch lines. It takes the writer lock: beside',
    'a running writer it fails with LOCKED (exit 1) and writes nothing. A bad line stops the import:',
    'every line before it is committed, none from it on; the error names the line.',
    '',
    `  --batch <N>  records per transaction (default ${DEFAULT_BATCH})`,
    ...TRANSFORM_HELP,
    '  On import the flags describe how the log will be read: each record is written through the',
    '  inverse steps in reverse order (--checksum adds a CRC-32C, --inflate deflates, a key encrypts).',
  ],
  async run(args, { out, stdin }) {
    const [dir = '', namespace = '', file] = args.positionals
    const batch = integerOf(stringOption(args, 'batch') ?? String(DEFAULT_BATCH), '--batch', 1)
    const writeTransform = writeTransformOf(await transformSteps(args.tokens))
    // Opened before the log: a missing file must not leave a new, empty namespace behind.
    const input = file === undefined ? stdin : (await openInput(file)).createReadStream()
    const log = await openWriter(dir, namespace, writeTransform)
    let imported = 0
    try {
      imported = await importLines(log, namespace, input, batch)
    } finally {
      await log.close()
    }
    await out.write(`imported ${imported} records into ${namespace}\n`)
    return ExitCode.OK
  },
}

/** Appends every line's record, `batch` per transaction; returns how many were committed. */
async function importLines(log: Immuta, namespace: string, input: Readable, batch: number): Promise<number> {
  let pending: Uint8Array[] = []
  let imported = 0
  let lineNumber = 0
  const commit = async (): Promise<void> => {
    const records = pending
    pending = []
    await log.transaction(namespace, async (tx) => {
      for (const record of records) await tx.append(record)
    })
    imported += records.length
  }
  for await (const line of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    lineNumber++
    if (line.trim() === '') continue
    let record: Uint8Array
    try {
      record = recordOfLine(line, lineNumber)
    } catch (error) {
      // The lines before the bad one are good: commit them, as the help promises.
      if (pending.length > 0) await commit()
      throw new CommandFailed(`${(error as Error).message}; the ${imported} records before it were imported`)
    }
    pending.push(record)
    if (pending.length >= batch) await commit()
  }
  if (pending.length > 0) await commit()
  return imported
}

async function openInput(file: string): Promise<FileHandle> {
  try {
    return await open(file)
  } catch (error) {
    throw new CommandFailed(describeError(error))
  }
}

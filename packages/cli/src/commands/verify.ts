import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { Immuta, Transformer } from '@immuta/core'
import { flag } from '../args.js'
import type { Command, Context } from '../command.js'
import { CommandFailed, ExitCode, UsageError } from '../errors.js'
import { namespacesIn, openReader } from '../logDir.js'
import { type Progress, progressBar } from '../progress.js'
import { readTransformOf, TRANSFORM_HELP, TRANSFORM_OPTIONS, transformSteps } from '../transforms.js'
import { corruptionOf, type VerifyOutcome, verifyNamespace } from '../verifyRecords.js'

/** A verify that is over before this shows no bar. */
const DEFAULT_PROGRESS_DELAY_MS = 500

export const verify: Command = {
  name: 'verify',
  summary: 'walk every record and check the log is sound (exit 1 when it is not)',
  usage: 'immuta verify <dir> [ns...] [--transform <transform flags>] [--json]',
  positionals: { min: 1, max: Number.POSITIVE_INFINITY },
  options: { transform: { type: 'boolean' }, json: { type: 'boolean' }, ...TRANSFORM_OPTIONS },
  help: [
    'Walks every committed record of each namespace (every <ns>.log in <dir> when none are',
    'named) and checks the chain the header describes. Exit 0 when every namespace is sound,',
    '1 with the file, offset and reason of what is wrong. A progress bar shows on a terminal',
    'when it takes longer than half a second.',
    '',
    '  --transform  also run every record through the read transform (the flags below); the',
    '               first record it refuses is reported with its seq and offset',
    '  --json       one JSON array of outcomes instead of one line per namespace',
    ...TRANSFORM_HELP,
  ],
  async run(args, context) {
    const [dir = '', ...given] = args.positionals
    const steps = await transformSteps(args.tokens)
    const transformAll = flag(args, 'transform')
    if (transformAll && steps.length === 0) throw new UsageError('--transform needs a transform: --inflate, --decrypt-key-file or --checksum')
    if (!transformAll && steps.length > 0) throw new UsageError('transform flags take effect with --transform')
    const namespaces = given.length > 0 ? given : await namespacesIn(dir)
    const outcomes = await verifyAll(dir, namespaces, transformAll ? readTransformOf(steps) : undefined, context)
    await context.out.write(flag(args, 'json') ? `${JSON.stringify(outcomes)}\n` : outcomes.map(reportLine).join(''))
    const corrupt = outcomes.filter((outcome) => !outcome.ok).length
    if (corrupt === 0) return ExitCode.OK
    throw new CommandFailed(`${corrupt} of ${outcomes.length} namespaces failed verification`)
  },
}

async function verifyAll(dir: string, namespaces: readonly string[], transform: Transformer | undefined, context: Context): Promise<VerifyOutcome[]> {
  const sizes = await Promise.all(namespaces.map((ns) => fileSize(dir, ns)))
  const progress = progressBar({
    stream: context.stderr as NodeJS.WriteStream,
    stdoutIsTTY: context.stdoutIsTTY,
    env: context.env,
    total: sizes.reduce((sum, size) => sum + size, 0),
    delayMs: progressDelay(context.env),
  })
  const outcomes: VerifyOutcome[] = []
  let before = 0
  try {
    for (const [i, namespace] of namespaces.entries()) {
      await progress.update(before, namespace)
      outcomes.push(await verifyOne(dir, namespace, transform, progress, before))
      before += sizes[i] ?? 0
    }
  } finally {
    progress.stop()
  }
  return outcomes
}

async function verifyOne(dir: string, namespace: string, transform: Transformer | undefined, progress: Progress, before: number): Promise<VerifyOutcome> {
  let log: Immuta
  try {
    // No read transform on the log: verifyNamespace runs it itself, to name the record it refuses.
    log = await openReader(dir, [namespace])
  } catch (error) {
    const corruption = corruptionOf(error, namespace)
    if (corruption) return corruption
    throw error
  }
  try {
    return await verifyNamespace(log, namespace, transform, (record) => progress.update(before + record.index + 8 + record.size, namespace))
  } finally {
    await log.close()
  }
}

function reportLine(outcome: VerifyOutcome): string {
  if (outcome.ok) return `${outcome.namespace}: ok, ${outcome.count} records, ${outcome.size} bytes\n`
  const record = outcome.seq === undefined ? '' : `record ${outcome.seq}, `
  return `${outcome.namespace}: CORRUPT ${outcome.file} at offset ${outcome.offset} (${record}${outcome.reason})\n`
}

/** The file's size for the bar's total; 0 when it cannot be read (verify then says why). */
async function fileSize(dir: string, namespace: string): Promise<number> {
  try {
    return (await stat(join(dir, `${namespace}.log`))).size
  } catch {
    return 0
  }
}

function progressDelay(env: NodeJS.ProcessEnv): number {
  const text = env.IMMUTA_PROGRESS_DELAY_MS
  const value = text === undefined || text === '' ? Number.NaN : Number(text)
  return Number.isFinite(value) && value >= 0 ? value : DEFAULT_PROGRESS_DELAY_MS
}

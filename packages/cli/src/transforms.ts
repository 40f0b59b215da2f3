import { readFile } from 'node:fs/promises'
import { chain, type Transformer } from '@immuta/core'
import { checksum, decrypt, deflate, encrypt, inflate, verifyChecksum } from '@immuta/transformers'
import type { ParseArgsOptions } from './command.js'
import { UsageError } from './errors.js'

/** One of the transform flags, in the order the command line gives them. */
export type TransformStep = { kind: 'inflate' } | { kind: 'checksum' } | { kind: 'decrypt'; key: Uint8Array }

/** The options every command that reads records accepts, for `parseArgs`. */
export const TRANSFORM_OPTIONS: ParseArgsOptions = {
  inflate: { type: 'boolean', multiple: true },
  'decrypt-key-file': { type: 'string', multiple: true },
  checksum: { type: 'boolean', multiple: true },
}

export const TRANSFORM_HELP: string[] = [
  '  --inflate                  inflate each record (raw DEFLATE, deflate() from @immuta/transformers)',
  '  --decrypt-key-file <path>  decrypt each record (AES-256-GCM); the file holds 32 raw bytes or 64 hex characters',
  '  --checksum                 check and strip each record\'s CRC-32C (checksum())',
  '  The transform flags apply in the order given: the reverse of the order the writer used.',
]

/** The option tokens of `parseArgs({ tokens: true })` that matter here. */
interface OptionToken {
  kind: string
  name?: string
  value?: string | undefined
}

/** The transform flags of a command line, in order, with key files read. */
export async function transformSteps(tokens: readonly OptionToken[]): Promise<TransformStep[]> {
  const steps: TransformStep[] = []
  for (const token of tokens) {
    if (token.kind !== 'option') continue
    if (token.name === 'inflate') steps.push({ kind: 'inflate' })
    else if (token.name === 'checksum') steps.push({ kind: 'checksum' })
    else if (token.name === 'decrypt-key-file') steps.push({ kind: 'decrypt', key: await readKeyFile(token.value ?? '') })
  }
  return steps
}

/** The read transform the flags describe, or undefined when there are none. */
export function readTransformOf(steps: readonly TransformStep[]): Transformer | undefined {
  if (steps.length === 0) return undefined
  return chain(...steps.map(readStep))
}

/**
 * The write transform that the same flags read back: each step's inverse, in reverse order
 * (`--decrypt-key-file k --inflate` reads what `chain(deflate(), encrypt(k))` wrote). `import`
 * uses it, so `export` and `import` with the same flags round-trip.
 */
export function writeTransformOf(steps: readonly TransformStep[]): Transformer | undefined {
  if (steps.length === 0) return undefined
  return chain(...steps.map(writeStep).reverse())
}

function readStep(step: TransformStep): Transformer {
  if (step.kind === 'inflate') return inflate()
  if (step.kind === 'checksum') return verifyChecksum()
  return decrypt(step.key)
}

function writeStep(step: TransformStep): Transformer {
  if (step.kind === 'inflate') return deflate()
  if (step.kind === 'checksum') return checksum()
  return encrypt(step.key)
}

const KEY_BYTES = 32
const HEX_KEY = /^[0-9a-fA-F]{64}$/

/** A key file holds the 32 key bytes as they are, or as 64 hex characters (a trailing newline is fine). */
async function readKeyFile(path: string): Promise<Uint8Array> {
  let content: Buffer
  try {
    content = await readFile(path)
  } catch (error) {
    throw new UsageError(`--decrypt-key-file ${path}: ${(error as Error).message}`)
  }
  if (content.length === KEY_BYTES) return new Uint8Array(content)
  const text = content.toString('latin1').trim()
  if (HEX_KEY.test(text)) return new Uint8Array(Buffer.from(text, 'hex'))
  throw new UsageError(`--decrypt-key-file ${path}: the file holds ${content.length} bytes, not 32 raw bytes or 64 hex characters`)
}

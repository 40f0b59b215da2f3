import { ErrorCode, ImmutaError } from '@immuta/core'
import type { FileState } from './memoryBackend.js'
import { applyOperation, type PendingOperation } from './memoryFile.js'
import { GrowableBytes } from './growableBytes.js'
import { type Random, seededRandom } from './random.js'

/**
 * Which of the unsynced operations survive a power loss. What was synced always survives.
 * - `keep`: all of them (what a process crash leaves: the OS still had them).
 * - `drop`: none.
 * - `prefix`: the first `keep` of each file, or a seeded random number of them.
 * - `tear`: each one, on its own, is kept, dropped or torn; a torn write keeps or drops each
 *   `sectorSize`-aligned piece of itself, so a write inside one sector is atomic.
 */
export type PowerLossPlan =
  | { mode: 'keep' }
  | { mode: 'drop' }
  | { mode: 'prefix'; keep: number }
  | { mode: 'prefix'; seed: number }
  | {
      mode: 'tear'
      seed: number
      /**
       * Sector size in bytes: pieces of a write inside one aligned sector land together or not at all.
       * @default 512
       */
      sectorSize?: number
    }

/** The bytes of each file after the power loss, in name order so that a seed replays exactly. */
export function survivors(files: Map<string, FileState>, plan: PowerLossPlan): Record<string, Uint8Array> {
  checkPlan(plan)
  const random = seededRandom('seed' in plan ? plan.seed : 0)
  const result: Record<string, Uint8Array> = {}
  for (const name of [...files.keys()].sort()) {
    const state = files.get(name) as FileState
    const bytes = new GrowableBytes(state.durable)
    for (const operation of surviving(state.pending, plan, random)) applyOperation(bytes, operation)
    result[name] = bytes.copy()
  }
  return result
}

function checkPlan(plan: PowerLossPlan): void {
  const bad = (what: string): never => {
    throw new ImmutaError(ErrorCode.INVALID_ARGUMENT, `afterPowerLoss: ${what}`)
  }
  if (!['keep', 'drop', 'prefix', 'tear'].includes(plan.mode)) bad(`unknown mode ${String(plan.mode)}`)
  if ('keep' in plan && !(Number.isSafeInteger(plan.keep) && plan.keep >= 0)) bad('keep must be a count')
  if ('seed' in plan && !Number.isFinite(plan.seed)) bad('seed must be a number')
  if (plan.mode === 'prefix' && !('keep' in plan) && !('seed' in plan)) bad('prefix needs keep or seed')
  const sectorSize = plan.mode === 'tear' ? (plan.sectorSize ?? 512) : 1
  if (!(Number.isSafeInteger(sectorSize) && sectorSize > 0)) bad('sectorSize must be a positive integer')
}

function surviving(pending: readonly PendingOperation[], plan: PowerLossPlan, random: Random): PendingOperation[] {
  switch (plan.mode) {
    case 'keep':
      return [...pending]
    case 'drop':
      return []
    case 'prefix':
      return pending.slice(0, 'keep' in plan ? plan.keep : random.int(pending.length + 1))
    case 'tear':
      return pending.flatMap((operation) => tear(operation, plan.sectorSize ?? 512, random))
  }
}

/** Keep, drop or tear one operation, each a third of the time. */
function tear(operation: PendingOperation, sectorSize: number, random: Random): PendingOperation[] {
  const choice = random.int(3)
  if (choice === 0) return [operation]
  if (choice === 1) return []
  if (operation.kind === 'truncate') return random.int(2) === 0 ? [operation] : []
  return sectorPieces(operation.data, operation.position, sectorSize).filter(() => random.int(2) === 0)
}

/** Splits a write at the sector boundaries of the file (absolute offsets), not of the write. */
function sectorPieces(data: Uint8Array, position: number, sectorSize: number): PendingOperation[] {
  const pieces: PendingOperation[] = []
  let start = 0
  while (start < data.length) {
    const boundary = (Math.floor((position + start) / sectorSize) + 1) * sectorSize
    const end = Math.min(data.length, boundary - position)
    pieces.push({ kind: 'write', position: position + start, data: data.subarray(start, end) })
    start = end
  }
  return pieces
}

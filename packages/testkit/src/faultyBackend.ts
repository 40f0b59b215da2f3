import { type Awaitable, ErrorCode, type FileBackend, ImmutaError } from '@immuta/core'
import { concatBytes } from './bytes.js'
import { errnoError } from './errnoError.js'
import { type MemoryBackend, type MemoryInternals, memoryBackend, memoryInternals } from './memoryBackend.js'
import { type PowerLossPlan, survivors } from './powerLoss.js'
import { type FileCallInfo, mapAnswer, wrapBackend } from './wrapBackend.js'

export type { PowerLossPlan } from './powerLoss.js'

/** The backend calls that are counted and can fail. `close`, `lock` and `watch` are never failed. */
export type FileCall = 'open' | 'read' | 'write' | 'writev' | 'truncate' | 'size' | 'sync'

/**
 * - `EIO`: the call rejects with `code: 'EIO'` and does nothing.
 * - `ENOSPC`: the call rejects with `code: 'ENOSPC'` and does nothing.
 * - `shortWrite`: the first half of the data (rounded down) lands, then the call rejects `ENOSPC`.
 * - `lostSync`: `sync` rejects `EIO` and the unsynced writes are gone, as on Linux after a failed
 *   fsync; reads then see the last synced bytes. Needs a `memoryBackend()` inside.
 */
export type FaultKind = 'EIO' | 'ENOSPC' | 'shortWrite' | 'lostSync'

/** Which file call of a `faultyBackend()` fails, and how; or when the power goes. */
export interface FaultPlan {
  /** Fails the Nth (1-based) call among `calls`. Without it no call fails. */
  failAt?: number
  /** @default 'EIO' */
  kind?: FaultKind
  /**
   * `false`: only that call fails. `true`: it and every later call among `calls` fail.
   * @default false
   */
  persistent?: boolean
  /**
   * The calls that count towards `failAt` and that fail.
   * @default every call for EIO; write and writev for ENOSPC and shortWrite; sync for lostSync
   */
  calls?: readonly FileCall[]
  /**
   * Simulates a power loss when the Nth file call (counting every kind, like `calls`) is made:
   * that call does nothing and it and every later call reject `EIO`. See `afterPowerLoss`.
   */
  crashAt?: number
}

/** What `faultyBackend()` returns: the inner backend with faults injected, and what it did. */
export interface FaultyBackend<Inner extends FileBackend = FileBackend> extends FileBackend {
  readonly inner: Inner
  /** File calls made so far, of every kind: the numbering `crashAt` uses. */
  readonly calls: number
  /** Faults injected so far. 0 after a workload means `failAt` lies past its last call. */
  readonly injected: number
  /** True once the simulated power loss happened (`crashAt` reached or `crash()` called). */
  readonly crashed: boolean
  /** Power loss now: every later file call rejects `EIO`; `close` does nothing. */
  crash(): void
  /**
   * Crashes if not yet crashed, then returns a fresh `memoryBackend()` holding what survived:
   * the synced bytes, plus the unsynced operations that `plan` keeps. Only over a `memoryBackend()`
   * (the `this` type says so); over anything else it throws `INVALID_ARGUMENT`.
   */
  afterPowerLoss(this: FaultyBackend<MemoryBackend>, plan: PowerLossPlan): MemoryBackend
}

const defaultCalls: Record<FaultKind, readonly FileCall[]> = {
  EIO: ['open', 'read', 'write', 'writev', 'truncate', 'size', 'sync'],
  ENOSPC: ['write', 'writev'],
  shortWrite: ['write', 'writev'],
  lostSync: ['sync'],
}

/** Wraps `inner` to fail calls as `plan` says and to simulate power loss. */
export function faultyBackend<Inner extends FileBackend>(inner: Inner, plan: FaultPlan = {}): FaultyBackend<Inner> {
  const kind = plan.kind ?? 'EIO'
  const failing = new Set(plan.calls ?? defaultCalls[kind])
  checkPlan(inner, plan, kind, failing)
  let calls = 0
  let matched = 0
  let injected = 0
  let crashed = false

  /** Counts a call and says whether it fails; throws once the power is gone. */
  const fault = (call: FileCall): FaultKind | undefined => {
    if (crashed) throw errnoError('EIO', `faultyBackend: ${call} after the simulated power loss`)
    calls++
    if (plan.crashAt !== undefined && calls >= plan.crashAt) {
      crashed = true
      throw errnoError('EIO', `faultyBackend: power lost at call ${calls} (${call})`)
    }
    if (!failing.has(call)) return undefined
    matched++
    if (plan.failAt === undefined || matched < plan.failAt) return undefined
    if (matched > plan.failAt && plan.persistent !== true) return undefined
    injected++
    return kind
  }

  /** Runs a call unless it fails; a short write lands the first half of its data before failing. */
  const guarded = (info: FileCallInfo, run: () => Awaitable<unknown>): Awaitable<unknown> => {
    // After the power loss there is nothing left to close; cleanup code must not fail on it.
    if (info.method === 'close') return crashed ? undefined : run()
    const injectedKind = fault(info.method)
    if (injectedKind === undefined) return run()
    const error = injectedError(injectedKind, info.method, calls)
    if (injectedKind === 'lostSync') internalsOf(inner, 'lostSync').discardPending(info.name)
    const partial = injectedKind === 'shortWrite' ? shortWrite(info) : undefined
    if (partial !== undefined) {
      return mapAnswer(partial, () => {
        throw error
      })
    }
    throw error
  }
  const faulty = wrapBackend(inner, {
    call: guarded,
    open: (_name, _options, run) => {
      const injectedKind = fault('open')
      if (injectedKind !== undefined) throw injectedError(injectedKind, 'open', calls)
      return run()
    },
  })

  const wrapper: FaultyBackend<Inner> = {
    inner,
    get calls() {
      return calls
    },
    get injected() {
      return injected
    },
    get crashed() {
      return crashed
    },
    open: faulty.open,
    crash() {
      crashed = true
    },
    afterPowerLoss(powerLossPlan) {
      const files = internalsOf(inner, 'afterPowerLoss').files()
      crashed = true
      return memoryBackend({ files: survivors(files, powerLossPlan) })
    },
  }
  if (faulty.lock !== undefined) wrapper.lock = faulty.lock
  if (faulty.watch !== undefined) wrapper.watch = faulty.watch
  return wrapper
}

/** The prefix a short write lands: the first half of its data (rounded down). */
function shortWrite({ method, args, file }: FileCallInfo): Awaitable<void> | undefined {
  if (method === 'write') return file.write(firstHalf(args[0] as Uint8Array), args[1] as number)
  if (method === 'writev') return file.write(firstHalf(concatBytes(args[0] as Uint8Array[])), args[1] as number)
  return undefined
}

function checkPlan(inner: FileBackend, plan: FaultPlan, kind: FaultKind, failing: Set<FileCall>): void {
  for (const [key, value] of [['failAt', plan.failAt], ['crashAt', plan.crashAt]] as const) {
    if (value !== undefined && !(Number.isSafeInteger(value) && value >= 1)) {
      throw new ImmutaError(ErrorCode.INVALID_ARGUMENT, `faultyBackend: ${key} must be a call number from 1, not ${value}`)
    }
  }
  const allowed = kind === 'lostSync' ? ['sync'] : kind === 'shortWrite' ? ['write', 'writev'] : undefined
  for (const call of failing) {
    if (allowed !== undefined && !allowed.includes(call)) {
      throw new ImmutaError(ErrorCode.INVALID_ARGUMENT, `faultyBackend: a ${kind} fault cannot hit ${call}`)
    }
  }
  if (kind === 'lostSync') internalsOf(inner, 'lostSync')
}

function internalsOf(inner: FileBackend, feature: string): MemoryInternals {
  const found = memoryInternals(inner)
  if (found !== undefined) return found
  throw new ImmutaError(
    ErrorCode.INVALID_ARGUMENT,
    `faultyBackend: ${feature} needs a memoryBackend() inside, to know which writes were synced`,
  )
}

function injectedError(kind: FaultKind, call: FileCall, number: number): Error {
  const code = kind === 'EIO' || kind === 'lostSync' ? 'EIO' : 'ENOSPC'
  return errnoError(code, `faultyBackend: injected ${kind} on ${call} (call ${number})`)
}

function firstHalf(data: Uint8Array): Uint8Array {
  return data.subarray(0, Math.floor(data.length / 2))
}

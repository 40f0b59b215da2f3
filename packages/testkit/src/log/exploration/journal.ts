import { ImmutaError } from '@immuta/core'
import type { Log } from '../suite.js'

/**
 * How one operation of a workload ended. `acked`: its promise resolved, so it must survive;
 * `failed`: it rejected, so it may be there (whole) or not; `rolledBack`: it was meant to roll
 * back, so it must never be seen.
 */
export type OpOutcome = 'acked' | 'failed' | 'rolledBack'

export interface JournalOp {
  id: number
  records: Uint8Array[]
  outcome: OpOutcome | undefined
  /** An earlier operation had already failed with IO_ERROR when this one began. */
  afterIoError: boolean
}

/** Thrown by a workload's transaction callback to roll it back on purpose. */
export class Rollback extends Error {}

/** A payload no other operation has, without zero bytes, so a zeroed or torn record never matches it. */
function opPayload(id: number, index: number, size: number): Uint8Array {
  const bytes = new Uint8Array(size)
  bytes.fill(1 + ((id * 7 + index * 13) % 255))
  const tag = `<${id}.${index}>`
  for (let i = 0; i < tag.length && i < size; i++) bytes[i] = tag.charCodeAt(i)
  return bytes
}

/**
 * What a workload did to one namespace, operation by operation, in call order: the oracle's
 * input. Every error the log raised is kept so the checker can insist on documented codes.
 */
export class Journal {
  readonly ops: JournalOp[] = []
  readonly errors: unknown[] = []
  private ioErrorSeen = false

  constructor(
    private readonly log: Log,
    readonly namespace: string,
  ) {}

  async append(size: number): Promise<void> {
    const op = this.start([size])
    try {
      await this.log.append(this.namespace, op.records[0] as Uint8Array)
      op.outcome = 'acked'
    } catch (error) {
      this.failed(op, error)
    }
  }

  /** `transaction()` with records of `sizes`; `commit: false` throws from the callback to roll back. */
  async transaction(sizes: number[], commit: boolean): Promise<void> {
    const op = this.start(sizes)
    try {
      await this.log.transaction(this.namespace, async (tx) => {
        for (const record of op.records) await tx.append(record)
        if (!commit) throw new Rollback()
      })
      op.outcome = 'acked'
    } catch (error) {
      if (!(error instanceof Rollback)) this.failed(op, error)
      if (!commit) op.outcome = 'rolledBack'
    }
  }

  /** `await using tx = log.begin()`, committed or left without commit (a rollback on scope exit). */
  async begin(sizes: number[], commit: boolean): Promise<void> {
    const op = this.start(sizes)
    try {
      await using tx = this.log.begin(this.namespace)
      for (const record of op.records) await tx.append(record)
      if (commit) await tx.commit()
      op.outcome = commit ? 'acked' : 'rolledBack'
    } catch (error) {
      this.failed(op, error)
      if (!commit) op.outcome = 'rolledBack'
    }
  }

  private start(sizes: number[]): JournalOp {
    const id = this.ops.length
    const op: JournalOp = {
      id,
      records: sizes.map((size, index) => opPayload(id, index, size)),
      outcome: undefined,
      afterIoError: this.ioErrorSeen,
    }
    this.ops.push(op)
    return op
  }

  private failed(op: JournalOp, error: unknown): void {
    op.outcome = 'failed'
    this.errors.push(error)
    if (error instanceof ImmutaError && error.code === 'IO_ERROR') this.ioErrorSeen = true
  }
}

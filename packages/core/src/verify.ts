import { RecordCursor } from './cursor.js'
import { corrupt } from './errors.js'
import { isPromise } from './fileIO.js'
import type { NamespaceState } from './namespaceState.js'
import type { ReadTransform } from './transforms.js'
import type { VerifyOptions, VerifyResult } from './types.js'

/** How often, in records, the walk reports progress. */
const PROGRESS_EVERY = 1024

export interface VerifyWalk extends Omit<VerifyOptions, 'transform'> {
  /** The log's read transform, when the caller asked for records to be transformed. */
  transform: ReadTransform | undefined
}

/**
 * Walks every committed record and checks that the chain the header describes holds: `count`
 * records, the last one at `lastIndex`, ending where the header says, inside the file. Without
 * a transform it reads size fields only; with one it reads and transforms every payload.
 */
export async function verifyNamespace(ns: NamespaceState, walk: VerifyWalk): Promise<VerifyResult> {
  const { count, lastIndex, end } = ns.committed
  const { signal, onProgress, transform } = walk
  const cursor = new RecordCursor(ns)
  let last = 0
  while (cursor.seq < count) {
    signal?.throwIfAborted()
    last = cursor.position
    if (transform) await checkRecord(cursor, end, transform)
    else {
      const skipped = cursor.skip(end)
      if (isPromise(skipped)) await skipped
    }
    if (onProgress && cursor.seq % PROGRESS_EVERY === 0) onProgress({ checked: cursor.seq, count })
  }
  const file = ns.io.name
  if (count > 0 && last !== lastIndex) {
    throw corrupt(file, { offset: last, reason: `record ${count - 1} is at ${last}, but the header says the last record is at ${lastIndex}` })
  }
  if (cursor.position !== end) {
    throw corrupt(file, { offset: cursor.position, reason: `the records end at ${cursor.position}, not at the committed end ${end}` })
  }
  const size = await ns.io.size()
  if (size < end) throw corrupt(file, { offset: size, reason: `the file ends at ${size}, before the committed end ${end}` })
  onProgress?.({ checked: count, count })
  return { count, size }
}

async function checkRecord(cursor: RecordCursor, end: number, transform: ReadTransform): Promise<void> {
  const next = cursor.next(end)
  const out = transform(isPromise(next) ? await next : next)
  if (isPromise(out)) await out
}

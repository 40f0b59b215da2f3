import { RecordCursor } from './cursor.js'
import { isPromise } from './fileIO.js'
import type { NamespaceState } from './namespaceState.js'
import { corrupt } from './recovery.js'
import type { VerifyResult } from './types.js'

/**
 * Walks every committed record, reading size fields only, and checks that the chain the header
 * describes holds: `count` records, the last one at `lastIndex`, ending where the header says,
 * inside the file.
 */
export async function verifyNamespace(ns: NamespaceState): Promise<VerifyResult> {
  const { count, lastIndex, end } = ns.committed
  const cursor = new RecordCursor(ns)
  let last = 0
  while (cursor.seq < count) {
    last = cursor.position
    const skipped = cursor.skip(end)
    if (isPromise(skipped)) await skipped
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
  return { count, size }
}

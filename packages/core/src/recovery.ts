import { corrupt, type Problem } from './errors.js'
import { type FileIO, isPromise } from './fileIO.js'
import { type Committed, decodeHeader, EMPTY, HEADER_SIZE, type Header, readU64, recordEnd, SIZE_FIELD } from './format.js'


/**
 * Checks what the header alone can tell, against the file's size. Each record takes at least
 * its 8-byte size field, which bounds how many records can sit before the last one.
 */
export function headerProblem(header: Header, fileSize: number): Problem | undefined {
  const { count, lastIndex } = header
  if (count < 0) return { offset: 0, reason: 'the record count does not fit in 2^53' }
  if (lastIndex < 0) return { offset: 8, reason: 'the last offset does not fit in 2^53' }
  if (count === 0) return lastIndex === 0 ? undefined : { offset: 8, reason: 'the count is 0 but a last offset is set' }
  if (lastIndex === 0) return { offset: 8, reason: 'the count is above 0 but no last offset is set' }
  if (lastIndex < HEADER_SIZE) return { offset: 8, reason: `the last offset ${lastIndex} points into the header` }
  if (lastIndex + SIZE_FIELD > fileSize) {
    return { offset: 8, reason: `the last offset ${lastIndex} is past the end of the file (${fileSize} bytes)` }
  }
  if ((count - 1) * SIZE_FIELD > lastIndex - HEADER_SIZE) {
    return { offset: 0, reason: `${count} records cannot fit before the last offset ${lastIndex}` }
  }
  return undefined
}

/** The committed end from the last record's size field, or the problem with it. */
export function committedEnd(header: Header, lastSize: number, fileSize: number): number | Problem {
  const end = recordEnd(header.lastIndex, lastSize)
  if (lastSize < 0 || end > fileSize) {
    return { offset: header.lastIndex, reason: `the last record's size runs past the end of the file (${fileSize} bytes)` }
  }
  return end
}

/**
 * Reads what a file commits, in a constant number of bytes whatever its size: the header and the
 * last committed record's size field. Nothing is walked; that is `verify()`'s job.
 *
 * The header is read before the size: a writer elsewhere writes records before the header that
 * counts them, so a size read after the header is never too small for it. Read the other way
 * round, a commit in between makes a valid header look past the end of the file.
 */
export async function readCommitted(io: FileIO): Promise<Committed> {
  const head = await readUpTo(io, HEADER_SIZE)
  const fileSize = await io.size()
  if (head.length < HEADER_SIZE) return shortFile(io, head)
  const header = decodeHeader(head)
  const problem = headerProblem(header, fileSize)
  if (problem) throw corrupt(io.name, problem)
  if (header.count === 0) return EMPTY
  const lastSize = readU64(await readExactly(io, SIZE_FIELD, header.lastIndex), 0)
  const end = committedEnd(header, lastSize, fileSize)
  if (typeof end !== 'number') throw corrupt(io.name, end)
  return { count: header.count, lastIndex: header.lastIndex, end }
}

/**
 * A file shorter than a header is a log whose creation was cut short only when every byte it
 * has is zero (the header a new log starts with); anything else is a torn header.
 */
function shortFile(io: FileIO, bytes: Uint8Array): Committed {
  if (bytes.every((byte) => byte === 0)) return EMPTY
  throw corrupt(io.name, { offset: 0, reason: `the file is ${bytes.length} bytes, shorter than its 16-byte header` })
}

/** Reads up to `length` bytes from the start; fewer only where the file ends. */
async function readUpTo(io: FileIO, length: number): Promise<Uint8Array> {
  const into = new Uint8Array(length)
  let done = 0
  while (done < length) {
    const answer = io.read(into.subarray(done), done)
    const n = isPromise(answer) ? await answer : answer
    if (n <= 0) break
    done += n
  }
  return into.subarray(0, done)
}

/** Reads `length` bytes at `position`; a short read means the file is shorter than it said. */
export async function readExactly(io: FileIO, length: number, position: number): Promise<Uint8Array> {
  const into = new Uint8Array(length)
  let done = 0
  while (done < length) {
    const answer = io.read(done === 0 ? into : into.subarray(done), position + done)
    const n = isPromise(answer) ? await answer : answer
    if (n <= 0) throw corrupt(io.name, { offset: position + done, reason: 'the file ends inside a read that the header requires' })
    done += n
  }
  return into
}

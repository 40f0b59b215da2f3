// The raw floor: the same bytes in the same format as immuta (16-byte header: count, last
// index; then records of a u64 LE size and the payload), written with synchronous fs calls and
// nothing else. One writevSync of size field + payload and one 16-byte header writeSync per
// record; reads of 1 MiB chunks cut into records. No library can write this format with fewer
// syscalls per acknowledged record, so its rate is the bar.
import { closeSync, fdatasyncSync, openSync, readSync, writeSync, writevSync } from 'node:fs'

export const HEADER_SIZE = 16
export const SIZE_FIELD = 8
export const READ_CHUNK = 1024 * 1024

export function writeU64(bytes, offset, value) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  view.setBigUint64(offset, BigInt(value), true)
}

function readU64(bytes, offset) {
  return (
    bytes[offset] +
    bytes[offset + 1] * 2 ** 8 +
    bytes[offset + 2] * 2 ** 16 +
    bytes[offset + 3] * 2 ** 24 +
    bytes[offset + 4] * 2 ** 32 +
    bytes[offset + 5] * 2 ** 40 +
    bytes[offset + 6] * 2 ** 48
  )
}

/** A new log file with its empty header written, and the scratch both floor loops reuse. */
function newFloorFile(path, payload) {
  const fd = openSync(path, 'w+')
  const header = new Uint8Array(HEADER_SIZE)
  const view = new DataView(header.buffer)
  const size = new Uint8Array(SIZE_FIELD)
  writeU64(size, 0, payload.length)
  writeSync(fd, header, 0, HEADER_SIZE, 0)
  return { fd, header, view, size }
}

/**
 * Appends `count` records to a new file at `path`, each acknowledged by its header write:
 * `payload`, or the payloads of a list of one size taken in turn. `syncs`: 0 (fast), 1 (one
 * fdatasync per append, after the header) or 2 (fdatasync after the record and after the
 * header: the order immuta's durable mode needs). All calls synchronous.
 */
export function floorAppend(path, payloads, count, syncs = 0) {
  const list = Array.isArray(payloads) ? payloads : [payloads]
  const payload = list[0]
  const { fd, header, view, size } = newFloorFile(path, payload)
  let position = HEADER_SIZE
  const start = performance.now()
  for (let i = 0; i < count; i++) {
    writevSync(fd, [size, list[i % list.length]], position)
    if (syncs === 2) fdatasyncSync(fd)
    view.setUint32(0, i + 1, true)
    view.setUint32(8, position, true)
    view.setUint32(12, Math.floor(position / 2 ** 32), true)
    writeSync(fd, header, 0, HEADER_SIZE, 0)
    if (syncs > 0) fdatasyncSync(fd)
    position += SIZE_FIELD + payload.length
  }
  const ms = performance.now() - start
  closeSync(fd)
  return { records: count, bytes: count * payload.length, ms }
}

/**
 * The floor with one `await` of a settled promise after each record: what the promise API of an
 * awaited append costs by itself on this machine, before any engine work. Not a target; it shows
 * how much of the sequential-append gap no promise-returning library can close.
 */
export async function floorAppendAwaited(path, payload, count) {
  const { fd, header, view, size } = newFloorFile(path, payload)
  let position = HEADER_SIZE
  const start = performance.now()
  for (let i = 0; i < count; i++) {
    writevSync(fd, [size, payload], position)
    view.setUint32(0, i + 1, true)
    view.setUint32(8, position, true)
    view.setUint32(12, Math.floor(position / 2 ** 32), true)
    writeSync(fd, header, 0, HEADER_SIZE, 0)
    position += SIZE_FIELD + payload.length
    await Promise.resolve(i)
  }
  const ms = performance.now() - start
  closeSync(fd)
  return { records: count, bytes: count * payload.length, ms }
}

/**
 * Reads the records of a log file from the start: 1 MiB chunks, each fresh (a record handed out
 * is a view into its chunk, which stays valid, as immuta's are), cut into records. A record that
 * straddles a chunk's end is read again at the start of the next chunk.
 */
export function floorRead(path, count) {
  const fd = openSync(path, 'r')
  const start = performance.now()
  let position = HEADER_SIZE
  let chunk = new Uint8Array(0)
  let chunkStart = 0
  let bytes = 0
  for (let seq = 0; seq < count; seq++) {
    let at = position - chunkStart
    if (at + SIZE_FIELD > chunk.length || at + SIZE_FIELD + readU64(chunk, at) > chunk.length) {
      chunk = new Uint8Array(READ_CHUNK)
      const n = readSync(fd, chunk, 0, READ_CHUNK, position)
      chunk = chunk.subarray(0, n)
      chunkStart = position
      at = 0
    }
    const size = readU64(chunk, at)
    const record = chunk.subarray(at + SIZE_FIELD, at + SIZE_FIELD + size)
    bytes += record.length
    position += SIZE_FIELD + size
  }
  const ms = performance.now() - start
  closeSync(fd)
  return { records: count, bytes, ms }
}

/**
 * Writes a log of `count` records of `payload` quickly (records gathered into 1 MiB writes):
 * setup for the read and open workloads, not a measurement.
 */
export function writeLogFile(path, payload, count) {
  const fd = openSync(path, 'w+')
  const recordSize = SIZE_FIELD + payload.length
  const perChunk = Math.max(1, Math.floor(READ_CHUNK / recordSize))
  const chunk = new Uint8Array(perChunk * recordSize)
  for (let i = 0; i < perChunk; i++) {
    writeU64(chunk, i * recordSize, payload.length)
    chunk.set(payload, i * recordSize + SIZE_FIELD)
  }
  let position = HEADER_SIZE
  let written = 0
  while (written < count) {
    const n = Math.min(perChunk, count - written)
    writeSync(fd, chunk, 0, n * recordSize, position)
    position += n * recordSize
    written += n
  }
  const header = new Uint8Array(HEADER_SIZE)
  writeU64(header, 0, count)
  writeU64(header, 8, count === 0 ? 0 : position - recordSize)
  writeSync(fd, header, 0, HEADER_SIZE, 0)
  closeSync(fd)
  return position
}

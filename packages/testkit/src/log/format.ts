import type { FileBackend } from '@immuta/core'
import { concatBytes } from '../bytes.js'

/**
 * The on-disk format, written independently of the engine so that the suite can build files
 * (good, torn or impossible) and check what the engine wrote byte for byte:
 *
 *   offset 0   u64 LE  committed record count
 *   offset 8   u64 LE  offset of the last committed record (0 while empty)
 *   offset 16  records: u64 LE payload size, then the payload
 */
export const HEADER_SIZE = 16
export const SIZE_FIELD = 8

export interface Header {
  count: number | bigint
  lastIndex: number | bigint
}

/** Writes a u64 LE; a bigint reaches values (2^64 - 1) that no number can hold exactly. */
export function setU64(bytes: Uint8Array, offset: number, value: number | bigint): void {
  new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).setBigUint64(offset, BigInt(value), true)
}

export function getU64(bytes: Uint8Array, offset: number): number {
  return Number(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(offset, true))
}

/** The index of each record when `payloads` are stored one after the other. */
export function indexesOf(payloads: readonly Uint8Array[]): number[] {
  const indexes: number[] = []
  let at = HEADER_SIZE
  for (const payload of payloads) {
    indexes.push(at)
    at += SIZE_FIELD + payload.length
  }
  return indexes
}

/** The bytes of a log holding `payloads`; `header` overrides what the header says, for corrupt files. */
export function encodeLog(payloads: readonly Uint8Array[], header?: Partial<Header>): Uint8Array {
  const indexes = indexesOf(payloads)
  const end = HEADER_SIZE + payloads.reduce((sum, payload) => sum + SIZE_FIELD + payload.length, 0)
  const bytes = new Uint8Array(end)
  setU64(bytes, 0, header?.count ?? payloads.length)
  setU64(bytes, 8, header?.lastIndex ?? indexes.at(-1) ?? 0)
  payloads.forEach((payload, i) => {
    const at = indexes[i] as number
    setU64(bytes, at, payload.length)
    bytes.set(payload, at + SIZE_FIELD)
  })
  return bytes
}

/** `concatBytes` for parts written out in a call. */
export function concat(...parts: readonly Uint8Array[]): Uint8Array {
  return concatBytes(parts)
}

/** A parsed file, for oracles: what the header says and the record chain walked from offset 16. */
export interface ParsedLog {
  count: number
  lastIndex: number
  /** Records of the chain up to the committed count (or until the chain breaks). */
  records: { index: number; data: Uint8Array }[]
}

export function parseLog(bytes: Uint8Array): ParsedLog {
  if (bytes.length < HEADER_SIZE) return { count: 0, lastIndex: 0, records: [] }
  const count = getU64(bytes, 0)
  const records: ParsedLog['records'] = []
  let at = HEADER_SIZE
  while (records.length < count && at + SIZE_FIELD <= bytes.length) {
    const size = getU64(bytes, at)
    if (at + SIZE_FIELD + size > bytes.length) break
    records.push({ index: at, data: bytes.slice(at + SIZE_FIELD, at + SIZE_FIELD + size) })
    at += SIZE_FIELD + size
  }
  return { count, lastIndex: getU64(bytes, 8), records }
}

export function fileOf(namespace: string): string {
  return `${namespace}.log`
}

/** Every byte of `name`, read through its own handle as another process would. */
export async function readFile(backend: FileBackend, name: string): Promise<Uint8Array> {
  const file = await backend.open(name, { readOnly: true })
  try {
    const bytes = new Uint8Array(await file.size())
    let done = 0
    while (done < bytes.length) {
      const n = await file.read(bytes.subarray(done), done)
      if (n <= 0) break
      done += n
    }
    return bytes.subarray(0, done)
  } finally {
    await file.close()
  }
}

/** Replaces the content of `name` with `bytes`, synced, as a crash or another program leaves it. */
export async function writeFile(backend: FileBackend, name: string, bytes: Uint8Array): Promise<void> {
  const file = await backend.open(name, { readOnly: false })
  try {
    await file.truncate(0)
    if (bytes.length > 0) await file.write(bytes, 0)
    await file.sync()
  } finally {
    await file.close()
  }
}

/** Appends `bytes` at the end of `name`: a tail that no header counts. */
export async function appendRaw(backend: FileBackend, name: string, bytes: Uint8Array): Promise<void> {
  const file = await backend.open(name, { readOnly: false })
  try {
    await file.write(bytes, await file.size())
    await file.sync()
  } finally {
    await file.close()
  }
}

/** True when `name` exists: a read-only open of a missing file rejects. */
export async function fileExists(backend: FileBackend, name: string): Promise<boolean> {
  try {
    const file = await backend.open(name, { readOnly: true })
    await file.close()
    return true
  } catch {
    return false
  }
}

/**
 * The `<namespace>.idx` hint file, written independently of the engine (like format.ts for the
 * log) so that the suite can forge one that is well formed but wrong, and check what the engine
 * wrote:
 *
 *   0 "immutaix" | 8 u32 version 1 | 12 u32 stride | 16 u64 covered count | 24 u64 covered lastIndex
 *   32 u64 covered end | 40 u64 n | 48 n x (u64 seq, u64 offset) | u32 CRC-32C of all before it
 */
import { getU64, setU64 } from './format.js'

export interface IndexContent {
  stride: number
  covered: { count: number; lastIndex: number; end: number }
  entries: { seq: number; offset: number }[]
}

export function indexFileOf(namespace: string): string {
  return `${namespace}.idx`
}

export function crc32c(bytes: Uint8Array): number {
  let crc = 0xffffffff
  for (const byte of bytes) {
    crc ^= byte
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1
  }
  return (crc ^ 0xffffffff) >>> 0
}

export function encodeIndex(content: IndexContent): Uint8Array {
  const bytes = new Uint8Array(48 + content.entries.length * 16 + 4)
  const view = new DataView(bytes.buffer)
  bytes.set(new TextEncoder().encode('immutaix'), 0)
  view.setUint32(8, 1, true)
  view.setUint32(12, content.stride, true)
  setU64(bytes, 16, content.covered.count)
  setU64(bytes, 24, content.covered.lastIndex)
  setU64(bytes, 32, content.covered.end)
  setU64(bytes, 40, content.entries.length)
  content.entries.forEach((entry, i) => {
    setU64(bytes, 48 + i * 16, entry.seq)
    setU64(bytes, 56 + i * 16, entry.offset)
  })
  view.setUint32(bytes.length - 4, crc32c(bytes.subarray(0, bytes.length - 4)), true)
  return bytes
}

/** The content of a file the engine wrote whole, or undefined when it is not one. */
export function decodeIndex(bytes: Uint8Array): IndexContent | undefined {
  if (bytes.length < 52) return undefined
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (view.getUint32(bytes.length - 4, true) !== crc32c(bytes.subarray(0, bytes.length - 4))) return undefined
  const n = getU64(bytes, 40)
  if (bytes.length !== 48 + n * 16 + 4) return undefined
  return {
    stride: view.getUint32(12, true),
    covered: { count: getU64(bytes, 16), lastIndex: getU64(bytes, 24), end: getU64(bytes, 32) },
    entries: Array.from({ length: n }, (_, i) => ({ seq: getU64(bytes, 48 + i * 16), offset: getU64(bytes, 56 + i * 16) })),
  }
}

import { readFileSync, writeFileSync } from 'node:fs'

/** Overwrites the u64 little-endian at `offset` of `file`: a size field or a header word. */
export function setU64(file: string, offset: number, value: number): void {
  const bytes = readFileSync(file)
  bytes.writeBigUInt64LE(BigInt(value), offset)
  writeFileSync(file, bytes)
}

/** Flips the bits of one byte of `file`. */
export function flipByte(file: string, offset: number): void {
  const bytes = readFileSync(file)
  bytes[offset] = (bytes[offset] ?? 0) ^ 0xff
  writeFileSync(file, bytes)
}

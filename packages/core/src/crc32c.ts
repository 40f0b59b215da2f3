/**
 * CRC-32C (Castagnoli), the checksum of the `<namespace>.idx` hint file. Written here rather
 * than taken from a package: core has no dependencies and must not import `node:*`, and the
 * table form is a dozen lines that the test vector of RFC 3720 pins down.
 */
const TABLE: Uint32Array = makeTable()

function makeTable(): Uint32Array {
  const table = new Uint32Array(256)
  for (let i = 0; i < 256; i++) {
    let c = i
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1
    table[i] = c >>> 0
  }
  return table
}

export function crc32c(bytes: Uint8Array): number {
  let c = 0xffffffff
  for (let i = 0; i < bytes.length; i++) c = (TABLE[(c ^ (bytes[i] as number)) & 0xff] as number) ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

/**
 * CRC-32C (Castagnoli), the checksum of iSCSI (RFC 3720 §12.1; test vectors in its appendix
 * B.4), ext4 metadata and LevelDB. Castagnoli's polynomial detects more errors than zlib's
 * CRC-32 at the record sizes a log holds, for the same cost.
 */

// The polynomial 0x1EDC6F41, bit-reversed: RFC 3720 feeds each byte least significant bit first.
const POLYNOMIAL = 0x82f63b78
const SLICES = 16

// 16 tables of 256 entries (16 KiB), built on first use so importing the package costs nothing.
// Int32Array rather than Uint32Array: V8 keeps int32 loads out of heap numbers in the hot loop.
let tables: Int32Array | undefined

function buildTables(): Int32Array {
  const table = new Int32Array(SLICES * 256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let bit = 0; bit < 8; bit++) c = c & 1 ? (c >>> 1) ^ POLYNOMIAL : c >>> 1
    table[n] = c
  }
  // Slicing (Kounavis and Berry, Intel 2005): table k is table 0 followed by k zero bytes, so
  // one step consumes 16 input bytes with 16 independent lookups instead of a chain of 16.
  for (let k = 1; k < SLICES; k++) {
    for (let n = 0; n < 256; n++) {
      const previous = table[(k - 1) * 256 + n] as number
      table[k * 256 + n] = (table[previous & 0xff] as number) ^ (previous >>> 8)
    }
  }
  return table
}

/**
 * The CRC-32C of `data`, as an unsigned 32-bit number. Pass an earlier result as `crc` to
 * continue over more bytes: `crc32c(b, crc32c(a))` equals the CRC-32C of `a` then `b`.
 */
export function crc32c(data: Uint8Array, crc = 0): number {
  tables ??= buildTables()
  const t = tables
  const length = data.length
  const whole = length - (length & 15)
  let c = ~crc
  if (whole > 0) c = sliceBy16(t, new DataView(data.buffer, data.byteOffset, whole), c)
  for (let i = whole; i < length; i++) c = (t[(c ^ (data[i] as number)) & 0xff] as number) ^ (c >>> 8)
  return ~c >>> 0
}

// Little-endian 32-bit reads through a DataView measured about 1.5x faster here than
// assembling words from single bytes, whatever the buffer's alignment.
function sliceBy16(t: Int32Array, view: DataView, crc: number): number {
  let c = crc
  for (let i = 0; i < view.byteLength; i += 16) {
    const a = c ^ view.getInt32(i, true)
    const b = view.getInt32(i + 4, true)
    const d = view.getInt32(i + 8, true)
    const e = view.getInt32(i + 12, true)
    c =
      (t[0xf00 + (a & 0xff)] as number) ^
      (t[0xe00 + ((a >>> 8) & 0xff)] as number) ^
      (t[0xd00 + ((a >>> 16) & 0xff)] as number) ^
      (t[0xc00 + (a >>> 24)] as number) ^
      (t[0xb00 + (b & 0xff)] as number) ^
      (t[0xa00 + ((b >>> 8) & 0xff)] as number) ^
      (t[0x900 + ((b >>> 16) & 0xff)] as number) ^
      (t[0x800 + (b >>> 24)] as number) ^
      (t[0x700 + (d & 0xff)] as number) ^
      (t[0x600 + ((d >>> 8) & 0xff)] as number) ^
      (t[0x500 + ((d >>> 16) & 0xff)] as number) ^
      (t[0x400 + (d >>> 24)] as number) ^
      (t[0x300 + (e & 0xff)] as number) ^
      (t[0x200 + ((e >>> 8) & 0xff)] as number) ^
      (t[0x100 + ((e >>> 16) & 0xff)] as number) ^
      (t[e >>> 24] as number)
  }
  return c
}

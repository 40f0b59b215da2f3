import type { LogRecord } from '@immuta/core'

/** How `cat`, `tail` and `export` print a record: one line each. */
export const FORMATS = ['text', 'json', 'hex', 'base64'] as const
export type Format = (typeof FORMATS)[number]

export function isFormat(name: string): name is Format {
  return (FORMATS as readonly string[]).includes(name)
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * The line for one record. `text` is the record's bytes as they are (like `cat`), then a
 * newline; `json` is the line that `immuta import` reads back.
 */
export function formatRecord(record: LogRecord, format: Format): Uint8Array | string {
  const { data } = record
  if (format === 'text') return Buffer.concat([data, NEWLINE])
  if (format === 'json') return `${jsonLine(record)}\n`
  return `${asBuffer(data).toString(format)}\n`
}

/**
 * `{"seq","index","size","data","encoding"}`: data as text when the bytes are valid UTF-8
 * (`"encoding":"utf8"`), else base64 (`"encoding":"base64"`), so every record round-trips.
 */
function jsonLine(record: LogRecord): string {
  const { seq, index, size, data } = record
  const text = utf8OrUndefined(data)
  const encoded = text === undefined ? { data: asBuffer(data).toString('base64'), encoding: 'base64' } : { data: text, encoding: 'utf8' }
  return JSON.stringify({ seq, index, size, ...encoded })
}

const NEWLINE = new Uint8Array([0x0a])

function utf8OrUndefined(data: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(data)
  } catch {
    return undefined
  }
}

/** A Buffer view of the same bytes, for its hex and base64 encoders (no copy). */
function asBuffer(data: Uint8Array): Buffer {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength)
}

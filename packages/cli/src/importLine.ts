import { CommandFailed } from './errors.js'

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/**
 * The record bytes of one line that `immuta import` reads: a JSON object with `data` (a string)
 * and `encoding` (`"utf8"`, the default, or `"base64"`), as `immuta export` writes them. Other
 * fields (`seq`, `index`, `size`) are ignored: the log gives the record its own place.
 */
export function recordOfLine(line: string, lineNumber: number): Uint8Array {
  let parsed: unknown
  try {
    parsed = JSON.parse(line)
  } catch {
    throw badLine(lineNumber, 'not valid JSON')
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw badLine(lineNumber, 'not a JSON object')
  const { data, encoding = 'utf8' } = parsed as { data?: unknown; encoding?: unknown }
  if (typeof data !== 'string') throw badLine(lineNumber, '"data" is missing or not a string')
  if (encoding === 'utf8') return Buffer.from(data, 'utf8')
  if (encoding !== 'base64') throw badLine(lineNumber, `"encoding" must be "utf8" or "base64", not ${JSON.stringify(encoding)}`)
  // Buffer's decoder skips characters it does not know; a typo must not become other bytes.
  if (!BASE64.test(data)) throw badLine(lineNumber, '"data" is not valid base64')
  return Buffer.from(data, 'base64')
}

function badLine(lineNumber: number, why: string): CommandFailed {
  return new CommandFailed(`line ${lineNumber}: ${why}`)
}

import type { FileBackend } from '@immuta/core'
import { wrapBackend } from '../../wrapBackend.js'

/** `inner` with every file's optional `writev` (and its watch) hidden: the engine joins chunks itself. */
export function withoutWritev(inner: FileBackend): FileBackend {
  return wrapBackend(inner, { hideWritev: true, hideWatch: true })
}

import { Immuta, type ImmutaOptions } from '@immuta/core'
import { nodeFs } from './nodeFs.js'

/** Every `Immuta.open` option, with `dir` in place of `backend`. */
export interface OpenOptions extends Omit<ImmutaOptions, 'backend'> {
  /**
   * The log directory, created when a writer opens it. Relative paths resolve against the
   * working directory.
   * @default './logs'
   */
  dir?: string
}

/** Opens a log in `dir` on the local filesystem: `Immuta.open({ ...options, backend: nodeFs(dir) })`. */
export function open(options: OpenOptions): Promise<Immuta> {
  // Called with nothing (or not an object), Immuta.open says what it wants: an ImmutaError, not a TypeError.
  if (typeof options !== 'object' || options === null) return Immuta.open(options)
  const { dir = './logs', ...rest } = options
  return Immuta.open({ ...rest, backend: nodeFs(dir) })
}

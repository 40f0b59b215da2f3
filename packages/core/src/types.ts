/** A value or a promise of it: backends may answer either way. */
export type Awaitable<T> = T | Promise<T>

/**
 * Turns a record's bytes into stored bytes (write) or back (read).
 * May answer synchronously or with a promise.
 */
export type Transformer = (data: Uint8Array) => Uint8Array | Promise<Uint8Array>

/** Where a log keeps its files. One file per namespace, named `<namespace>.log`. */
export interface FileBackend {
  /** Opens `name`, creating it unless `readOnly`. A missing file in read-only mode rejects. */
  open(name: string, options: { readOnly: boolean }): Awaitable<BackendFile>
  /** Exclusive writer lock over the whole backend; rejects with `LOCKED` while another holds it. */
  lock?(): Awaitable<BackendLock>
  /** Calls `onChange` (as a hint, maybe late or never) when `name` changes; returns a stop function. */
  watch?(name: string, onChange: () => void): () => void
}

export interface BackendLock {
  release(): Awaitable<void>
}

export interface BackendFile {
  /** Reads into `into` from `position`; returns the bytes read, fewer only at end of file. */
  read(into: Uint8Array, position: number): Awaitable<number>
  /** Writes all of `data` at `position`. The caller may reuse `data` once this answered. */
  write(data: Uint8Array, position: number): Awaitable<void>
  /** Optional: writes all chunks, in order, contiguously from `position`. */
  writev?(chunks: Uint8Array[], position: number): Awaitable<void>
  truncate(size: number): Awaitable<void>
  size(): Awaitable<number>
  /** Data written so far reaches stable storage. */
  sync(): Awaitable<void>
  close(): Awaitable<void>
}

/** Options of `Immuta.open`. */
export interface ImmutaOptions {
  /** Where the log's files live. */
  backend: FileBackend
  /** The namespaces to open, at least one. Each is a file `<namespace>.log`. */
  namespaces: readonly string[]
  /**
   * Reads in flight per namespace, shared by every stream of it.
   * @default 5
   */
  readerCount?: number
  /**
   * `true`: a resolved append survives a process crash; the OS may lose it on power loss.
   * `false`: records and header are synced before an append resolves, so it survives power loss,
   * at the cost of two syncs per group commit.
   * @default true
   */
  fastWrite?: boolean
  /** Applied to each record's bytes before they are stored. */
  writeTransform?: Transformer
  /** Applied to each stored record's bytes before a stream delivers them. */
  readTransform?: Transformer
  /**
   * Opens as a follower: takes no writer lock, never writes, and sees what a writer elsewhere commits.
   * @default false
   */
  readOnly?: boolean
  /**
   * Followers only: milliseconds between header polls. File-change events are only a hint.
   * @default 250
   */
  pollInterval?: number
}

/** What `append` resolves with. */
export interface AppendResult {
  /** Byte offset of the record's size field in the file (16 for the first record). */
  index: number
  /** 0-based ordinal of the record in its namespace. */
  seq: number
  /** Stored payload size, after the write transform. */
  size: number
}

/** A committed record, as a stream delivers it. */
export interface LogRecord {
  seq: number
  index: number
  /** Stored payload size, after the write transform. */
  size: number
  /** The payload after the read transform. Stays valid after later reads. */
  data: Uint8Array
}

export interface NamespaceStats {
  /** Committed records. */
  count: number
  /** File size in bytes. */
  size: number
  /** Index of the last committed record, 0 while empty. */
  lastIndex: number
}

export interface VerifyResult {
  count: number
  size: number
}

/** What `append` accepts: bytes, or a string stored as UTF-8. */
export type AppendData = Uint8Array | string

/** Options of `get` and `read`. */
export interface ReadOptions {
  /** Aborting rejects the call with the signal's reason (a `TimeoutError` for `AbortSignal.timeout`). */
  signal?: AbortSignal
}

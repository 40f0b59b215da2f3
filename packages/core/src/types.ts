/** A value or a promise of it: backends may answer either way. */
export type Awaitable<T> = T | Promise<T>

/**
 * Turns a record's bytes into stored bytes (write) or back (read).
 * May answer synchronously or with a promise.
 */
export type Transformer = (data: Uint8Array) => Uint8Array | Promise<Uint8Array>

/**
 * Where a log keeps its files. One file per namespace, named `<namespace>.log`. Every method may
 * answer with a value or a promise; a synchronous throw counts as a rejection. The doc comments
 * here are the whole contract: `backendConformance` from `@immuta/testkit` checks each rule they
 * state, and no other.
 */
export interface FileBackend {
  /**
   * Opens `name`, creating it (empty) unless `readOnly`. A missing file in read-only mode rejects
   * and is not created. Another open of the same name on this backend sees what was written
   * through any handle, synced or not, and keeps seeing it after every handle was closed.
   */
  open(name: string, options: { readOnly: boolean }): Awaitable<BackendFile>
  /** Exclusive writer lock over the whole backend; while another holds it, rejects with an error whose `code` is `'LOCKED'`. */
  lock?(): Awaitable<BackendLock>
  /** Calls `onChange` (as a hint, maybe late or never) when `name` changes; returns a stop function. */
  watch?(name: string, onChange: () => void): () => void
}

/** The writer lock a `FileBackend` hands out; the log releases it when it closes. */
export interface BackendLock {
  /** Frees the lock for the next `lock()`. A second release, even after another took the lock, frees nothing. */
  release(): Awaitable<void>
}

/** One open file of a `FileBackend`: positional reads and writes, truncate, size, sync, close. */
export interface BackendFile {
  /**
   * Reads into `into` from `position`; returns the bytes read: all of `into` inside the file,
   * fewer only where the file ends, 0 at or past its end.
   */
  read(into: Uint8Array, position: number): Awaitable<number>
  /**
   * Writes all of `data` at `position`, over what was there. Past the end it extends the file,
   * the gap reading as zeros; writing nothing changes nothing, wherever (as pwrite(2)).
   * The caller may reuse `data` once this answered.
   */
  write(data: Uint8Array, position: number): Awaitable<void>
  /** Optional: writes all chunks, in order, contiguously from `position`, as `write` would each. */
  writev?(chunks: Uint8Array[], position: number): Awaitable<void>
  /** Sets the file's size: shrinking drops the bytes past `size`, growing adds zeros (as ftruncate(2)). */
  truncate(size: number): Awaitable<void>
  /** The file's size in bytes, as the writes and truncates so far left it. */
  size(): Awaitable<number>
  /** Data written so far reaches stable storage; what was written, and the size, stay as they were. */
  sync(): Awaitable<void>
  /** Closes the handle. Closing again is a no-op; every other call after close rejects. */
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

/** What `log.stats(namespace)` resolves with. */
export interface NamespaceStats {
  /** Committed records. */
  count: number
  /** File size in bytes. */
  size: number
  /** Index of the last committed record, 0 while empty. */
  lastIndex: number
}

/** Options of `append`, `begin` and `transaction`. */
export interface WriteOptions {
  /**
   * Bounds the wait for the namespace's writer (held by a transaction, or busy with earlier
   * appends): when it aborts first, the call rejects with its reason and nothing is written.
   */
  signal?: AbortSignal
}

/** Options of `verify`. */
export interface VerifyOptions {
  /**
   * Also runs the read transform over every record, so that damage only a transform can see
   * (`checksum()`, `encrypt()`) is found. The first record that fails rejects with
   * `TRANSFORM_FAILED`, `details: { seq, index }`.
   * @default false
   */
  transform?: boolean
  /** Stops the walk: `verify` rejects with the signal's reason. */
  signal?: AbortSignal
  /** Called as the walk goes on (every 1,024 records, and once at the end). */
  onProgress?: (progress: VerifyProgress) => void
}

/** How far a `verify` walk is. */
export interface VerifyProgress {
  /** Records checked so far. */
  checked: number
  /** Records the walk checks in all. */
  count: number
}

/** What `log.verify(namespace)` resolves with when every record checks out. */
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

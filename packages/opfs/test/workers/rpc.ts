// The message shapes between a test on the page and a worker it drives, and the one helper that
// sends a request and waits for its answer.

export interface Request {
  id: number
  op: string
  args: Record<string, unknown>
}

export type Reply = { id: number; value: unknown } | { id: number; error: { message: string; code?: string } }

/** Answers each request with `handle`'s value or error, in the worker. */
export function serve(handle: (op: string, args: Record<string, unknown>) => unknown): void {
  self.onmessage = async (event: MessageEvent<Request>) => {
    const { id, op, args } = event.data
    try {
      const value = await handle(op, args)
      const transfer = value instanceof Uint8Array ? [value.buffer] : []
      self.postMessage({ id, value } satisfies Reply, { transfer })
    } catch (error) {
      const code = (error as { code?: unknown }).code
      self.postMessage({ id, error: { message: String((error as Error).message ?? error), code: typeof code === 'string' ? code : undefined } } satisfies Reply)
    }
  }
}

export interface WorkerClient {
  worker: Worker
  /** Ends the worker at once, as closing its tab would: nothing it holds is released by hand. */
  terminate(): void
  call<T = unknown>(op: string, args?: Record<string, unknown>): Promise<T>
}

/** A worker started from `url`, with `call(op, args)` that resolves with its answer. */
export function client(url: URL): WorkerClient {
  const worker = new Worker(url, { type: 'module' })
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: unknown) => void }>()
  let next = 0
  let ended = false
  worker.onerror = (event) => {
    for (const pending of waiting.values()) pending.reject(new Error(`worker failed: ${event.message}`))
    waiting.clear()
  }
  worker.onmessage = (event: MessageEvent<Reply>) => {
    const reply = event.data
    const pending = waiting.get(reply.id)
    waiting.delete(reply.id)
    if ('error' in reply) pending?.reject(Object.assign(new Error(reply.error.message), { code: reply.error.code }))
    else pending?.resolve(reply.value)
  }
  return {
    worker,
    terminate(): void {
      ended = true
      worker.terminate()
      for (const pending of waiting.values()) pending.reject(new Error('worker terminated'))
      waiting.clear()
    },
    call<T = unknown>(op: string, args: Record<string, unknown> = {}): Promise<T> {
      if (ended) return Promise.reject(new Error('worker terminated'))
      const id = next++
      return new Promise<T>((resolve, reject) => {
        waiting.set(id, { resolve: resolve as (value: unknown) => void, reject })
        worker.postMessage({ id, op, args } satisfies Request)
      })
    },
  }
}

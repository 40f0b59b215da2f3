// immuta's side of each workload, over the BUILT packages (packages/*/dist): what a user installs.
// Each function answers `{ records, bytes, ms }`; setup (opening, creating files) is outside `ms`
// unless opening is what is measured.
import { mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'

const dist = (name) => new URL(`../../packages/${name}/dist/index.js`, import.meta.url).href
export const { Immuta } = await import(dist('core'))
export const { nodeFs } = await import(dist('node-fs'))

/**
 * The testkit's reference backend, imported only when wanted: the testkit loads vitest, which
 * should not sit in the process (heap, timers) while the other workloads run.
 */
export async function loadMemoryBackend() {
  return (await import(dist('testkit'))).memoryBackend
}

export const NS = 'bench'

/** A fresh folder under `root`, removed by the returned function. */
export function freshDir(root, label) {
  const dir = mkdtempSync(join(root, `${label}-`))
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/** A workload `run(dir)` made to run in a fresh folder under `root`, removed afterwards. */
export function inFreshDir(root, label, run) {
  return async () => {
    const { dir, remove } = freshDir(root, label)
    try {
      return await run(dir)
    } finally {
      remove()
    }
  }
}

export function payloadOf(size, seed = 0) {
  const bytes = new Uint8Array(size)
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + 7 + seed * 13) & 0xff
  return bytes
}

/** `count` distinct buffers of `size` bytes: what a caller appending real records passes. */
export function payloadsOf(size, count) {
  return Array.from({ length: count }, (_, i) => payloadOf(size, i + 1))
}

/** `count` appends, each awaited before the next: the latency-bound case. */
export async function sequentialAppends(backend, payload, count, fastWrite = true) {
  const log = await Immuta.open({ backend, namespaces: [NS], fastWrite })
  const start = performance.now()
  for (let i = 0; i < count; i++) await log.append(NS, payload)
  const ms = performance.now() - start
  await log.close()
  return { records: count, bytes: count * payload.length, ms }
}

/**
 * `count` appends called at once on a freshly opened log, then awaited together: group commit's
 * case. `payloads`: one buffer, or a list taken in turn.
 */
export async function appendsInFlight(backend, payloads, count) {
  const log = await Immuta.open({ backend, namespaces: [NS] })
  try {
    return await appendBurst(log, payloads, count)
  } finally {
    await log.close()
  }
}

/** `count` appends called at once on an open log, then awaited together. */
export async function appendBurst(log, payloads, count) {
  const list = Array.isArray(payloads) ? payloads : [payloads]
  const pending = new Array(count)
  let bytes = 0
  const start = performance.now()
  for (let i = 0; i < count; i++) {
    const payload = list[i % list.length]
    bytes += payload.length
    pending[i] = log.append(NS, payload)
  }
  await Promise.all(pending)
  const ms = performance.now() - start
  return { records: count, bytes, ms }
}

/** `appenders` callers at once, each awaiting `each` appends in turn (durable by default). */
export async function concurrentAppenders(backend, payload, appenders, each, fastWrite = false) {
  const log = await Immuta.open({ backend, namespaces: [NS], fastWrite })
  const one = async () => {
    for (let i = 0; i < each; i++) await log.append(NS, payload)
  }
  const start = performance.now()
  await Promise.all(Array.from({ length: appenders }, one))
  const ms = performance.now() - start
  await log.close()
  return { records: appenders * each, bytes: appenders * each * payload.length, ms }
}

/** Streams `count` records from the start of an open log, one awaited `next()` each. */
export async function streamRecords(log, count) {
  const stream = log.stream(NS, 0)
  let bytes = 0
  const start = performance.now()
  for (let i = 0; i < count; i++) {
    const record = await stream.next()
    bytes += record.data.length
  }
  const ms = performance.now() - start
  stream.done()
  return { records: count, bytes, ms }
}

/** Wraps a backend so that every byte its files read is counted. */
export function countingBackend(inner) {
  const counter = { bytesRead: 0, reads: 0 }
  const backend = {
    open(name, options) {
      const file = inner.open(name, options)
      const wrap = (f) => ({
        read(into, position) {
          const n = f.read(into, position)
          counter.reads++
          if (typeof n === 'number') {
            counter.bytesRead += n
            return n
          }
          return n.then((k) => {
            counter.bytesRead += k
            return k
          })
        },
        write: (data, position) => f.write(data, position),
        writev: (chunks, position) => f.writev(chunks, position),
        truncate: (size) => f.truncate(size),
        size: () => f.size(),
        sync: () => f.sync(),
        close: () => f.close(),
      })
      return typeof file.then === 'function' ? file.then(wrap) : wrap(file)
    },
    lock: inner.lock ? () => inner.lock() : undefined,
  }
  return { backend, counter }
}

// Each transformer beside the library it wraps, called directly on the same bytes, in one run:
// fflate for deflate/inflate, crypto.subtle for encrypt/decrypt, and the bare crc32c() for the
// checksum pair (no library computes CRC-32C, so the wrapper's own kernel is the floor).
// The ratio is our time per record over the direct time; the goal is at most 1.1.
//
//   cd packages/core && npx tsdown && cd ../transformers && npx tsdown && cd ../.. && node bench/transformers.mjs [--quick]
import { pathToFileURL } from 'node:url'
import * as zlib from 'node:zlib'

const dist = new URL('../packages/transformers/dist/index.js', import.meta.url)
// The fflate the built package imports (pnpm links it there; node resolves the link to one module).
const fflateEntry = new URL('../packages/transformers/node_modules/fflate/esm/index.mjs', import.meta.url)

const SIZES = [1024, 64 * 1024]
const KEY = Uint8Array.from({ length: 32 }, (_, i) => i * 7 + 1)

/**
 * Measures every transformer at 1 KiB and 64 KiB, ours and direct side by side.
 * Returns rows `{ name, size, ours, direct, ratio }`: ours and direct in records per second,
 * ratio = our time per record over the direct time (median of paired batches).
 */
export async function benchTransformers({ quick = false } = {}) {
  const t = await import(dist.href)
  const fflate = await import(fflateEntry.href)
  const cryptoKey = await crypto.subtle.importKey('raw', KEY, 'AES-GCM', false, ['encrypt', 'decrypt'])
  const plan = quick ? { rounds: 9, batchMs: 15 } : { rounds: 31, batchMs: 25 }
  const rows = []
  for (const size of SIZES) {
    const data = sampleRecord(size)
    for (const workload of workloads(t, fflate, cryptoKey, data)) {
      rows.push({ name: workload.name, size, ...(await sideBySide(workload, plan)) })
    }
  }
  return rows
}

function workloads(t, fflate, cryptoKey, data) {
  const deflated = fflate.deflateSync(data, { level: 1 })
  const summed = t.checksum()(data)
  const ours = {
    deflate: t.deflate({ level: 1 }),
    inflate: t.inflate(),
    encrypt: t.encrypt(KEY),
    decrypt: t.decrypt(KEY),
    checksum: t.checksum(),
    verifyChecksum: t.verifyChecksum(),
  }
  const level1 = { level: 1 }
  const gcm = (iv) => ({ name: 'AES-GCM', iv })
  return [
    { name: 'deflate level 1', ours: () => ours.deflate(data), direct: () => fflate.deflateSync(data, level1) },
    { name: 'inflate', ours: () => ours.inflate(deflated), direct: () => fflate.inflateSync(deflated) },
    {
      name: 'encrypt',
      ours: () => ours.encrypt(data),
      // A correct direct caller also draws a fresh nonce per record.
      direct: () => crypto.subtle.encrypt(gcm(crypto.getRandomValues(new Uint8Array(12))), cryptoKey, data),
      async: true,
      prepare: async () => ({ sealed: await ours.encrypt(data) }),
    },
    {
      name: 'decrypt',
      ours: (s) => ours.decrypt(s.sealed),
      direct: (s) => crypto.subtle.decrypt(gcm(s.sealed.subarray(0, 12)), cryptoKey, s.sealed.subarray(12)),
      async: true,
      prepare: async () => ({ sealed: await ours.encrypt(data) }),
    },
    { name: 'checksum', ours: () => ours.checksum(data), direct: () => t.crc32c(data) },
    { name: 'verifyChecksum', ours: () => ours.verifyChecksum(summed), direct: () => t.crc32c(summed.subarray(4)) },
  ]
}

// Ours and direct run in short batches, alternately (who goes first swaps every round), so drift
// from other load on the machine falls on both. The ratio is the median of each round's pair of
// batches; each side's rate is its median over the rounds.
async function sideBySide(workload, { rounds, batchMs }) {
  const state = workload.prepare ? await workload.prepare() : undefined
  const run = (fn, count) => (workload.async ? runAsync(fn, state, count) : runSync(fn, state, count))
  const count = await calibrate(run, workload.direct, batchMs)
  await run(workload.ours, count)
  const oursMs = []
  const directMs = []
  const ratios = []
  for (let round = 0; round < rounds; round++) {
    const oursFirst = round % 2 === 0
    const first = await run(oursFirst ? workload.ours : workload.direct, count)
    const second = await run(oursFirst ? workload.direct : workload.ours, count)
    const [ours, direct] = oursFirst ? [first, second] : [second, first]
    oursMs.push(ours)
    directMs.push(direct)
    ratios.push(ours / direct)
  }
  const rate = (ms) => Math.round(count / (ms / 1000))
  return { ours: rate(median(oursMs)), direct: rate(median(directMs)), ratio: Number(median(ratios).toFixed(3)) }
}

// How many records fill one batch of about `batchMs`, found while warming the direct path up.
async function calibrate(run, fn, batchMs) {
  let count = 16
  for (;;) {
    const ms = await run(fn, count)
    if (ms >= batchMs / 4) return Math.max(16, Math.round((count * batchMs) / ms))
    count *= 4
  }
}

function runSync(fn, state, count) {
  const start = performance.now()
  for (let i = 0; i < count; i++) fn(state)
  return performance.now() - start
}

async function runAsync(fn, state, count) {
  const start = performance.now()
  for (let i = 0; i < count; i++) await fn(state)
  return performance.now() - start
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[sorted.length >> 1]
}

// Log-like bytes: JSON lines with varying numbers, so compression does real work (about 4:1).
function sampleRecord(size) {
  const encoder = new TextEncoder()
  const out = new Uint8Array(size)
  let seed = 1
  let filled = 0
  while (filled < size) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
    const line = encoder.encode(`{"event":"click","user":${seed % 100000},"at":${1700000000 + (seed >>> 12)},"ok":true}\n`)
    out.set(line.subarray(0, size - filled), filled)
    filled += line.length
  }
  return out
}

function crcScale(t) {
  if (typeof zlib.crc32 !== 'function') return undefined
  const data = sampleRecord(64 * 1024)
  const rate = (fn) => {
    fn(data)
    const start = performance.now()
    for (let i = 0; i < 2000; i++) fn(data)
    return (2000 * data.length) / ((performance.now() - start) / 1000) / 1e9
  }
  return { ours: rate(t.crc32c), native: rate(zlib.crc32) }
}

function printRows(rows) {
  const header = ['transformer', 'size', 'ours rec/s', 'direct rec/s', 'ratio', 'goal <= 1.1']
  const lines = rows.map((row) => [
    row.name,
    row.size >= 1024 ? `${row.size / 1024} KiB` : `${row.size} B`,
    row.ours.toLocaleString('en-US'),
    row.direct.toLocaleString('en-US'),
    `${row.ratio.toFixed(2)}x`,
    row.ratio <= 1.1 ? 'ok' : 'OVER',
  ])
  const widths = header.map((_, i) => Math.max(header[i].length, ...lines.map((line) => line[i].length)))
  for (const line of [header, ...lines]) console.log(line.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '))
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const quick = process.argv.includes('--quick')
  console.log(`transformers vs direct calls, median of ${quick ? 9 : 31} paired rounds, node ${process.version}`)
  printRows(await benchTransformers({ quick }))
  const scale = crcScale(await import(dist.href))
  if (scale) console.log(`for scale: crc32c() ${scale.ours.toFixed(2)} GB/s in JS; node:zlib crc32 (CRC-32, native) ${scale.native.toFixed(2)} GB/s`)
}

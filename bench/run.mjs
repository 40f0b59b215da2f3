// pnpm bench: immuta over node-fs beside the raw fs floor (bench/lib/floor.mjs), workload by
// workload, in one process; then the large-log workloads, the memory backend and the
// transformers for scale. Prints a markdown table and writes it to bench/results/latest.md
// (--quick: small sizes, no 1 GiB file, written to bench/results/quick.md).
//
//   pnpm bench            # builds first, then: node bench/run.mjs
//   pnpm bench:quick      # what CI runs, under a minute
//   node bench/run.mjs [--quick] [--dir=PATH]   # without building
//
// Targets: ../shared/design/PERFORMANCE.md. No number here is asserted anywhere: the machine is
// shared and noisy, so the table reports medians and the reader judges.
import { mkdirSync, mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs'
import { cpus, release, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { benchTransformers } from './transformers.mjs'
import { bigLog } from './lib/bigLog.mjs'
import { randomAccessRows } from './lib/randomAccess.mjs'
import { floorAppend, floorAppendAwaited, floorRead, writeLogFile } from './lib/floor.mjs'
import { sideBySide } from './lib/stats.mjs'
import {
  appendsInFlight,
  concurrentAppenders,
  freshDir,
  Immuta,
  loadMemoryBackend,
  NS,
  nodeFs,
  payloadOf,
  sequentialAppends,
  streamRecords,
} from './lib/workloads.mjs'

const quick = process.argv.includes('--quick')
// Runs are short (50-150 ms a side) and many, so that each pair of runs sees the same load.
const plan = quick
  ? {
      rounds: 5,
      seq: { 100: 5000, 1024: 5000, 4096: 2500, 65536: 500 },
      flightRounds: 9,
      read: 20000,
      durable: 100,
      appenders: 64,
      each: 10,
      bigLog: 64 * 2 ** 20,
      opens: 7,
    }
  : {
      rounds: 15,
      seq: { 100: 20000, 1024: 20000, 4096: 10000, 65536: 2000 },
      flightRounds: 21,
      read: 100000,
      durable: 300,
      appenders: 64,
      each: 40,
      bigLog: 2 ** 30,
      opens: 21,
    }
const IN_FLIGHT = 10000
// statfs magic numbers of the filesystems the log is likely to sit on.
const FS_TYPES = new Map([
  [0xef53, 'ext4'],
  [0x01021994, 'tmpfs'],
  [0x58465342, 'xfs'],
  [0x9123683e, 'btrfs'],
  [0x794c7630, 'overlayfs'],
])

// --dir=PATH puts the temporary logs on another filesystem (default: the OS temp folder).
const parent = process.argv.find((arg) => arg.startsWith('--dir='))?.slice('--dir='.length) ?? tmpdir()
const root = mkdtempSync(join(parent, 'immuta-bench-'))
const cleanUp = () => rmSync(root, { recursive: true, force: true })
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    cleanUp()
    process.exit(130)
  })
}

const rows = []
const notes = []
const log = (line) => process.stderr.write(`${line}\n`)

try {
  log(`immuta bench${quick ? ' (quick)' : ''}: ${machine().join(', ')}`)
  await appendWorkloads()
  await readWorkload()
  await durableWorkloads()
  await largeLogWorkloads()
  log('random access')
  rows.push(...(await randomAccessRows(root, { quick, rounds: plan.rounds })))
  await memoryBackendWorkloads()
  const transformers = await transformerRows()
  const report = render(transformers)
  console.log(report)
  const out = new URL(`./results/${quick ? 'quick' : 'latest'}.md`, import.meta.url)
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true })
  writeFileSync(out, report)
  log(`written to ${out.pathname}`)
} finally {
  cleanUp()
}

// Sequential awaited appends per size, and 10,000 appends in flight at once.
async function appendWorkloads() {
  for (const [size, count] of Object.entries(plan.seq).map(([s, c]) => [Number(s), c])) {
    const payload = payloadOf(size)
    log(`sequential append ${label(size)} x ${count}`)
    const result = await sideBySide(plan.rounds, inDir('seq', (dir) => sequentialAppends(nodeFs(dir), payload, count)), inDir('floor', (dir) => floorAppend(join(dir, `${NS}.log`), payload, count)))
    rows.push({ workload: `sequential awaited append, ${label(size)}`, ...result, target: { ratio: 0.9 } })
    if (size <= 1024) {
      const awaited = await sideBySide(plan.rounds, inDir('floorAwait', (dir) => floorAppendAwaited(join(dir, `${NS}.log`), payload, count)), inDir('floor', (dir) => floorAppend(join(dir, `${NS}.log`), payload, count)))
      rows.push({ workload: `(not immuta) the raw floor with one \`await\` per record, ${label(size)}`, ...awaited })
    }
  }
  const payload = payloadOf(100)
  log(`${IN_FLIGHT} appends in flight`)
  const result = await sideBySide(plan.flightRounds, inDir('flight', (dir) => appendsInFlight(nodeFs(dir), payload, IN_FLIGHT)), inDir('floor', (dir) => floorAppend(join(dir, `${NS}.log`), payload, IN_FLIGHT)))
  rows.push({ workload: `${IN_FLIGHT.toLocaleString('en-US')} appends in flight, 100 B`, ...result, target: { rate: 1_000_000 } })
  notes.push(
    'Rows marked (not immuta) run the raw floor with one `await` of a settled promise per record, in the immuta columns: what the promise of an awaited append costs by itself, before any engine work.',
    'In-flight appends: the floor is the raw loop with one write pair per record; group commit writes the whole batch with one writev and one header write.',
  )
}

// Streaming 1 KiB records from the start of a log that is already in the page cache.
async function readWorkload() {
  const { dir, remove } = freshDir(root, 'read')
  try {
    const path = join(dir, `${NS}.log`)
    writeLogFile(path, payloadOf(1024), plan.read)
    const logOpen = await Immuta.open({ backend: nodeFs(dir), namespaces: [NS] })
    log(`stream ${plan.read} x 1 KiB`)
    const result = await sideBySide(
      plan.rounds,
      () => streamRecords(logOpen, plan.read),
      async () => floorRead(path, plan.read),
    )
    await logOpen.close()
    rows.push({ workload: `read ${plan.read.toLocaleString('en-US')} x 1 KiB from the start (stream)`, ...result, target: { ratio: 0.7 } })
  } finally {
    remove()
  }
}

// Durable mode (fastWrite: false): every append synced before it resolves.
async function durableWorkloads() {
  const payload = payloadOf(1024)
  log(`durable sequential ${plan.durable}`)
  const seq = await sideBySide(plan.rounds, inDir('dseq', (dir) => sequentialAppends(nodeFs(dir), payload, plan.durable, false)), inDir('floor', (dir) => floorAppend(join(dir, `${NS}.log`), payload, plan.durable, 2)))
  rows.push({ workload: 'durable sequential append, 1 KiB', floorLabel: 'fdatasync x2 per append', ...seq })
  log(`durable ${plan.appenders} appenders`)
  const many = await sideBySide(
    plan.rounds,
    inDir('dmany', (dir) => concurrentAppenders(nodeFs(dir), payload, plan.appenders, plan.each)),
    inDir('floor', (dir) => floorAppend(join(dir, `${NS}.log`), payload, plan.durable, 1)),
  )
  rows.push({ workload: `durable, ${plan.appenders} appenders at once, 1 KiB`, floorLabel: 'one fdatasync per append', ...many, target: { ratio: 20 } })
  notes.push(
    'Durable: the floor calls fdatasyncSync; nodeFs syncs through libuv\'s thread pool, so that the event loop keeps running (and gathers the next group commit) while the disk works, at the cost of a round trip per sync.',
  )
}

async function largeLogWorkloads() {
  const size = plan.bigLog >= 2 ** 30 ? `${plan.bigLog / 2 ** 30} GiB` : `${plan.bigLog / 2 ** 20} MiB`
  log(`large log: ${size}`)
  const big = await bigLog(root, plan.bigLog, plan.opens)
  if (big.skipped) {
    notes.push(`Large-log workloads skipped: ${big.skipped}.`)
    return
  }
  const { memory, openBig, openSmall } = big
  const mib = (n) => `${(n / 2 ** 20).toFixed(1)} MiB`
  rows.push({
    workload: `stream a ${size} log start to end (child process)`,
    text: `peak RSS ${mib(memory.maxRss)} (${mib(memory.rssBefore)} before streaming), peak heap + buffers ${mib(memory.heapPeak)}; ${Math.round(memory.records / (memory.ms / 1000)).toLocaleString('en-US')} rec/s`,
    target: { text: '< 100 MiB', met: memory.maxRss < 100 * 2 ** 20 },
  })
  rows.push({
    workload: `open a ${size} log vs a 1 MiB log`,
    text: `${openBig.ms.toFixed(2)} ms vs ${openSmall.ms.toFixed(2)} ms; ${openBig.bytesRead} B in ${openBig.reads} reads vs ${openSmall.bytesRead} B in ${openSmall.reads} reads`,
    target: { text: 'same bytes, same time within noise', met: openBig.bytesRead === openSmall.bytesRead && openBig.ms < openSmall.ms * 2 + 0.5 },
  })
}

// The reference in-memory backend (@immuta/testkit), for scale: what the engine costs without IO.
async function memoryBackendWorkloads() {
  const payload = payloadOf(1024)
  const count = plan.seq[1024]
  log('memory backend')
  const memoryBackend = await loadMemoryBackend()
  const seq = await sideBySide(plan.rounds, () => sequentialAppends(memoryBackend(), payload, count))
  rows.push({ workload: 'memory backend: sequential awaited append, 1 KiB', ...seq })
  const flight = await sideBySide(plan.rounds, () => appendsInFlight(memoryBackend(), payloadOf(100), IN_FLIGHT))
  rows.push({ workload: `memory backend: ${IN_FLIGHT.toLocaleString('en-US')} appends in flight, 100 B`, ...flight })
  const backend = memoryBackend()
  const filled = await Immuta.open({ backend, namespaces: [NS] })
  await Promise.all(Array.from({ length: plan.read }, () => filled.append(NS, payload)))
  const read = await sideBySide(plan.rounds, () => streamRecords(filled, plan.read))
  await filled.close()
  rows.push({ workload: `memory backend: read ${plan.read.toLocaleString('en-US')} x 1 KiB (stream)`, ...read })
}

async function transformerRows() {
  log('transformers')
  try {
    return await benchTransformers({ quick })
  } catch (error) {
    notes.push(`Transformers not measured: ${error.message}`)
    return []
  }
}

/** A workload run in a fresh folder under the bench root, removed afterwards. */
function inDir(labelText, run) {
  return async () => {
    const { dir, remove } = freshDir(root, labelText)
    try {
      return await run(dir)
    } finally {
      remove()
    }
  }
}

function label(size) {
  return size >= 1024 ? `${size / 1024} KiB` : `${size} B`
}

function machine() {
  const cpu = cpus()
  const fsType = FS_TYPES.get(statfsSync(root).type) ?? 'unknown fs'
  return [
    `${cpu[0]?.model ?? 'unknown cpu'} x ${cpu.length}`,
    `${Math.round(totalmem() / 2 ** 30)} GiB RAM`,
    `Linux ${release()}`,
    `${fsType} (${root.replace(/immuta-bench-.*/, '')})`,
    `Node ${process.version}`,
    `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  ]
}

function render(transformers) {
  const n = (x) => Math.round(x).toLocaleString('en-US')
  const mb = (x) => (x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(1))
  const lines = [
    `# immuta benchmark${quick ? ' (quick mode: small sizes, not for comparison)' : ''}`,
    '',
    `Machine: ${machine().join(', ')}.`,
    `Command: \`${quick ? 'pnpm bench:quick' : 'pnpm bench'}\`. Each figure is the median of ${plan.rounds} runs (${plan.flightRounds} for appends in flight), after one warm-up, immuta and the floor alternating; the ratio is the median of the per-run ratios. MB/s counts payload bytes.`,
    '',
    '| workload | immuta rec/s | immuta MB/s | floor rec/s | floor MB/s | ratio | target | met |',
    '|---|---:|---:|---:|---:|---:|---|---|',
  ]
  for (const row of rows) {
    if (row.text) {
      lines.push(`| ${row.workload} | ${row.text} | | | | | ${row.target.text} | ${row.target.met ? 'yes' : '**no**'} |`)
      continue
    }
    const floor = row.floor ? [n(row.floor.recordsPerSec), mb(row.floor.mbPerSec)] : ['', '']
    if (row.floor && row.floorLabel) floor[0] = `${floor[0]} (${row.floorLabel})`
    const ratio = row.ratio === undefined ? '' : `${row.ratio.toFixed(2)}x`
    let target = ''
    let met = ''
    if (row.target?.ratio !== undefined) {
      target = `>= ${row.target.ratio}x floor`
      met = row.ratio >= row.target.ratio ? 'yes' : '**no**'
    } else if (row.target?.rate !== undefined) {
      target = `>= ${n(row.target.rate)} rec/s`
      met = row.ours.recordsPerSec >= row.target.rate ? 'yes' : '**no**'
    }
    lines.push(`| ${row.workload} | ${n(row.ours.recordsPerSec)} | ${mb(row.ours.mbPerSec)} | ${floor.join(' | ')} | ${ratio} | ${target} | ${met} |`)
  }
  if (transformers.length > 0) {
    lines.push('', 'Transformers (bench/transformers.mjs), each beside the library call it wraps on the same bytes; ratio = our time per record over the direct one:', '')
    lines.push('| transformer | size | ours rec/s | direct rec/s | ratio |', '|---|---|---:|---:|---:|')
    for (const t of transformers) lines.push(`| ${t.name} | ${label(t.size)} | ${n(t.ours)} | ${n(t.direct)} | ${t.ratio.toFixed(2)}x |`)
  }
  if (notes.length > 0) lines.push('', ...notes.map((note) => `- ${note}`))
  return `${lines.join('\n')}\n`
}


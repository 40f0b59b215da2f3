// The large-log workloads: memory while streaming a whole log, and what opening costs as a log
// grows. The log is written in the format directly (1 MiB writes), checked for room first, and
// always removed.
import { execFileSync } from 'node:child_process'
import { statfsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { writeLogFile } from './floor.mjs'
import { median } from './stats.mjs'
import { countingBackend, freshDir, Immuta, NS, nodeFs, payloadOf } from './workloads.mjs'

const RECORD = 1024
const child = fileURLToPath(new URL('./streamChild.mjs', import.meta.url))

/**
 * The large-log rows: memory while streaming a whole log of `plan.bigLog` bytes, and what
 * opening it costs beside a 1 MiB log. Skipped, with a note, when the disk lacks room.
 */
export async function largeLogRows({ root, plan, log }) {
  const size = plan.bigLog >= 2 ** 30 ? `${plan.bigLog / 2 ** 30} GiB` : `${plan.bigLog / 2 ** 20} MiB`
  log(`large log: ${size}`)
  const big = await bigLog(root, plan.bigLog, plan.opens)
  if (big.skipped) return { rows: [], notes: [`Large-log workloads skipped: ${big.skipped}.`] }
  const { memory, openBig, openSmall } = big
  const mib = (n) => `${(n / 2 ** 20).toFixed(1)} MiB`
  const rate = Math.round(memory.records / (memory.ms / 1000)).toLocaleString('en-US')
  const rows = [
    {
      workload: `stream a ${size} log start to end (child process)`,
      text: `peak RSS ${mib(memory.maxRss)} (${mib(memory.rssBefore)} before streaming), peak heap + buffers ${mib(memory.heapPeak)}; ${rate} rec/s`,
      target: { text: '< 100 MiB', met: memory.maxRss < 100 * 2 ** 20 },
    },
    {
      workload: `open a ${size} log vs a 1 MiB log`,
      text: `${openBig.ms.toFixed(2)} ms vs ${openSmall.ms.toFixed(2)} ms; ${openBig.bytesRead} B in ${openBig.reads} reads vs ${openSmall.bytesRead} B in ${openSmall.reads} reads`,
      target: { text: 'same bytes, same time within noise', met: openBig.bytesRead === openSmall.bytesRead && openBig.ms < openSmall.ms * 2 + 0.5 },
    },
  ]
  return { rows }
}

/** Free bytes for an unprivileged writer in the filesystem holding `dir`. */
export function freeBytes(dir) {
  const fs = statfsSync(dir)
  return fs.bavail * fs.bsize
}

/**
 * Writes a log of about `logBytes` of 1 KiB records under `root`, then measures streaming it in
 * a child process and opening it against a 1 MiB log. Answers undefined (with the reason) when
 * the disk lacks room for the log and a margin of the same size.
 */
export async function bigLog(root, logBytes, opens) {
  const free = freeBytes(root)
  if (free < logBytes * 2 + 256 * 1024 * 1024) {
    return { skipped: `${(free / 2 ** 30).toFixed(1)} GiB free, ${((logBytes * 2) / 2 ** 30).toFixed(1)} GiB needed` }
  }
  const big = freshDir(root, 'big')
  const small = freshDir(root, 'small')
  try {
    const payload = payloadOf(RECORD)
    const bigCount = Math.floor(logBytes / (RECORD + 8))
    const bigSize = writeLogFile(join(big.dir, `${NS}.log`), payload, bigCount)
    const smallSize = writeLogFile(join(small.dir, `${NS}.log`), payload, Math.floor((1024 * 1024) / (RECORD + 8)))
    const memory = JSON.parse(execFileSync(process.execPath, [child, big.dir], { encoding: 'utf8' }))
    const openBig = await openCost(big.dir, opens)
    const openSmall = await openCost(small.dir, opens)
    return { bigSize, smallSize, memory, openBig, openSmall }
  } finally {
    big.remove()
    small.remove()
  }
}

/** Median time to open and close the log in `dir` (open alone timed), and the bytes each open reads. */
async function openCost(dir, opens) {
  const times = []
  let bytesRead = 0
  let reads = 0
  for (let i = 0; i <= opens; i++) {
    const { backend, counter } = countingBackend(nodeFs(dir))
    const start = performance.now()
    const log = await Immuta.open({ backend, namespaces: [NS] })
    const ms = performance.now() - start
    await log.close()
    if (i === 0) continue // warm-up
    times.push(ms)
    bytesRead = counter.bytesRead
    reads = counter.reads
  }
  return { ms: median(times), bytesRead, reads }
}

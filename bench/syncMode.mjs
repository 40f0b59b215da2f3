// What nodeFs's syncMode costs the event loop: durable appends (1 KiB) with syncMode
// 'threadpool' and 'blocking', one appender and 64 at once, alternating the modes run by run:
// the rate, and the longest time the event loop went without turning (a setImmediate ping
// loop; the gap a server's other requests would wait). A histogram of timer lag would show
// nothing for 'blocking': a durable appender whose syncs all answer synchronously never lets
// the loop turn, so no timer runs to be late. Prints a markdown table. Not part of `pnpm bench`.
//
//   pnpm --filter @immuta/core build && pnpm --filter @immuta/node-fs build && node bench/syncMode.mjs
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { median } from './lib/stats.mjs'
import { concurrentAppenders, nodeFs, payloadOf, sequentialAppends } from './lib/workloads.mjs'

const ROUNDS = 7
const payload = payloadOf(1024)
const shapes = [
  { name: 'durable sequential, 1 KiB', run: (backend) => sequentialAppends(backend, payload, 200, false) },
  { name: 'durable, 64 appenders, 1 KiB', run: (backend) => concurrentAppenders(backend, payload, 64, 20) },
]
const root = mkdtempSync(join(tmpdir(), 'immuta-syncmode-'))
const lines = ['| workload | syncMode | rec/s | longest event-loop stall (median of runs) | run time |', '|---|---|---:|---:|---:|']
try {
  for (const shape of shapes) {
    const results = { threadpool: [], blocking: [] }
    for (let round = 0; round <= ROUNDS; round++) {
      for (const syncMode of round % 2 === 0 ? ['threadpool', 'blocking'] : ['blocking', 'threadpool']) {
        const dir = mkdtempSync(join(root, 'r-'))
        const ping = pinger()
        const run = await shape.run(nodeFs(dir, { syncMode }))
        const stall = ping.stop()
        rmSync(dir, { recursive: true, force: true })
        if (round > 0) results[syncMode].push({ rate: run.records / (run.ms / 1000), stall, ms: run.ms })
      }
    }
    for (const [syncMode, runs] of Object.entries(results)) {
      const ms = (key) => `${median(runs.map((r) => r[key])).toFixed(1)} ms`
      lines.push(`| ${shape.name} | \`'${syncMode}'\` | ${Math.round(median(runs.map((r) => r.rate))).toLocaleString('en-US')} | ${ms('stall')} | ${ms('ms')} |`)
    }
  }
  console.log(lines.join('\n'))
} finally {
  rmSync(root, { recursive: true, force: true })
}

/** Pings the event loop with setImmediate; `stop()` answers the longest gap between turns, ends included. */
function pinger() {
  let last = performance.now()
  let longest = 0
  let stopped = false
  const tick = () => {
    const now = performance.now()
    longest = Math.max(longest, now - last)
    last = now
    if (!stopped) setImmediate(tick)
  }
  setImmediate(tick)
  return {
    stop() {
      stopped = true
      return Math.max(longest, performance.now() - last)
    },
  }
}

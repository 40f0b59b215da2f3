// pnpm bench: immuta over node-fs beside the raw fs floor (bench/lib/floor.mjs), workload by
// workload, in one process; then the large-log workloads, the memory backend and the
// transformers for scale. Prints a markdown table and writes it to bench/results/latest.md,
// with a chart of immuta beside the floor in bench/results/chart.svg (--quick: small sizes, no
// 1 GiB file, written to bench/results/quick.md and quick-chart.svg, both git-ignored).
//
//   pnpm bench            # builds first, then: node bench/run.mjs
//   pnpm bench:quick      # what CI runs, well under a minute
//   node bench/run.mjs [--quick] [--dir=PATH]   # without building
//
// Targets: ../shared/design/PERFORMANCE.md and issue 19. No number here is asserted anywhere:
// the machine is shared and noisy, so the table reports medians with their spread, and every
// ratio comes from runs of both sides taken in turn.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inFlightRows, sequentialRows } from './lib/appendRows.mjs'
import { largeLogRows } from './lib/bigLog.mjs'
import { chart } from './lib/chart.mjs'
import { durableRows } from './lib/durableRows.mjs'
import { machine } from './lib/machine.mjs'
import { memoryRows } from './lib/memoryRows.mjs'
import { randomAccessRows } from './lib/randomAccess.mjs'
import { readRows } from './lib/readRows.mjs'
import { render } from './lib/report.mjs'
import { inFreshDir } from './lib/workloads.mjs'
import { benchTransformers } from './transformers.mjs'

/**
 * The workloads, in the order of the table. Each is `async (context) => ({ rows, notes? })`,
 * context being `{ root, plan, quick, log, inDir }`; a row is `{ workload, ...sideBySide()
 * result, target? }` (or `{ workload, text, target }`). A new workload is one entry here.
 */
const WORKLOADS = [sequentialRows, inFlightRows, readRows, durableRows, largeLogRows, randomAccess, memoryRows]

/** Random access (issue 16): get of random seqs and stream(ns, N) in a large log. */
async function randomAccess({ root, quick, plan, log }) {
  log('random access')
  return { rows: await randomAccessRows(root, { quick, rounds: plan.rounds }) }
}

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

const log = (line) => process.stderr.write(`${line}\n`)
const context = { root, plan, quick, log, inDir: (label, run) => inFreshDir(root, label, run) }

try {
  const host = machine(root)
  log(`immuta bench${quick ? ' (quick)' : ''}: ${host.join(', ')}`)
  const rows = []
  const notes = []
  for (const workload of WORKLOADS) {
    const result = await workload(context)
    rows.push(...result.rows)
    notes.push(...(result.notes ?? []))
  }
  const transformers = await transformerRows(notes)
  const report = render({ quick, machine: host, plan, rows, notes, transformers })
  console.log(report)
  const results = new URL('./results/', import.meta.url)
  mkdirSync(results, { recursive: true })
  const out = new URL(quick ? 'quick.md' : 'latest.md', results)
  writeFileSync(out, report)
  const svg = new URL(quick ? 'quick-chart.svg' : 'chart.svg', results)
  writeFileSync(svg, chart({ rows, machine: host, title: `immuta beside the raw fs floor (${quick ? 'pnpm bench:quick' : 'pnpm bench'})` }))
  log(`written to ${out.pathname} and ${svg.pathname}`)
} finally {
  cleanUp()
}

async function transformerRows(notes) {
  log('transformers')
  try {
    return await benchTransformers({ quick })
  } catch (error) {
    notes.push(`Transformers not measured: ${error.message}`)
    return []
  }
}

// Random access (issue 16): get of random seqs in a large log of 100 B records, stream(ns, N) to
// its first record against the full walk it used to take, what a cold index costs, and appends
// with the record index beside the same engine with its index hook stubbed out. Answers rows
// for bench/run.mjs.
import { join } from 'node:path'
import { writeLogFile } from './floor.mjs'
import { median, sideBySide } from './stats.mjs'
import { countingBackend, freshDir, Immuta, NS, nodeFs, payloadOf } from './workloads.mjs'

const RECORD = 100

export async function randomAccessRows(root, { quick, rounds }) {
  const count = quick ? 100_000 : 1_000_000
  const gets = quick ? 2_000 : 10_000
  const { dir, remove } = freshDir(root, 'random')
  try {
    const size = writeLogFile(join(dir, `${NS}.log`), payloadOf(RECORD), count)
    const what = `a ${count.toLocaleString('en-US')} x 100 B log (${(size / 2 ** 20).toFixed(0)} MiB)`
    return [
      ...(await coldRows(dir, count, what)),
      await getRow(dir, count, gets, rounds, what),
      await streamRow(dir, count, rounds, what),
      await appendRow(root, rounds),
    ]
  } finally {
    remove()
  }
}

/** The first get with no index file (a log Go wrote): one walk builds the index; then with the file close wrote. */
async function coldRows(dir, count, what) {
  const first = async () => {
    const { backend, counter } = countingBackend(nodeFs(dir))
    const log = await Immuta.open({ backend, namespaces: [NS] })
    const start = performance.now()
    await log.get(NS, count >> 1)
    const ms = performance.now() - start
    await log.close()
    return { ms, mib: counter.bytesRead / 2 ** 20 }
  }
  const cold = await first() // no .idx yet: walks the log once, and close writes the file
  const warm = await first()
  return [
    {
      workload: `first get after open, ${what}: no index file vs the one close wrote`,
      text: `${cold.ms.toFixed(1)} ms (reads ${cold.mib.toFixed(1)} MiB, builds the index) vs ${warm.ms.toFixed(2)} ms (reads ${warm.mib.toFixed(2)} MiB)`,
      target: { text: 'the file saves the walk', met: warm.ms < cold.ms },
    },
  ]
}

/** `gets` random seqs on a warm index: records/s, and backend reads per get. */
async function getRow(dir, count, gets, rounds, what) {
  const { backend, counter } = countingBackend(nodeFs(dir))
  const log = await Immuta.open({ backend, namespaces: [NS] })
  try {
    await log.get(NS, count - 1) // loads the index file
    let seed = 12345
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
      return seed % count
    }
    const rates = []
    let reads = 0
    let wrong = 0
    for (let round = 0; round <= rounds; round++) {
      const before = counter.reads
      const start = performance.now()
      for (let i = 0; i < gets; i++) {
        const seq = random()
        const record = await log.get(NS, seq)
        if (record.index !== 16 + seq * (RECORD + 8)) wrong++
      }
      const ms = performance.now() - start
      if (round === 0) continue // warm-up
      rates.push(gets / (ms / 1000))
      reads += counter.reads - before
    }
    if (wrong > 0) throw new Error(`get served ${wrong} records from the wrong place`)
    const perGet = reads / (gets * rounds)
    return {
      workload: `get of ${gets.toLocaleString('en-US')} random seqs, ${what}, warm index`,
      text: `${Math.round(median(rates)).toLocaleString('en-US')} rec/s; ${perGet.toFixed(2)} backend reads per get`,
      target: { text: '<= 2 chunks per get', met: perGet <= 2 },
    }
  } finally {
    await log.close()
  }
}

/** Time to the first record of stream(ns, N), N = 0, count/2, count - 1, beside streaming the whole log. */
async function streamRow(dir, count, rounds, what) {
  const log = await Immuta.open({ backend: nodeFs(dir), namespaces: [NS] })
  try {
    await log.get(NS, 0) // loads the index file
    const firstRecord = async (n) => {
      const start = performance.now()
      const stream = log.stream(NS, n)
      await stream.next()
      const ms = performance.now() - start
      stream.done()
      return ms
    }
    const walk = async () => {
      const start = performance.now()
      const stream = log.stream(NS, 0)
      for (let i = 0; i < count; i++) await stream.next()
      const ms = performance.now() - start
      stream.done()
      return ms
    }
    const times = { 0: [], [count >> 1]: [], [count - 1]: [] }
    const walks = []
    for (let round = 0; round <= rounds; round++) {
      for (const n of Object.keys(times)) times[n].push(await firstRecord(Number(n)))
      if (round < 3) walks.push(await walk())
    }
    const ms = (n) => `${median(times[n].slice(1)).toFixed(2)} ms`
    const full = median(walks)
    return {
      workload: `stream(ns, N) to its first record, ${what}: N = 0, count/2, count - 1 vs a full walk`,
      text: `${ms(0)}, ${ms(count >> 1)}, ${ms(count - 1)} vs ${full.toFixed(0)} ms`,
      target: { text: 'N = count - 1 without the walk', met: median(times[count - 1].slice(1)) * 10 < full },
    }
  } finally {
    await log.close()
  }
}

/** Sequential 100 B appends, the engine as built beside the same engine with its index hook stubbed out. */
async function appendRow(root, rounds) {
  const payload = payloadOf(RECORD)
  const count = 20_000
  const stubbed = {
    async open(options) {
      const log = await Immuta.open(options)
      // Reaches into the engine (TypeScript-private fields are plain properties at run time):
      // the only way to measure the same build without the index.
      for (const state of log.states.values()) state.index.observe = () => {}
      return log
    },
  }
  const run = (engine) => async () => {
    const { dir, remove } = freshDir(root, 'idxappend')
    try {
      const log = await engine.open({ backend: nodeFs(dir), namespaces: [NS] })
      const start = performance.now()
      for (let i = 0; i < count; i++) await log.append(NS, payload)
      const ms = performance.now() - start
      await log.close()
      return { records: count, bytes: count * payload.length, ms }
    } finally {
      remove()
    }
  }
  const result = await sideBySide(rounds, run(Immuta), run(stubbed))
  return {
    workload: `sequential awaited append, 100 B, with the record index vs without (hook stubbed)`,
    text: `${Math.round(result.ours.recordsPerSec).toLocaleString('en-US')} vs ${Math.round(result.floor.recordsPerSec).toLocaleString('en-US')} rec/s: ${result.ratio.toFixed(2)}x`,
    target: { text: '>= 0.9x', met: result.ratio >= 0.9 },
  }
}

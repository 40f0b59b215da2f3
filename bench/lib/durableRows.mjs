// Durable mode (fastWrite: false): every append synced before it resolves, over nodeFs with
// each syncMode, beside the floor that calls fdatasyncSync.
import { join } from 'node:path'
import { floorAppend } from './floor.mjs'
import { sideBySide } from './stats.mjs'
import { concurrentAppenders, NS, nodeFs, payloadOf, sequentialAppends } from './workloads.mjs'

const SYNC_MODES = ['threadpool', 'blocking']

export async function durableRows({ plan, log, inDir }) {
  const payload = payloadOf(1024)
  const rows = []
  const twoSyncs = inDir('floor', (dir) => floorAppend(join(dir, `${NS}.log`), payload, plan.durable, 2))
  const oneSync = inDir('floor', (dir) => floorAppend(join(dir, `${NS}.log`), payload, plan.durable, 1))
  for (const syncMode of SYNC_MODES) {
    log(`durable sequential ${plan.durable}, syncMode ${syncMode}`)
    const seq = await sideBySide(plan.rounds, inDir('dseq', (dir) => sequentialAppends(nodeFs(dir, { syncMode }), payload, plan.durable, false)), twoSyncs)
    rows.push({ workload: `durable sequential append, 1 KiB, syncMode '${syncMode}'`, floorLabel: 'fdatasync x2 per append', ...seq, target: { ratio: 0.9 } })
  }
  for (const syncMode of SYNC_MODES) {
    log(`durable ${plan.appenders} appenders, syncMode ${syncMode}`)
    const many = await sideBySide(plan.rounds, inDir('dmany', (dir) => concurrentAppenders(nodeFs(dir, { syncMode }), payload, plan.appenders, plan.each)), oneSync)
    rows.push({ workload: `durable, ${plan.appenders} appenders, 1 KiB, syncMode '${syncMode}'`, floorLabel: 'one fdatasync per append', ...many, target: { ratio: 25 } })
  }
  return {
    rows,
    notes: [
      "Durable: the floor calls fdatasyncSync (record write, fdatasync, header write, fdatasync per append; the 64-appender floor syncs once per append). nodeFs's default syncMode 'threadpool' syncs in libuv's thread pool, so that the event loop keeps running (and gathers the next group commit) while the disk works, at the cost of a round trip per sync; 'blocking' calls fdatasyncSync and holds the event loop for every sync.",
    ],
  }
}

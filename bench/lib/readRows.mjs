// Streaming 1 KiB records from the start of a log that is already in the page cache.
import { join } from 'node:path'
import { floorRead, writeLogFile } from './floor.mjs'
import { sideBySide } from './stats.mjs'
import { freshDir, Immuta, NS, nodeFs, payloadOf, streamRecords } from './workloads.mjs'

export async function readRows({ root, plan, log }) {
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
    return { rows: [{ workload: `read ${plan.read.toLocaleString('en-US')} x 1 KiB from the start (stream)`, ...result, target: { ratio: 0.7 } }] }
  } finally {
    remove()
  }
}

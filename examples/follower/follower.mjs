// The follower: a second process that opens the same directory read-only. It takes no lock and
// never writes; its stream sees each record the writer commits, woken by a file watch and, where
// watches miss changes (network filesystems), by polling the header every `pollInterval` ms.
import { open } from '@immuta/node-fs'

const log = await open({ dir: './log-data', namespaces: ['orders'], readOnly: true, pollInterval: 100 })
try {
  const orders = log.stream('orders', -1) // -1: only records committed from now on
  process.send?.('listening')
  for await (const record of orders) {
    const { item } = JSON.parse(new TextDecoder().decode(record.data))
    if (item === null) break
    console.log(`follower: saw order ${record.seq} (${item})`)
  }
} finally {
  await log.close()
}

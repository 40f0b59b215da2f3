// The writer. It opens the log (creating the files the follower needs), starts follower.mjs as
// a second process, waits until the follower is listening, then appends.
import { fork } from 'node:child_process'
import { once } from 'node:events'
import { open } from '@immuta/node-fs'

const log = await open({ dir: './log-data', namespaces: ['orders'] })
try {
  const follower = fork(new URL('./follower.mjs', import.meta.url))
  await once(follower, 'message') // 'listening'

  for (const item of ['tea', 'scones', 'jam']) {
    const { seq } = await log.append('orders', JSON.stringify({ item }))
    console.log(`writer:   appended order ${seq} (${item})`)
  }
  await log.append('orders', JSON.stringify({ item: null })) // tells the follower to stop

  const [exitCode] = await once(follower, 'exit')
  console.log(`writer:   the follower exited with code ${exitCode}`)
} finally {
  await log.close()
}

import { open } from '@immuta/node-fs'

// Opens ./log-data/events.log, creating it the first time.
const log = await open({ dir: './log-data', namespaces: ['events'] })
try {
  const { seq, index } = await log.append('events', JSON.stringify({ type: 'signup', user: 'ada' }))
  console.log(`appended record ${seq} at byte ${index}`)
  await log.append('events', JSON.stringify({ type: 'login', user: 'ada' }))

  const { count } = await log.stats('events')
  // A stream waits for new records forever: stop after the last one there is now.
  for await (const record of log.stream('events', 0)) {
    console.log(record.seq, new TextDecoder().decode(record.data))
    if (record.seq === count - 1) break
  }
} finally {
  await log.close()
}

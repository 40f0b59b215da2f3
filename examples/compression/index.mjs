import { open } from '@immuta/node-fs'
import { deflate, inflate } from '@immuta/transformers'

// Each record is compressed on its own as raw DEFLATE (RFC 1951), the format of Go's
// compress/flate, so the Go library reads this log too. Level 1 gives most of the size win
// at a fraction of the time of level 9.
const log = await open({
  dir: './log-data',
  namespaces: ['metrics'],
  writeTransform: deflate({ level: 1 }),
  readTransform: inflate(),
})
try {
  let plain = 0
  let stored = 0
  // Each record is compressed alone, so records of a few dozen bytes gain little: one record
  // here is a minute of samples, 60 of them.
  for (let minute = 0; minute < 100; minute++) {
    const samples = Array.from({ length: 60 }, (_, second) => ({ second, requests: 100 + ((minute + second) % 7) }))
    const record = JSON.stringify({ host: 'web-1', minute, samples })
    const { size } = await log.append('metrics', record)
    plain += record.length
    stored += size
  }
  console.log(`100 records: ${plain} bytes of JSON stored as ${stored} bytes (${Math.round((100 * stored) / plain)}%)`)

  // Streams hand back the records as they were appended: the read transform inflates them.
  const { count } = await log.stats('metrics')
  const stream = log.stream('metrics', count - 1)
  const last = JSON.parse(new TextDecoder().decode((await stream.next()).data))
  console.log(`last record: minute ${last.minute}, ${last.samples.length} samples, first ${JSON.stringify(last.samples[0])}`)
  stream.done()
} finally {
  await log.close()
}

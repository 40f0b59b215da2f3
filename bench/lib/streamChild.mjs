// Run in a child process by bigLog.mjs, so that its memory is the stream's alone: opens the log
// in argv[2] and streams every record from the start to the end, keeping none. Prints one JSON
// line: the peak RSS (the kernel's max resident set, which no sampling can miss), the peak heap
// plus array buffers seen while sampling every 4,096 records, the RSS before streaming, and the time.
import { Immuta, NS, nodeFs } from './workloads.mjs'

const dir = process.argv[2]
const rssAtStart = process.memoryUsage().rss
const log = await Immuta.open({ backend: nodeFs(dir), namespaces: [NS] })
const { count } = await log.stats(NS)
const rssBefore = process.memoryUsage().rss
let heapPeak = 0
let rssPeak = rssBefore
let bytes = 0
const stream = log.stream(NS, 0)
const start = performance.now()
for (let i = 0; i < count; i++) {
  const record = await stream.next()
  bytes += record.data.length
  if ((i & 4095) === 0) {
    const usage = process.memoryUsage()
    // Chunks are ArrayBuffers, outside the JS heap proper: count them with it.
    const heap = usage.heapUsed + usage.arrayBuffers
    if (heap > heapPeak) heapPeak = heap
    if (usage.rss > rssPeak) rssPeak = usage.rss
  }
}
const ms = performance.now() - start
stream.done()
await log.close()
const maxRss = process.resourceUsage().maxRSS * 1024
console.log(JSON.stringify({ records: count, bytes, ms, rssAtStart, rssBefore, rssPeak, maxRss, heapPeak }))

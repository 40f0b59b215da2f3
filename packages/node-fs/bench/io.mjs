// Synchronous vs asynchronous positional IO on one file descriptor, per write size, to choose
// nodeFs's `syncIoLimit`. Prints ops/s for writeSync, fs.write (libuv thread pool) and
// FileHandle.write, the same for reads from the page cache, and how long one writeSync call
// holds the event loop (median and p99). Run: node bench/io.mjs [seconds per case, default 0.5]
import { closeSync, mkdtempSync, openSync, read, readSync, rmSync, write, writeSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const seconds = Number(process.argv[2] ?? 0.5)
const sizes = [100, 1024, 4096, 16384, 65536, 131072, 262144, 524288, 1048576, 4194304]
// Positions wrap inside this span so the file stays in the page cache.
const span = 64 * 1024 * 1024
const writeAsync = promisify(write)
const readAsync = promisify(read)

// Runs `step(position)` back to back, each awaited, for `seconds`; answers calls per second.
async function rate(size, step) {
  let position = 0
  let ops = 0
  const end = performance.now() + seconds * 1000
  while (performance.now() < end) {
    for (let i = 0; i < 16; i++) {
      await step(position)
      position = advance(position, size)
      ops++
    }
  }
  return ops / seconds
}

function advance(position, size) {
  return position + size + size > span ? 0 : position + size
}

function blockTimes(fd, buf) {
  const times = []
  let position = 0
  for (let i = 0; i < 400; i++) {
    const t = performance.now()
    writeSync(fd, buf, 0, buf.length, position)
    times.push((performance.now() - t) * 1000)
    position = advance(position, buf.length)
  }
  times.sort((a, b) => a - b)
  return [times[200], times[396]]
}

const dir = mkdtempSync(join(tmpdir(), 'immuta-bench-'))
const fd = openSync(join(dir, 'bench.log'), 'w+')
const handle = await open(join(dir, 'bench.log'), 'r+')
console.log('size     | writeSync/s | fs.write/s | handle.write/s | readSync/s | fs.read/s | writeSync holds loop (median, p99)')
for (const size of sizes) {
  const buf = new Uint8Array(size).fill(7)
  // Fill the span once so reads and overwrites hit cached pages.
  for (let p = 0; p + size <= span; p += size) writeSync(fd, buf, 0, size, p)
  const ws = await rate(size, (p) => writeSync(fd, buf, 0, size, p))
  const wa = await rate(size, (p) => writeAsync(fd, buf, 0, size, p))
  const wh = await rate(size, (p) => handle.write(buf, 0, size, p))
  const rs = await rate(size, (p) => readSync(fd, buf, 0, size, p))
  const ra = await rate(size, (p) => readAsync(fd, buf, 0, size, p))
  const [median, p99] = blockTimes(fd, buf)
  const k = (n) => `${(n / 1000).toFixed(1)}k`.padStart(10)
  console.log(
    `${String(size).padEnd(8)} | ${k(ws)}  | ${k(wa)} | ${k(wh)}     | ${k(rs)} | ${k(ra)} | ${median.toFixed(1)} µs, ${p99.toFixed(1)} µs`,
  )
}
await handle.close()
closeSync(fd)
rmSync(dir, { recursive: true, force: true })

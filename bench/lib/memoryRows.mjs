// The reference in-memory backend (@immuta/testkit), for scale: what the engine costs without IO.
import { IN_FLIGHT } from './appendRows.mjs'
import { sideBySide } from './stats.mjs'
import { appendsInFlight, Immuta, loadMemoryBackend, NS, payloadOf, payloadsOf, sequentialAppends, streamRecords } from './workloads.mjs'

export async function memoryRows({ plan, log }) {
  const payload = payloadOf(1024)
  const n = IN_FLIGHT.toLocaleString('en-US')
  log('memory backend')
  const memoryBackend = await loadMemoryBackend()
  const rows = []
  const seq = await sideBySide(plan.rounds, () => sequentialAppends(memoryBackend(), payload, plan.seq[1024]))
  rows.push({ workload: 'memory backend: sequential awaited append, 1 KiB', ...seq })
  const payloads = payloadsOf(100, 64)
  const flight = await sideBySide(plan.rounds, () => appendsInFlight(memoryBackend(), payloads, IN_FLIGHT))
  rows.push({ workload: `memory backend: ${n} appends in flight, 100 B, fresh log, 64 payloads`, ...flight })
  const backend = memoryBackend()
  const filled = await Immuta.open({ backend, namespaces: [NS] })
  await Promise.all(Array.from({ length: plan.read }, () => filled.append(NS, payload)))
  const read = await sideBySide(plan.rounds, () => streamRecords(filled, plan.read))
  await filled.close()
  rows.push({ workload: `memory backend: read ${plan.read.toLocaleString('en-US')} x 1 KiB (stream)`, ...read })
  return { rows }
}

// The markdown report: one table of immuta beside the floor (median and the spread of the
// runs), the transformers, and the notes.
import { label } from './appendRows.mjs'
import { megabytes, short, times, whole } from './format.mjs'

/** Whether a row with a target met it. undefined: no target. */
export function met(row) {
  if (row.target?.met !== undefined) return row.target.met
  if (row.target?.ratio !== undefined) return row.ratio >= row.target.ratio
  if (row.target?.rate !== undefined) return row.ours.recordsPerSec >= row.target.rate
  return undefined
}

function targetText(row) {
  if (row.target?.text) return row.target.text
  if (row.target?.ratio !== undefined) return `>= ${row.target.ratio}x floor`
  if (row.target?.rate !== undefined) return `>= ${whole(row.target.rate)} rec/s`
  return ''
}

const spread = (s) => `${whole(s.recordsPerSec)} (${short(s.min)}-${short(s.max)})`

export function render({ quick, machine, plan, rows, notes, transformers }) {
  const lines = [
    `# immuta benchmark${quick ? ' (quick mode: small sizes, not for comparison)' : ''}`,
    '',
    `Machine: ${machine.join(', ')}.`,
    `Command: \`${quick ? 'pnpm bench:quick' : 'pnpm bench'}\`. Each figure is the median of ${plan.rounds} runs (${plan.flightRounds} for appends in flight), after one warm-up, immuta and the floor alternating, with the slowest and the fastest run in brackets; the ratio is the median of the per-run ratios (its range in brackets). MB/s counts payload bytes.`,
    '',
    '| workload | immuta rec/s (min-max) | immuta MB/s | floor rec/s (min-max) | floor MB/s | ratio (min-max) | target | met |',
    '|---|---:|---:|---:|---:|---:|---|---|',
  ]
  for (const row of rows) {
    const verdict = met(row)
    const metText = verdict === undefined ? '' : verdict ? 'yes' : '**no**'
    if (row.text) {
      lines.push(`| ${row.workload} | ${row.text} | | | | | ${targetText(row)} | ${metText} |`)
      continue
    }
    const floor = row.floor ? [spread(row.floor), megabytes(row.floor.mbPerSec)] : ['', '']
    if (row.floor && row.floorLabel) floor[0] = `${floor[0]}, ${row.floorLabel}`
    const ratio = row.ratio === undefined ? '' : `${times(row.ratio)} (${row.ratioSpread.min.toFixed(2)}-${row.ratioSpread.max.toFixed(2)})`
    lines.push(`| ${row.workload} | ${spread(row.ours)} | ${megabytes(row.ours.mbPerSec)} | ${floor.join(' | ')} | ${ratio} | ${targetText(row)} | ${metText} |`)
  }
  if (transformers.length > 0) {
    lines.push('', 'Transformers (bench/transformers.mjs), each beside the library call it wraps on the same bytes; ratio = our time per record over the direct one:', '')
    lines.push('| transformer | size | ours rec/s | direct rec/s | ratio |', '|---|---|---:|---:|---:|')
    for (const t of transformers) lines.push(`| ${t.name} | ${label(t.size)} | ${whole(t.ours)} | ${whole(t.direct)} | ${times(t.ratio)} |`)
  }
  if (notes.length > 0) lines.push('', ...notes.map((note) => `- ${note}`))
  return `${lines.join('\n')}\n`
}

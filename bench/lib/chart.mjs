// The chart: every row measured beside the floor as two bars, immuta over the floor, on one
// logarithmic records/s axis (rates run from thousands to millions), each bar with a line from
// the slowest to the fastest run, the median's value and the ratio. A hand-written SVG string:
// a few rectangles and labels need no charting library.
import { met } from './report.mjs'
import { short, times } from './format.mjs'

const WIDTH = 980
const LABEL_WIDTH = 385
const PLOT_LEFT = LABEL_WIDTH + 10
const PLOT_RIGHT = WIDTH - 200
const ROW_HEIGHT = 44
const BAR_HEIGHT = 13
const TOP = 64
const COLORS = { immuta: '#2f6fde', floor: '#9aa3ad', miss: '#c0392b', ink: '#1f2328', grid: '#d0d7de' }

const xml = (text) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** The SVG for the rows that have a floor and are not marked `chart: false`. */
export function chart({ rows, machine, title }) {
  const charted = rows.filter((row) => row.floor && row.chart !== false)
  const values = charted.flatMap((row) => [row.ours.min, row.ours.max, row.floor.min, row.floor.max])
  const low = 10 ** Math.floor(Math.log10(Math.min(...values)))
  const high = 10 ** Math.ceil(Math.log10(Math.max(...values)))
  const x = (rate) => PLOT_LEFT + ((Math.log10(rate) - Math.log10(low)) / (Math.log10(high) - Math.log10(low))) * (PLOT_RIGHT - PLOT_LEFT)
  const height = TOP + charted.length * ROW_HEIGHT + 40
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    `<text x="10" y="20" font-size="15" font-weight="600" fill="${COLORS.ink}">${xml(title)}</text>`,
    `<text x="10" y="38" fill="#57606a">${xml(machine.join(', '))}</text>`,
    legend(10, 54),
  ]
  for (let decade = low; decade <= high; decade *= 10) {
    const at = x(decade).toFixed(1)
    parts.push(`<line x1="${at}" y1="${TOP - 4}" x2="${at}" y2="${height - 30}" stroke="${COLORS.grid}"/>`)
    parts.push(`<text x="${at}" y="${height - 14}" text-anchor="middle" fill="#57606a">${short(decade)}/s</text>`)
  }
  charted.forEach((row, i) => {
    const y = TOP + i * ROW_HEIGHT
    parts.push(`<text x="${LABEL_WIDTH}" y="${y + BAR_HEIGHT + 5}" text-anchor="end" fill="${COLORS.ink}">${xml(shorten(row.workload))}</text>`)
    parts.push(bar(x, low, y, row.ours, COLORS.immuta))
    parts.push(bar(x, low, y + BAR_HEIGHT + 3, row.floor, COLORS.floor))
    const verdict = met(row)
    const ratio = row.target?.rate !== undefined ? `${short(row.ours.recordsPerSec)}/s` : times(row.ratio)
    const color = verdict === false ? COLORS.miss : COLORS.ink
    parts.push(`<text x="${WIDTH - 10}" y="${y + BAR_HEIGHT + 5}" text-anchor="end" font-weight="600" fill="${color}">${xml(ratio)}${verdict === false ? ' (missed)' : ''}</text>`)
  })
  parts.push('</svg>')
  return `${parts.join('\n')}\n`
}

/** A median bar with a thin line over the run-to-run spread, and the median's value. */
function bar(x, low, y, stats, color) {
  const end = x(stats.recordsPerSec)
  const start = x(low)
  const mid = y + BAR_HEIGHT / 2
  return [
    `<rect x="${start.toFixed(1)}" y="${y}" width="${(end - start).toFixed(1)}" height="${BAR_HEIGHT}" fill="${color}"/>`,
    `<line x1="${x(stats.min).toFixed(1)}" y1="${mid}" x2="${x(stats.max).toFixed(1)}" y2="${mid}" stroke="${COLORS.ink}" stroke-width="1.5"/>`,
    `<text x="${(Math.max(end, x(stats.max)) + 4).toFixed(1)}" y="${y + BAR_HEIGHT - 2}" font-size="11" fill="${COLORS.ink}">${short(stats.recordsPerSec)}</text>`,
  ].join('')
}

function legend(x, y) {
  return [
    `<rect x="${x}" y="${y - 9}" width="12" height="10" fill="${COLORS.immuta}"/><text x="${x + 16}" y="${y}">immuta (median; line: slowest to fastest run)</text>`,
    `<rect x="${x + 300}" y="${y - 9}" width="12" height="10" fill="${COLORS.floor}"/><text x="${x + 316}" y="${y}">raw fs floor</text>`,
    `<text x="${WIDTH - 10}" y="${y}" text-anchor="end" fill="#57606a">immuta / floor, or rate for absolute targets</text>`,
  ].join('')
}

function shorten(workload) {
  return workload.length > 60 ? `${workload.slice(0, 59)}…` : workload
}

// Number formats shared by the markdown report and the chart.

/** 1234567 -> "1,234,567". */
export const whole = (x) => Math.round(x).toLocaleString('en-US')

/** 1234567 -> "1.23M", 45678 -> "45.7k", 980 -> "980". */
export function short(x) {
  if (x >= 1e6) return `${(x / 1e6).toPrecision(3)}M`
  if (x >= 1e3) return `${(x / 1e3).toPrecision(3)}k`
  return `${Math.round(x)}`
}

export const megabytes = (x) => (x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(1))

export const times = (x) => `${x.toFixed(2)}x`

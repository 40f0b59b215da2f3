/**
 * The lines of a block as compared: leading and trailing white space dropped (a README shows a
 * snippet unindented that a test holds inside a function), blank lines dropped.
 */
function significantLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
}

/** True when every line of `block` appears in `source`, in order, one after another. */
export function containsVerbatim(source: string, block: string): boolean {
  const wanted = significantLines(block)
  if (wanted.length === 0) return false
  const lines = significantLines(source)
  for (let start = 0; start + wanted.length <= lines.length; start++) {
    if (wanted.every((line, i) => lines[start + i] === line)) return true
  }
  return false
}

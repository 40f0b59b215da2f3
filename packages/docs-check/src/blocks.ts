/** A fenced code block of a Markdown file. */
export interface CodeBlock {
  /** The Markdown file, relative to the repository root. */
  file: string
  /** 1-based line of the opening fence. */
  line: number
  /** The info string's first word: `ts`, `js`, `sh`, ... */
  lang: string
  code: string
}

/** The languages whose blocks are checked: the rest (`sh`, `text`, tables of bytes) are prose. */
export const CHECKED_LANGS: ReadonlySet<string> = new Set(['ts', 'typescript', 'js', 'javascript', 'mjs'])

/** Every fenced block (``` or ~~~, CommonMark rules for the closing fence) of `markdown`. */
export function codeBlocks(file: string, markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = []
  const lines = markdown.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const open = /^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)/.exec(lines[i] as string)
    if (!open) continue
    const fence = open[1] as string
    const body: string[] = []
    let j = i + 1
    while (j < lines.length && !isClosing(lines[j] as string, fence)) body.push(lines[j++] as string)
    blocks.push({ file, line: i + 1, lang: (open[2] ?? '').toLowerCase(), code: body.join('\n') })
    i = j
  }
  return blocks
}

function isClosing(line: string, fence: string): boolean {
  const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line)
  return close !== null && (close[1] as string)[0] === fence[0] && (close[1] as string).length >= fence.length
}

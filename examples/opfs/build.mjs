// Bundles the page and its worker into dist/ with the published packages inside: the browser
// gets plain ES modules, nothing is fetched from a network.
import { cp } from 'node:fs/promises'
import { build } from 'rolldown'

const out = new URL('./dist/', import.meta.url)
await build({
  input: { page: 'src/page.js', writer: 'src/writer.js' },
  output: { dir: 'dist', format: 'esm' },
  logLevel: 'warn',
})
await cp(new URL('./public/', import.meta.url), out, { recursive: true })

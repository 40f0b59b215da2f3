import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { expect, test } from 'vitest'
import { runFixture } from './child.js'
import { tempDir } from './tempDir.js'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')

test('the README example runs as written and prints the record it appended', async () => {
  const example = /```ts\n(import \{ open \}[\s\S]*?)```/.exec(readme)?.[1]
  expect(example).toBeDefined()
  const dir = tempDir()
  // Plain node runs it against the built package, from a folder of its own for './log-data'.
  const dist = pathToFileURL(new URL('../dist/index.js', import.meta.url).pathname).href
  const script = join(dir, 'example.mjs')
  writeFileSync(script, (example as string).replace("'@immuta/node-fs'", `'${dist}'`))
  const child = runFixture(script, [], { cwd: dir })
  expect(await child.nextLine()).toBe('0 hello world')
  expect(await child.exited).toEqual({ code: 0, signal: null })
})

import { join } from 'node:path'
import { expect, test } from 'vitest'
import { nodeFs } from '../src/index.js'
import { tempDir } from './tempDir.js'

test('watch calls onChange when another writer changes the file, until stopped', async () => {
  const dir = tempDir()
  const writer = nodeFs(dir).open('e.log', { readOnly: false })
  const follower = nodeFs(dir)
  let changes = 0
  let changed: () => void = () => {}
  const stop = follower.watch?.('e.log', () => {
    changes++
    changed()
  })
  expect(stop).toBeTypeOf('function')
  const seen = new Promise<void>((ok) => {
    changed = ok
  })
  writer.write(new Uint8Array([1, 2, 3]), 0)
  await seen
  expect(changes).toBeGreaterThan(0)
  stop?.()
  stop?.()
  writer.close()
})

test('watching a file that does not exist is a harmless no-op', () => {
  const stop = nodeFs(join(tempDir(), 'missing')).watch?.('e.log', () => {
    throw new Error('no file, no events')
  })
  expect(stop).toBeTypeOf('function')
  stop?.()
})

test('watch: false leaves the backend without watch, so followers rely on polling alone', () => {
  expect(nodeFs(tempDir(), { watch: false }).watch).toBeUndefined()
  expect(nodeFs(tempDir()).watch).toBeTypeOf('function')
})

test('watch rejects names outside the folder', () => {
  expect(() => nodeFs(tempDir()).watch?.('../e.log', () => {})).toThrow(expect.objectContaining({ code: 'INVALID_NAMESPACE' }))
})

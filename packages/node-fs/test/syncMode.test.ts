import { Immuta, isImmutaError } from '@immuta/core'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { nodeFs } from '../src/index.js'
import { tempDir } from './tempDir.js'

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text)

describe('syncMode', () => {
  test("'blocking' syncs inside the call: sync() answers no promise, and the bytes are in the file", () => {
    const dir = tempDir()
    const file = nodeFs(dir, { syncMode: 'blocking' }).open('e.log', { readOnly: false })
    file.write(bytes('durable'), 0)
    expect(file.sync()).toBeUndefined()
    file.close()
    expect(readFileSync(join(dir, 'e.log'), 'utf8')).toBe('durable')
  })

  test("the default, 'threadpool', answers a promise that resolves once synced", async () => {
    for (const backend of [nodeFs(tempDir()), nodeFs(tempDir(), { syncMode: 'threadpool' })]) {
      const file = backend.open('e.log', { readOnly: false })
      file.write(bytes('x'), 0)
      const synced = file.sync()
      expect(synced).toBeInstanceOf(Promise)
      await synced
      await file.close()
    }
  })

  test("'blocking' on a closed file throws IO_ERROR (EBADF) at once", () => {
    const file = nodeFs(tempDir(), { syncMode: 'blocking' }).open('e.log', { readOnly: false })
    file.close()
    let thrown: unknown
    try {
      file.sync()
    } catch (error) {
      thrown = error
    }
    expect(isImmutaError(thrown, 'IO_ERROR'), String(thrown)).toBe(true)
    expect((thrown as Error).cause).toMatchObject({ code: 'EBADF' })
  })

  test("a durable log over 'blocking' keeps every record, sequential and concurrent", async () => {
    const dir = tempDir()
    const log = await Immuta.open({ backend: nodeFs(dir, { syncMode: 'blocking' }), namespaces: ['e'], fastWrite: false })
    for (let i = 0; i < 5; i++) await log.append('e', `seq ${i}`)
    const results = await Promise.all(Array.from({ length: 64 }, (_, i) => log.append('e', `many ${i}`)))
    expect(results.map((r) => r.seq)).toEqual(Array.from({ length: 64 }, (_, i) => 5 + i))
    await log.close()
    const again = await Immuta.open({ backend: nodeFs(dir), namespaces: ['e'], readOnly: true })
    expect(await again.verify('e')).toMatchObject({ count: 69 })
    const stream = again.stream('e', 0)
    const texts: string[] = []
    for (let i = 0; i < 69; i++) texts.push(new TextDecoder().decode((await stream.next()).data))
    stream.done()
    await again.close()
    expect(texts.slice(0, 5)).toEqual(['seq 0', 'seq 1', 'seq 2', 'seq 3', 'seq 4'])
    expect(texts.slice(5).sort()).toEqual(Array.from({ length: 64 }, (_, i) => `many ${i}`).sort())
  })

  test.each(['sync', 'Blocking', '', 1, true])('syncMode %j is INVALID_ARGUMENT', (mode) => {
    const options = { syncMode: mode } as unknown as Parameters<typeof nodeFs>[1]
    expect(() => nodeFs(tempDir(), options)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
  })
})

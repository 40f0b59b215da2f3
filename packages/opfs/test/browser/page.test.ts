import { Immuta } from '@immuta/core'
import { describe, expect, it } from 'vitest'
import { opfs } from '../../src/index.ts'
import { freshFolder, removeFolder } from '../workers/workerBackend.ts'

// On the page (the main thread) there are no sync access handles.
describe('opfs() on the main thread', () => {
  it('refuses a writer with READ_ONLY and creates nothing', async () => {
    const dir = freshFolder('page')
    await expect(Immuta.open({ backend: opfs(dir), namespaces: ['events'] })).rejects.toMatchObject({ code: 'READ_ONLY' })
    const root = await navigator.storage.getDirectory()
    await expect(root.getDirectoryHandle(dir)).rejects.toMatchObject({ name: 'NotFoundError' })
    // The refused writer's lock was released: a writer elsewhere is not blocked by it.
    const lock = await opfs(dir).lock?.()
    await lock?.release()
  })

  it('a read-only open of a folder that does not exist rejects and creates nothing', async () => {
    const dir = freshFolder('page')
    await expect(Immuta.open({ backend: opfs(dir), namespaces: ['events'], readOnly: true })).rejects.toMatchObject({ code: 'IO_ERROR' })
    const root = await navigator.storage.getDirectory()
    await expect(root.getDirectoryHandle(dir)).rejects.toMatchObject({ name: 'NotFoundError' })
    await removeFolder(dir)
  })

  it.each(['', '/logs', 'a//b', '.', 'a/..', 'a\\b'])('refuses the folder name %j with INVALID_ARGUMENT', (dirName) => {
    expect(() => opfs(dirName)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
  })

  it('takes nested folders', async () => {
    const backend = opfs('nested-test/logs')
    const lock = await backend.lock?.()
    await expect(Promise.resolve(backend.lock?.())).rejects.toMatchObject({ code: 'LOCKED' })
    await lock?.release()
  })
})

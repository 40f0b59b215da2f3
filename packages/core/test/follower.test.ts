import { expect, it } from 'vitest'
import type { BackendFile, FileBackend } from '../src/index.js'
import { Immuta } from '../src/index.js'
import { countingBackend } from './countingBackend.js'

/**
 * The follower's view of a writer's backend: header reads take their bytes when called but answer
 * only when `release()` says so (a read that started before a change and ends after it), and
 * `changed()` fires the file-change event a backend's watch would.
 */
function laggingView(writer: FileBackend) {
  const held: Array<() => void> = []
  const listeners = new Set<() => void>()
  const view: FileBackend = {
    async open(name, options) {
      const file = (await writer.open(name, options)) as BackendFile
      return {
        ...file,
        read(into, position) {
          const n = file.read(into, position) as number
          if (position !== 0) return n
          return new Promise<number>((resolve) => held.push(() => resolve(n)))
        },
      }
    },
    watch(_name, onChange) {
      listeners.add(onChange)
      return () => listeners.delete(onChange)
    },
  }
  return {
    view,
    changed: () => {
      for (const listener of listeners) listener()
    },
    /** Answers every held read, and the reads those answers lead to, until none is left. */
    release: async () => {
      let answered: number
      do {
        await new Promise((resolve) => setTimeout(resolve, 0))
        const answers = held.splice(0)
        for (const answer of answers) answer()
        answered = answers.length
      } while (answered > 0)
    },
  }
}

it('a follower reads the header again when the file changes during a header read already in flight', async () => {
  const storage = countingBackend()
  const writer = await Immuta.open({ backend: storage, namespaces: ['ns'] })
  const { view, changed, release } = laggingView(storage)
  const opening = Immuta.open({ backend: view, namespaces: ['ns'], readOnly: true, pollInterval: 2_147_483_647 })
  await release()
  const follower = await opening
  const stream = follower.stream('ns', 0)
  const next = stream.next()

  changed() // a header read starts, and takes the bytes before the commit below
  await writer.append('ns', 'after the read started')
  changed() // the commit's event, while that read is still in flight
  await release()

  expect(new TextDecoder().decode((await next).data)).toBe('after the read started')
  stream.done()
  await follower.close()
  await writer.close()
})

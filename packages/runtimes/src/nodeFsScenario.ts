// @immuta/node-fs over real files, as a list of checks that Bun and Deno run through
// src/nodeFsRun.ts: a writer, a second writer refused with LOCKED (in this process and in
// another), a follower. Every folder is made by the Node test that starts the runtime, so the
// checks need no permission beyond reading and writing them.
import type { Immuta } from '@immuta/core'
import { existsSync } from 'node:fs'
import { ImmutaError, nodeFs, open } from '@immuta/node-fs'
import { equal, ok, rejectsWith } from './expect.ts'
import type { Check } from './scenario.ts'

/** Folders prepared by the Node test: `fresh` is empty, `held` is locked by a Node process. */
export interface NodeFsFolders {
  fresh: string
  held: string
  holderPid: number
}

const text = new TextDecoder()

async function readFirst(log: Immuta, count: number): Promise<string[]> {
  using stream = log.stream('events', 0)
  const out: string[] = []
  for (let i = 0; i < count; i++) out.push(text.decode((await stream.next()).data))
  return out
}

export function nodeFsChecks({ fresh, held, holderPid }: NodeFsFolders): Check[] {
  const dir = (name: string): string => `${fresh}/${name}`
  return [
    {
      name: 'node-fs: a writer appends, and its records survive close and reopen',
      async run() {
        {
          await using log = await open({ dir: dir('writer'), namespaces: ['events'], fastWrite: false })
          equal((await log.append('events', 'one')).seq, 0, 'seq of the first append')
          await log.append('events', 'two')
        }
        await using log = await open({ dir: dir('writer'), namespaces: ['events'] })
        equal(await readFirst(log, 2), ['one', 'two'], 'records after reopening')
        equal(await log.verify('events'), { count: 2, size: 16 + 2 * (8 + 3) }, 'verify')
      },
    },
    {
      name: 'node-fs: a second writer in this process gets LOCKED, which says it is this process',
      async run() {
        const first = await open({ dir: dir('locked'), namespaces: ['events'] })
        const error = await rejectsWith(open({ dir: dir('locked'), namespaces: ['events'] }), 'LOCKED', 'a second writer')
        ok(error.message.includes('this same process'), `the message to name this process: ${error.message}`)
        await first.close()
        await (await open({ dir: dir('locked'), namespaces: ['events'] })).close()
      },
    },
    {
      name: 'node-fs: a folder locked by a Node process is LOCKED here, naming its pid',
      async run() {
        const error = await rejectsWith(open({ dir: held, namespaces: ['events'] }), 'LOCKED', 'a writer while Node holds the lock')
        ok(error instanceof ImmutaError, 'the ImmutaError that node-fs re-exports')
        equal((error.details as { pid?: number }).pid, holderPid, 'the pid in details')
      },
    },
    {
      name: 'node-fs: a follower streams the records committed before and after it opened',
      async run() {
        await using writer = await open({ dir: dir('follow'), namespaces: ['events'] })
        await writer.append('events', 'early')
        await using follower = await open({ dir: dir('follow'), namespaces: ['events'], readOnly: true, pollInterval: 20 })
        using stream = follower.stream('events', 0)
        equal(text.decode((await stream.next()).data), 'early', 'the record committed before')
        const next = stream.next({ signal: AbortSignal.timeout(20_000) })
        await writer.append('events', 'late')
        equal(text.decode((await next).data), 'late', 'the record committed after')
      },
    },
  ]
}

/** Deno without --allow-ffi: the writer lock cannot be taken, and says so with a typed error. */
export function withoutFfiChecks({ fresh }: NodeFsFolders): Check[] {
  return [
    {
      name: 'node-fs: without --allow-ffi a writer is refused with IO_ERROR, and creates no log file',
      async run() {
        const error = await rejectsWith(open({ dir: `${fresh}/no-ffi`, namespaces: ['events'] }), 'IO_ERROR', 'a writer')
        ok(/ffi/i.test(String((error.cause as Error | undefined)?.message)), `a cause that names FFI: ${String(error.cause)}`)
        ok(!existsSync(`${fresh}/no-ffi/events.log`), 'no events.log after the refused open')
      },
    },
    {
      name: 'node-fs: without --allow-ffi a follower, which takes no lock, still reads',
      async run() {
        // An empty file is an empty log; made through the backend, which needs no lock to create it.
        nodeFs(`${fresh}/follow`).open('events.log', { readOnly: false }).close()
        await using follower = await open({ dir: `${fresh}/follow`, namespaces: ['events'], readOnly: true })
        equal(await follower.stats('events'), { count: 0, size: 0, lastIndex: 0 }, 'stats of the empty log')
      },
    },
  ]
}

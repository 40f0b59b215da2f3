// A dedicated worker that runs a whole log, engine and backend, as an application's worker
// would: Immuta over opfs(), on sync access handles. The test on the page drives it by messages.
import { Immuta } from '@immuta/core'
import { opfs } from '../../src/index.ts'
import { serve } from './rpc.ts'

let log: Immuta | undefined

function opened(): Immuta {
  if (!log) throw new Error('no log open in this worker')
  return log
}

serve(async (op, args) => {
  switch (op) {
    case 'open':
      log = await Immuta.open({
        backend: opfs(args.dir as string),
        namespaces: [args.namespace as string],
        readOnly: args.readOnly as boolean,
        // A long poll: a follower that wakes in time was woken by the writer's BroadcastChannel post.
        pollInterval: (args.pollInterval as number | undefined) ?? 250,
      })
      return undefined
    case 'append': {
      const results = []
      for (const text of args.records as string[]) results.push(await opened().append(args.namespace as string, text))
      return results
    }
    case 'read': {
      const stream = opened().stream(args.namespace as string, args.from as number)
      const texts: string[] = []
      try {
        for (let i = 0; i < (args.count as number); i++) texts.push(new TextDecoder().decode((await stream.next()).data))
      } finally {
        stream.done()
      }
      return texts
    }
    case 'stats':
      return opened().stats(args.namespace as string)
    case 'close':
      await log?.close()
      log = undefined
      return undefined
    default:
      throw new Error(`unknown op ${op}`)
  }
})

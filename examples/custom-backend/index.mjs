import { Immuta } from '@immuta/core'
import { pageBackend } from './pageBackend.mjs'

// Any FileBackend goes where nodeFs(dir) would: here, a store of 4 KiB pages.
const store = new Map()
const log = await Immuta.open({ backend: pageBackend(store), namespaces: ['events'] })
try {
  for (let i = 0; i < 100; i++) await log.append('events', `event ${i} `.padEnd(100, '.'))
  const { count, size } = await log.stats('events')
  const pages = [...store.keys()].filter((key) => /^events\.log\/\d+$/.test(key)).length
  console.log(`${count} records, ${size} bytes, in ${pages} pages of the store`)
  console.log(`verify: ${JSON.stringify(await log.verify('events'))}`)
} finally {
  await log.close()
}

// A new backend over the same store sees what the first one wrote: the store is the disk.
const reopened = await Immuta.open({ backend: pageBackend(store), namespaces: ['events'] })
try {
  const stream = reopened.stream('events', 99)
  console.log(`after reopening, record 99 is "${new TextDecoder().decode((await stream.next()).data).slice(0, 9)}..."`)
  stream.done()
} finally {
  await reopened.close()
}

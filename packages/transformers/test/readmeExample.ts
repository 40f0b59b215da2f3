import { chain, Immuta } from '@immuta/core'
import { memoryBackend } from '@immuta/testkit/backends' // or nodeFs('./log-data') from '@immuta/node-fs'
import { decrypt, deflate, encrypt, inflate } from '../src/index.js'

const key = crypto.getRandomValues(new Uint8Array(32)) // keep it: without it the log is unreadable
const log = await Immuta.open({
  backend: memoryBackend(),
  namespaces: ['events'],
  writeTransform: chain(deflate({ level: 1 }), encrypt(key)), // compress first: ciphertext does not compress
  readTransform: chain(decrypt(key), inflate()), // the write chain, reversed
})
await log.append('events', '{"event":"click","user":1234}')
const record = await log.stream('events', 0).next()
console.log(new TextDecoder().decode(record.data), `stored in ${record.size} bytes`)
await log.close()

import { readFile } from 'node:fs/promises'
import { chain, isImmutaError } from '@immuta/core'
import { open } from '@immuta/node-fs'
import { decrypt, deflate, encrypt, inflate } from '@immuta/transformers'

// A 32-byte AES-256 key. Keep yours in a secret store; this one is for the example only.
const key = Buffer.from(process.env.IMMUTA_KEY ?? '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex')

// Compress first, then encrypt: ciphertext does not compress. Reading undoes it in reverse.
const options = {
  dir: './log-data',
  namespaces: ['patients'],
  writeTransform: chain(deflate({ level: 1 }), encrypt(key)),
  readTransform: chain(decrypt(key), inflate()),
}

const log = await open(options)
try {
  const { size } = await log.append('patients', JSON.stringify({ name: 'Ada Lovelace', diagnosis: 'flu' }))
  console.log(`stored ${size} bytes: a 12-byte nonce, the ciphertext and a 16-byte tag`)
  const { count } = await log.stats('patients')
  const stream = log.stream('patients', count - 1)
  console.log(`read back: ${new TextDecoder().decode((await stream.next()).data)}`)
  stream.done()
} finally {
  await log.close()
}

const onDisk = await readFile('./log-data/patients.log', 'latin1')
console.log(`the name on disk: ${onDisk.includes('Lovelace') ? 'readable' : 'nowhere to be found'}`)

// Another key cannot read the records: AES-GCM checks each one, and refuses rather than
// returning garbage.
const wrongKey = new Uint8Array(32)
const intruder = await open({ ...options, readTransform: chain(decrypt(wrongKey), inflate()) })
try {
  const stream = intruder.stream('patients', 0)
  await stream.next().catch((error) => {
    if (isImmutaError(error, 'TRANSFORM_FAILED')) console.log('with the wrong key: TRANSFORM_FAILED')
  })
  stream.done()
} finally {
  await intruder.close()
}

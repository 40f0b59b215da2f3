import { chain } from '@immuta/core'
import { transformerConformance } from '@immuta/testkit'
import { checksum, decrypt, deflate, encrypt, inflate, verifyChecksum } from '../src/index.js'

const key = Uint8Array.from({ length: 32 }, (_, i) => i * 7 + 3)

transformerConformance({ name: 'deflate level 0 / inflate', write: deflate({ level: 0 }), read: inflate() })
transformerConformance({ name: 'deflate level 1 / inflate', write: deflate({ level: 1 }), read: inflate() })
transformerConformance({ name: 'deflate level 9 / inflate', write: deflate({ level: 9 }), read: inflate() })
transformerConformance({ name: 'encrypt / decrypt', write: encrypt(key), read: decrypt(key), randomized: true, tamperDetected: true })
transformerConformance({ name: 'checksum / verifyChecksum', write: checksum(), read: verifyChecksum(), tamperDetected: true })
transformerConformance({
  name: 'chain(deflate, encrypt) / chain(decrypt, inflate)',
  write: chain(deflate({ level: 1 }), encrypt(key)),
  read: chain(decrypt(key), inflate()),
  randomized: true,
  tamperDetected: true,
})
transformerConformance({
  name: 'chain(deflate, checksum) / chain(verifyChecksum, inflate)',
  write: chain(deflate({ level: 1 }), checksum()),
  read: chain(verifyChecksum(), inflate()),
  tamperDetected: true,
})

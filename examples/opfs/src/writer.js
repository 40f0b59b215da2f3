// The tab's dedicated worker: the only place where the log can be written (sync access handles
// exist only in dedicated workers). One tab of the origin holds the writer lock; in the others
// this worker waits and takes over when that tab closes.
import { Immuta, isImmutaError } from '@immuta/core'
import { opfs } from '@immuta/opfs'

const RETRY_MS = 500

async function openWriter() {
  for (;;) {
    try {
      return await Immuta.open({ backend: opfs('example'), namespaces: ['messages'] })
    } catch (error) {
      if (!isImmutaError(error, 'LOCKED')) throw error
      self.postMessage({ type: 'locked' })
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS))
    }
  }
}

const log = await openWriter()
self.postMessage({ type: 'writer' })
self.onmessage = async (event) => {
  const { seq } = await log.append('messages', event.data.text)
  self.postMessage({ type: 'appended', seq })
}

import { type BackendLock, ImmutaError } from '@immuta/core'

/**
 * The writer lock, a Web Lock (`navigator.locks`) held for the whole origin: every tab and
 * worker of it sees the same lock, and the browser frees it when the tab or worker that holds
 * it goes away, so a closed tab never leaves a stale lock behind.
 */
export function webLock(name: string): Promise<BackendLock> {
  return new Promise((resolve, reject) => {
    let free = (): void => {}
    const held = new Promise<void>((done) => {
      free = done
    })
    const request = navigator.locks.request(name, { ifAvailable: true }, (lock) => {
      if (lock === null) {
        reject(new ImmutaError('LOCKED', `another writer (in this or another tab or worker) holds the log folder ${name}`))
        return undefined
      }
      // `request` settles only once the lock is free again: release() waits for that, so a lock
      // taken right after release() succeeds.
      resolve({
        release: async () => {
          free()
          await request
        },
      })
      return held
    })
    request.catch(reject)
  })
}

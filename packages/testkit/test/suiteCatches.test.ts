import type { FileBackend } from '@immuta/core'
import { describe, expect, it } from 'vitest'
import { type BackendCheck, backendChecks } from '../src/backendChecks.js'
import { memoryBackend } from '../src/index.js'
import { brokenBackends } from './brokenBackends.js'

class Skipped extends Error {}

/** Runs every check on a fresh backend each, as the suite does; returns the outcome of each. */
async function outcomes(create: () => FileBackend): Promise<Map<string, 'passed' | 'failed' | 'skipped'>> {
  const results = new Map<string, 'passed' | 'failed' | 'skipped'>()
  for (const check of backendChecks) results.set(check.name, await outcome(check, create()))
  return results
}

async function outcome(check: BackendCheck, backend: FileBackend): Promise<'passed' | 'failed' | 'skipped'> {
  try {
    await check.run(backend, {
      skip: (reason) => {
        throw new Skipped(reason)
      },
    })
    return 'passed'
  } catch (error) {
    return error instanceof Skipped ? 'skipped' : 'failed'
  }
}

const failedNames = (results: Map<string, string>): string[] =>
  [...results].filter(([, result]) => result === 'failed').map(([name]) => name)

describe('backendConformance can fail', () => {
  it('passes every check on the reference backend, the control for the cases below', async () => {
    expect(failedNames(await outcomes(memoryBackend))).toEqual([])
  })

  for (const broken of brokenBackends) {
    it(`catches a backend where ${broken.flaw}`, async () => {
      const failed = failedNames(await outcomes(broken.create))
      for (const name of broken.caughtBy) expect(failed, `check "${name}"`).toContain(name)
    })
  }

  it('names only checks that exist, so a renamed check cannot hide a broken backend', () => {
    const names = new Set(backendChecks.map((check) => check.name))
    for (const broken of brokenBackends) for (const name of broken.caughtBy) expect(names).toContain(name)
  })

  it('skips writev, lock and watch checks when the backend lacks them, and passes the rest', async () => {
    const bare = (): FileBackend => {
      const inner = memoryBackend()
      return {
        open: (name, options) => {
          const { writev: _writev, ...file } = inner.open(name, options)
          return file
        },
      }
    }
    const results = await outcomes(bare)
    const skipped = [...results].filter(([, result]) => result === 'skipped').map(([name]) => name)
    expect(skipped.sort()).toEqual([
      'a second lock rejects with LOCKED',
      'release frees the lock, and a stale release frees nothing',
      'watch calls back when the file grows',
      'writev writes the chunks in order, contiguously',
    ])
    expect(failedNames(results)).toEqual([])
  })
})

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FileBackend } from '@immuta/core'
import { backendConformance } from '@immuta/testkit'
import { type NodeFsBackend, nodeFs } from '../src/index.js'

const fresh = (): NodeFsBackend => nodeFs(join(mkdtempSync(join(tmpdir(), 'immuta-conformance-')), 'log'))
const cleanup = (backend: FileBackend): void =>
  rmSync(join((backend as NodeFsBackend).dir, '..'), { recursive: true, force: true })

backendConformance({ name: 'nodeFs', create: fresh, cleanup })

// The same contract with every read and write through the thread pool, the path large IO takes.
backendConformance({ name: 'nodeFs, asynchronous IO', create: () => nodeFs(fresh().dir, { syncIoLimit: 0 }), cleanup })

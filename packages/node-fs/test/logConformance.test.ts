import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FileBackend } from '@immuta/core'
import { logConformance } from '@immuta/testkit'
import { type NodeFsBackend, nodeFs } from '../src/index.js'

// The whole log contract over real files, each test in a fresh temporary folder.
logConformance({
  name: 'nodeFs',
  create: () => nodeFs(join(mkdtempSync(join(tmpdir(), 'immuta-log-conformance-')), 'log')),
  cleanup: (backend: FileBackend) => rmSync(join((backend as NodeFsBackend).dir, '..'), { recursive: true, force: true }),
})

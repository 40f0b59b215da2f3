import { backendConformance, logConformance } from '@immuta/testkit'
import { pageBackend } from '../pageBackend.mjs'

// The backend's own contract: reads, writes, truncates, sizes, handles, writev, lock and watch.
backendConformance({ name: 'pageBackend', create: () => pageBackend(new Map()) })

// The whole log over it: opening, writing, transactions, streams, errors, closing, durability,
// followers and malformed files, as @immuta/core promises them over any conforming backend.
logConformance({ name: 'pageBackend', create: () => pageBackend(new Map()) })

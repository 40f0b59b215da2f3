import { backendConformance, memoryBackend } from '../src/index.js'
import { randomSeed } from '../src/random.js'
import { slowBackend } from './slowBackend.js'

// A fresh seed each run explores more orderings; it is in the block's name, so a failure shows it.
const seed = randomSeed()

backendConformance({ name: `memoryBackend behind random delays (seed ${seed})`, create: () => slowBackend(memoryBackend(), seed) })

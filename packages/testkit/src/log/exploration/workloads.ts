import type { Random } from '../../random.js'
import type { Journal } from './journal.js'

/** A standard workload: what a crash or a fault interrupts. Sizes come from a seeded source. */
export interface Workload {
  name: string
  /** Megabyte-sized: too slow to copy at every crash point, so only the fault loop runs it. */
  large?: boolean
  run(journal: Journal, random: Random): Promise<void>
}

const small = (random: Random): number => 1 + random.int(300)

export const WORKLOADS: readonly Workload[] = [
  {
    name: 'single appends',
    async run(journal, random) {
      for (let i = 0; i < 5; i++) await journal.append(small(random))
    },
  },
  {
    name: 'a transaction',
    async run(journal, random) {
      await journal.append(small(random))
      await journal.transaction([small(random), small(random), small(random)], true)
      await journal.append(small(random))
    },
  },
  {
    name: 'concurrent appends',
    async run(journal, random) {
      await Promise.all(Array.from({ length: 10 }, () => journal.append(small(random))))
      await Promise.all(Array.from({ length: 5 }, () => journal.append(small(random))))
    },
  },
  {
    name: 'a rollback',
    async run(journal, random) {
      await journal.append(small(random))
      await journal.append(small(random))
      await journal.transaction([small(random), small(random)], false)
      await journal.append(small(random))
    },
  },
  {
    name: 'begin, commit, and a scope left without commit',
    async run(journal, random) {
      await journal.begin([small(random), small(random)], true)
      await journal.begin([small(random)], false)
      await journal.append(small(random))
    },
  },
  {
    name: 'appends waiting while transactions hold the writer',
    async run(journal, random) {
      await Promise.all([
        journal.transaction([small(random), small(random)], true),
        journal.append(small(random)),
        journal.transaction([small(random)], false),
        journal.append(small(random)),
      ])
    },
  },
  {
    name: 'concurrent records spanning several sectors',
    async run(journal, random) {
      await Promise.all(Array.from({ length: 4 }, () => journal.append(2000 + random.int(7000))))
      await journal.append(3000 + random.int(3000))
    },
  },
  {
    name: 'large transactions written before commit, rolled back and committed',
    large: true,
    async run(journal, random) {
      await journal.append(small(random))
      await journal.transaction([600_000, 600_000], false)
      await journal.append(small(random))
      await journal.transaction([600_000, 600_000, small(random)], true)
    },
  },
]

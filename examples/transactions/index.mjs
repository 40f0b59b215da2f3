import { isImmutaError } from '@immuta/core'
import { open } from '@immuta/node-fs'

// A ledger where a transfer is two records, a debit and a credit: a reader must never see one
// without the other, and a transfer that fails half way must leave no trace.
const log = await open({ dir: './log-data', namespaces: ['ledger'] })
try {
  // 1. The callback form: commits when the callback resolves.
  await log.transaction('ledger', async (tx) => {
    await tx.append(JSON.stringify({ account: 'alice', amount: -30 }))
    await tx.append(JSON.stringify({ account: 'bob', amount: +30 }))
  })
  console.log('transfer 1 committed')

  // 2. A callback that throws: both records are rolled back and the error comes back to you.
  const before = await log.stats('ledger')
  const failed = await log
    .transaction('ledger', async (tx) => {
      await tx.append(JSON.stringify({ account: 'bob', amount: -500 }))
      throw new Error('insufficient funds')
    })
    .catch((error) => error)
  console.log(`transfer 2 rolled back: ${failed.message}`)
  const after = await log.stats('ledger')
  console.log(`file size before ${before.size}, after ${after.size}`)

  // 3. The explicit form: begin, append, then commit or roll back yourself. (With TypeScript or
  // a runtime that has `await using`, `await using tx = log.begin(...)` rolls back on scope exit.)
  const tx = log.begin('ledger')
  await tx.append(JSON.stringify({ account: 'carol', amount: -5 }))
  await tx.append(JSON.stringify({ account: 'alice', amount: +5 }))
  await tx.commit()
  console.log('transfer 3 committed')
  await tx.append('too late').catch((error) => {
    if (isImmutaError(error, 'TRANSACTION_CLOSED')) console.log('a finished transaction refuses appends: TRANSACTION_CLOSED')
  })

  const { count } = await log.stats('ledger')
  console.log(`${count} records:`)
  for await (const record of log.stream('ledger', 0)) {
    console.log(`  ${record.seq} ${new TextDecoder().decode(record.data)}`)
    if (record.seq === count - 1) break
  }
} finally {
  await log.close()
}

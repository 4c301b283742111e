/**
 * Upgrade to schema version 3: every change still waiting for the server (`pushed: 0`) gets an
 * entry in the new `outbox` table, and the `pushed` flag leaves every change record.
 */
import type { Transaction } from 'dexie'

type V2Change = { id: string; pushed?: 0 | 1 }

export async function moveWaitingChangesToOutbox(tx: Transaction): Promise<void> {
  const waiting: { id: string }[] = []
  await tx
    .table<V2Change, string>('changes')
    .toCollection()
    .modify((change) => {
      if (change.pushed !== 1) waiting.push({ id: change.id })
      delete change.pushed
    })
  await tx.table<{ id: string }, string>('outbox').bulkAdd(waiting)
}

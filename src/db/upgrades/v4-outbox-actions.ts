/**
 * Upgrade to schema version 4: outbox entries carry the action (transaction) their change was
 * written in, indexed, so "waiting" counts actions. Entries from version 3 cannot tell which of
 * them were written together, so each becomes an action of its own.
 */
import type { Transaction } from 'dexie'

type V3OutboxEntry = { id: string; action?: string }

export async function tagOutboxEntriesWithActions(tx: Transaction): Promise<void> {
  await tx
    .table<V3OutboxEntry, string>('outbox')
    .toCollection()
    .modify((entry) => {
      entry.action ??= entry.id
    })
}

/**
 * The outbox's entries (schema v8) and how a list of waiting change ids becomes entries. Kept
 * apart from change-record.ts (which holds the zod schemas of the wire) so that the local write
 * path, loaded with the first screen, does not carry those schemas.
 */

/**
 * Changes waiting to be pushed (schema v8): the ids in `ids`, in order, or, without `ids`, the one
 * change `id` (every entry of versions 3-7 is of that kind); `action` is the action (transaction)
 * that wrote them (db/action-id.ts; absent on entries queued in bulk: joining a space, a backup).
 * A bulk action queues its changes as entries of up to OUTBOX_ENTRY_IDS ids instead of one entry
 * per change: IndexedDB charges per record. Invariant: every waiting change id is in exactly one
 * entry, and an entry's key `id` is its first waiting id (push re-keys a partly sent entry).
 */
export type OutboxEntry = { id: string; action?: string; ids?: string[] }

/** The most change ids one outbox entry holds (a push batch: one entry is read per batch). */
export const OUTBOX_ENTRY_IDS = 500

/** The change ids an outbox entry queues. */
export function idsOf(entry: OutboxEntry): string[] {
  return entry.ids ?? [entry.id]
}

/**
 * Outbox entries queueing `ids` (sorted here), OUTBOX_ENTRY_IDS at most per entry; one id makes
 * an entry of the single kind (`{ id, action }`).
 */
export function outboxEntriesFor(ids: readonly string[], action?: string): OutboxEntry[] {
  const sorted = [...ids].sort()
  const entries: OutboxEntry[] = []
  for (let start = 0; start < sorted.length; start += OUTBOX_ENTRY_IDS) {
    const chunk = sorted.slice(start, start + OUTBOX_ENTRY_IDS)
    const first = chunk[0]!
    entries.push({
      id: first,
      ...(action === undefined ? {} : { action }),
      ...(chunk.length > 1 ? { ids: chunk } : {}),
    })
  }
  return entries
}

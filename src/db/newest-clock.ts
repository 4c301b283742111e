/**
 * The newest clock any row state holds, kept in `meta` by every transaction that writes states
 * (`mutate`, `applyRemote`/`writeStates`, re-stamping, backup import), so a database restores its
 * clock at open with one `get`. It was the newest entry of the `rowStates.hlc` index, which in
 * Chromium must step over every deleted record that follows that index in the origin's store: 1–4 s
 * of a cold start in the bench (docs/benchmarks.md). Invariant: the stored value is ≥ the clock of
 * every stored state (it may be higher after an aborted write: harmless, the clock had that value).
 */
import type { Transaction } from 'dexie'
import type { AppDatabase, MetaEntry } from './database'
import type { Tx } from './tx'

export const NEWEST_CLOCK_KEY = 'newestStateClock'

/** The newest of `known` and `hlcs` (HLC strings order as their clocks). */
export function newestOf(known: string | undefined, hlcs: Iterable<string>): string | undefined {
  let newest = known
  for (const hlc of hlcs) if (newest === undefined || hlc > newest) newest = hlc
  return newest
}

/**
 * In the transaction writing states with these clocks: keep meta's newest clock ≥ them. One put,
 * issued with the caller's other writes (no read: the database knows the value it restored and
 * raised since, and only raises it).
 */
export function noteStateClocks(
  tx: Tx,
  database: AppDatabase,
  hlcs: Iterable<string>,
): Promise<unknown> | undefined {
  const newest = newestOf(database.newestStateClock, hlcs)
  if (newest === undefined) return undefined
  database.newestStateClock = newest
  return tx.meta.put({ key: NEWEST_CLOCK_KEY, value: newest })
}

/**
 * Set meta's newest clock outright, in the transaction that made it so: re-stamping lowers the
 * clocks of states that ran ahead, and a backup import replaces every state.
 */
export async function setNewestStateClock(
  tx: Tx,
  database: AppDatabase,
  hlc: string | undefined,
): Promise<void> {
  database.newestStateClock = hlc
  if (hlc === undefined) await tx.meta.delete(NEWEST_CLOCK_KEY)
  else await tx.meta.put({ key: NEWEST_CLOCK_KEY, value: hlc })
}

/** The stored newest clock, or (no write since version 11 made it) the `hlc` index's newest. */
export async function readNewestStateClock(
  meta: { get(key: string): Promise<MetaEntry | undefined> },
  newestByIndex: () => Promise<string | undefined>,
): Promise<string | undefined> {
  const stored = await meta.get(NEWEST_CLOCK_KEY)
  return typeof stored?.value === 'string' ? stored.value : newestByIndex()
}

/** Schema version 11: the value from the `hlc` index, once, for a database made before it. */
export async function storeNewestStateClock(tx: Transaction): Promise<void> {
  const newest = (await tx.table<{ hlc: string }>('rowStates').orderBy('hlc').last())?.hlc
  if (newest !== undefined) await tx.table('meta').put({ key: NEWEST_CLOCK_KEY, value: newest })
}

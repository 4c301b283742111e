/**
 * The app's Dexie database: one typed table per entity of DOMAIN §1–2, the row states
 * (row-states.ts), the changes waiting for the server (`changes` + `outbox`) and a small key-value
 * `meta` table (device id). `createDatabase(name)` makes an instance (tests make one per test with
 * a unique name); the app's singleton lives in instance.ts.
 *
 * Each database carries its device's hybrid logical clock, restored on open from the newest change
 * folded into a row state (local or remote; kept in `meta` by every state write: newest-clock.ts),
 * so `mutate` can stamp changes synchronously.
 */
import { Dexie, type EntityTable, type Table } from 'dexie'
import { HybridClock } from '../crdt/hlc'
import type { OutboxEntry, ChangeRecord, RowState } from './change-record'
import type { EventSummary } from './event-summary'
import { newId } from './ids'
import { readNewestStateClock } from './newest-clock'
import { rowStateCodec, type RowKey } from './row-states'
import type { DomainTableName, RowOf } from './tables'
import { VERSIONS } from './versions'

export type MetaEntry = { key: string; value: unknown }

export type DatabaseDeps = {
  /** Wall clock in ms; injectable so tests control time and clock skew. */
  now?: () => number
  /** Fixed device id (tests, simulations); otherwise generated once and kept in `meta`. */
  deviceId?: string
}

type DomainTables = { [TName in DomainTableName]: EntityTable<RowOf<TName>, 'id'> }

// Declaration merging gives the Dexie subclass one typed property per domain table.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type -- the interface only merges the typed tables into the class
export interface AppDatabase extends DomainTables {}
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see comment above
export class AppDatabase extends Dexie {
  changes!: EntityTable<ChangeRecord, 'id'>
  outbox!: EntityTable<OutboxEntry, 'id'>
  rowStates!: Table<RowState, RowKey>
  meta!: EntityTable<MetaEntry, 'key'>
  eventSummaries!: EntityTable<EventSummary, 'eventId'>
  readonly now: () => number
  private hybridClock: HybridClock | undefined
  /** The newest clock any stored row state holds, or higher (newest-clock.ts); set at open. */
  newestStateClock: string | undefined

  constructor(name: string, deps: DatabaseDeps = {}) {
    super(name)
    // Row states are stored compact and read back as `RowState`s (row-states.ts).
    this.use(rowStateCodec)
    for (const declaration of VERSIONS) {
      const version = this.version(declaration.version).stores(declaration.stores)
      if (declaration.upgrade) version.upgrade(declaration.upgrade)
    }
    this.now = deps.now ?? Date.now
    this.on('ready', async () => {
      // Every change applied here, local or remote, is folded into a row state, and a state
      // keeps its row's newest change, so the newest state clock is the newest clock seen.
      const [deviceId, newest] = await Promise.all([
        deps.deviceId ?? this.loadOrCreateDeviceId(),
        readNewestStateClock(
          this.meta,
          async () => (await this.rowStates.orderBy('hlc').last())?.hlc,
        ),
      ])
      const clock = new HybridClock(deviceId, this.now)
      clock.restore(newest)
      this.newestStateClock = newest
      this.hybridClock = clock
    })
  }

  /** The device's clock; available once the database is open (Dexie opens it on first use). */
  get clock(): HybridClock {
    if (!this.hybridClock) throw new Error('The database is not open yet')
    return this.hybridClock
  }

  private async loadOrCreateDeviceId(): Promise<string> {
    const existing = await this.meta.get('deviceId')
    if (typeof existing?.value === 'string') return existing.value
    const deviceId = newId()
    await this.meta.put({ key: 'deviceId', value: deviceId })
    return deviceId
  }
}

/** A new database handle; Dexie opens it lazily on first use (DOMAIN §8). */
export function createDatabase(name: string, deps: DatabaseDeps = {}): AppDatabase {
  return new AppDatabase(name, deps)
}

/**
 * The `rowStates` table (DESIGN §3, "state, not history"): per synced row its state, the compacted
 * set of its changes (crdt/row-state.ts). Folding changes into states costs the batch and the
 * states it touches, never the rows' history; `mutate`, `applyRemote`, restamping, the upgrade and
 * backup import all go through here, so a stored state is always a compaction.
 */
import type { DBCore, DBCoreCursor, Middleware, Table } from 'dexie'
import { foldIntoState } from '../crdt/row-state'
import type { ChangeRecord, RowState, SyncedTable } from './change-record'
import { MERGE_POLICY } from './merge-policy'

export type RowKey = [SyncedTable, string]

const ROW_STATES = 'rowStates'

/** The newest clock among a state's changes ('' for none). */
export function newestHlc(changes: readonly Pick<ChangeRecord, 'hlc'>[]): string {
  let newest = ''
  for (const change of changes) if (change.hlc > newest) newest = change.hlc
  return newest
}

/** A state record for `changes`, which must all belong to one row and be compacted. */
export function stateRecord(changes: ChangeRecord[]): RowState | undefined {
  const first = changes[0]
  if (!first) return undefined
  return { table: first.table, rowId: first.rowId, hlc: newestHlc(changes), changes }
}

/** Fold `changes` (one row's) into `state`; the result is compacted. */
export function foldRow(
  state: readonly ChangeRecord[] | undefined,
  changes: readonly ChangeRecord[],
): ChangeRecord[] {
  return foldIntoState(MERGE_POLICY, state ?? [], changes)
}

export const rowKeyString = (table: string, rowId: string) => `${table}\u0000${rowId}`

/** Group changes by row, in first-seen order. */
export function groupByRow(
  changes: readonly ChangeRecord[],
): Map<string, { key: RowKey; changes: ChangeRecord[] }> {
  const byRow = new Map<string, { key: RowKey; changes: ChangeRecord[] }>()
  for (const change of changes) {
    const id = rowKeyString(change.table, change.rowId)
    const group = byRow.get(id)
    if (group) group.changes.push(change)
    else byRow.set(id, { key: [change.table, change.rowId], changes: [change] })
  }
  return byRow
}

/**
 * Fold a set of changes (any rows) into the stored states: one bulkGet, one bulkPut. Used where
 * no row is written from the result (upgrade, import); `applyRemote` has its own loop.
 */
export async function foldIntoStoredStates(
  table: Table<RowState, RowKey>,
  changes: readonly ChangeRecord[],
): Promise<void> {
  const groups = [...groupByRow(changes).values()]
  if (groups.length === 0) return
  const states = await table.bulkGet(groups.map((group) => group.key))
  const next: RowState[] = []
  groups.forEach((group, index) => {
    const record = stateRecord(foldRow(states[index]?.changes, group.changes))
    if (record) next.push(record)
  })
  await table.bulkPut(next)
}

/**
 * How a state is stored (schema version 10): the key (`table`, `rowId`) and the newest clock
 * `hlc` (indexed) once, and the entries as ONE flat array — per entry its id, clock, device (0
 * when it is the clock's own node, as for every change a device stamps itself), the number of
 * fields, then field names and values — instead of an object per entry repeating `table` and
 * `rowId`. IndexedDB's cost is per record, per property and per byte cloned; the entries' objects
 * were most of a state's. `decodeState` gives back exactly the `RowState` that was encoded.
 */
export type StoredState = { table: SyncedTable; rowId: string; hlc: string; e: unknown[] }

/** The node part of a clock `0…0-cccccc-node` ('' when the text is not a clock). */
const NODE_AT = 23
const nodeOf = (hlc: string) => (hlc.length > NODE_AT && hlc[22] === '-' ? hlc.slice(NODE_AT) : '')

export function encodeState(state: RowState): StoredState {
  const e: unknown[] = []
  for (const change of state.changes) {
    const names = Object.keys(change.fields)
    e.push(
      change.id,
      change.hlc,
      change.deviceId === nodeOf(change.hlc) ? 0 : change.deviceId,
      names.length,
    )
    for (const name of names) e.push(name, change.fields[name])
  }
  return { table: state.table, rowId: state.rowId, hlc: state.hlc, e }
}

/** The state a stored record holds; a record of version 7–9 (`changes`) is returned as it is. */
export function decodeState(stored: StoredState | RowState): RowState {
  if (!('e' in stored)) return stored
  const { table, rowId, e } = stored
  const changes: ChangeRecord[] = []
  let at = 0
  while (at < e.length) {
    const id = e[at] as string
    const hlc = e[at + 1] as string
    const device = e[at + 2]
    const count = e[at + 3] as number
    at += 4
    const fields: Record<string, unknown> = {}
    for (let index = 0; index < count; index += 1, at += 2) fields[e[at] as string] = e[at + 1]
    changes.push({
      id,
      table,
      rowId,
      fields,
      hlc,
      deviceId: device === 0 ? nodeOf(hlc) : (device as string),
    })
  }
  return { table, rowId, hlc: stored.hlc, changes }
}

const decodeMaybe = (value: unknown) =>
  value === undefined || value === null ? value : decodeState(value as StoredState)

/**
 * The Dexie middleware that stores `rowStates` records encoded (`encodeState`) and hands every
 * reader the decoded `RowState`: `tx.rowStates` reads and writes `RowState`s as before, and no
 * other module knows the stored form. Installed by `AppDatabase` (database.ts).
 */
export const rowStateCodec: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'rowStateCodec',
  create: (down) => ({
    ...down,
    table: (name) => {
      const table = down.table(name)
      if (name !== ROW_STATES) return table
      return {
        ...table,
        mutate: (req) =>
          table.mutate(
            req.type === 'add' || req.type === 'put'
              ? { ...req, values: req.values.map((value) => encodeState(value as RowState)) }
              : req,
          ),
        get: async (req) => decodeMaybe(await table.get(req)),
        getMany: async (req) => (await table.getMany(req)).map(decodeMaybe),
        query: async (req) => {
          const response = await table.query(req)
          return req.values ? { ...response, result: response.result.map(decodeMaybe) } : response
        },
        openCursor: async (req) => {
          const cursor = await table.openCursor(req)
          if (!cursor || !req.values) return cursor
          return Object.create(cursor, {
            value: { get: () => decodeMaybe(cursor.value) },
          }) as DBCoreCursor
        },
      }
    },
  }),
}

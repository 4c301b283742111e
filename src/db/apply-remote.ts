/**
 * The merge path of DESIGN §3: changes made on other devices are folded into the touched rows'
 * states (crdt/row-state.ts) and the rows they merge to are written, with the read models kept
 * exact in the same transaction. Cost follows the batch, never the history; re-delivery is a
 * no-op. Local writes are in mutate.ts; this is the only other writer of domain tables. It also
 * remembers the newest clock it received, which re-stamping must never go below.
 */
import { z } from 'zod'
import type { ChangeRecord, RowState } from './change-record'
import { MERGE_POLICY } from './merge-policy'
import { hlcSchema } from '../crdt/change'
import { rowOfState } from '../crdt/row-state'
import {
  foldRow,
  groupByRow,
  newestHlc,
  rowKeyString,
  stateRecord,
  type RowKey,
} from './row-states'
import { applyEventSummaryDeltas, isSummarySource } from './event-summary'
import { ROW_SCHEMAS, type DomainTableName, type RowOf } from './tables'
import type { Tx } from './tx'
import { databaseOf, tableOf } from './mutate'
import { noteStateClocks } from './newest-clock'

export type ApplyRemoteResult = {
  /** Changes that changed a row's state (not seen before, nor older than all they write). */
  applied: number
  /** A remote clock was further ahead than the drift bound (tell the user in Settings). */
  clockDrift: boolean
}

/**
 * Fields no read model reads (event-summary.ts counts status, quantity, package, event, runs'
 * figures and targets, and deletion): a row whose changes write only these keeps its summary
 * contribution, so it is written without reading the row before it.
 */
const SUMMARY_QUIET_FIELDS: ReadonlySet<string> = new Set(['notes', 'updatedAt'])

const writesOnlyQuietFields = (changes: readonly ChangeRecord[]) =>
  changes.every((change) =>
    Object.keys(change.fields).every((field) => SUMMARY_QUIET_FIELDS.has(field)),
  )

/**
 * The `meta` key of the newest clock among the changes this tablet received (pulled). A state
 * drops a change whose every field a newer one overwrote, so the states alone can forget the
 * newest write this tablet saw; re-stamping (sync/restamp.ts) must still stamp after it.
 */
export const NEWEST_REMOTE_HLC_KEY = 'newestRemoteHlc'

/** The newest clock among the changes this tablet received ('' for none). */
export async function readNewestRemoteHlc(tx: Tx): Promise<string> {
  const parsed = hlcSchema.safeParse((await tx.meta.get(NEWEST_REMOTE_HLC_KEY))?.value)
  return parsed.success ? parsed.data : ''
}

/** The row before a write, as far as the read models need it (`unchanged`: no delta to make). */
type Before = { row: unknown } | 'unchanged'

/**
 * Apply changes made on other devices (the merge path of DESIGN §3): ONE bulkGet of the touched
 * rows' states, each folded with its changes (crdt/row-state.ts), then one bulkPut of the states
 * and one per table of the rows that changed. The cost follows the batch, never the history.
 * The rows before are read (at the same time as the states) only where a read model needs them:
 * a summary source's row written in more than its notes, whose state is not known to be absent. The row written is the merge of its
 * state, validated. Re-delivery is a no-op by construction: a change already in a state, or older
 * than every field it writes, leaves the state as it was. A row whose creating change has not
 * arrived yet is not materialised until it does; fields this version does not know are kept in
 * the state (so they are passed on) and left out of the row.
 */
export async function applyRemote(
  tx: Tx,
  changes: readonly ChangeRecord[],
  /** States the caller already read in this transaction (by `rowKeyString`), not read again. */
  known?: ReadonlyMap<string, RowState | undefined>,
): Promise<ApplyRemoteResult> {
  const database = databaseOf(tx)
  const groups = [...groupByRow(changes).values()]
  if (groups.length === 0) return { applied: 0, clockDrift: false }
  // A row whose state the caller knows is absent is not stored either (every stored row has a
  // state: mutate and this path write both): it counts as new without a read.
  const absent = groups.map((group) => {
    const key = rowKeyString(group.key[0], group.key[1])
    return known !== undefined && known.has(key) && known.get(key) === undefined
  })
  const read = groups.map(
    (group, index) =>
      isSummarySource(group.key[0]) && !writesOnlyQuietFields(group.changes) && !absent[index],
  )
  const [states, rowsBefore, newestRemote] = await Promise.all([
    readStates(tx, groups, known),
    readRows(
      tx,
      groups.map((group, index) => (read[index] ? group.key : undefined)),
    ),
    readNewestRemoteHlc(tx),
  ])
  // Remembered even when every change is already superseded here (and so leaves no trace).
  const received = newestHlc(changes)
  if (received > newestRemote) await tx.meta.put({ key: NEWEST_REMOTE_HLC_KEY, value: received })
  let applied = 0
  let newest = ''
  const nextStates: RowState[] = []
  const befores: Before[] = []
  groups.forEach((group, index) => {
    const before = states[index]?.changes ?? []
    const seen = new Set(before.map((change) => change.id))
    const fresh = [...new Map(group.changes.map((change) => [change.id, change])).values()].filter(
      (change) => !seen.has(change.id),
    )
    if (fresh.length === 0) return
    const after = foldRow(before, fresh)
    const afterIds = new Set(after.map((change) => change.id))
    const changed = after.length !== before.length || before.some((c) => !afterIds.has(c.id))
    if (!changed) return
    // Every fresh change that would alter the state on its own counts as applied.
    for (const change of fresh) {
      const alone = fresh.length === 1 || afterIds.has(change.id) || alters(before, change)
      if (!alone) continue
      applied += 1
      if (change.hlc > newest) newest = change.hlc
    }
    const record = stateRecord(after)
    if (!record) return
    nextStates.push(record)
    const [table, rowId] = group.key
    if (read[index]) befores.push({ row: rowsBefore[index] })
    else if (!isSummarySource(table)) befores.push('unchanged')
    else if (absent[index]) befores.push({ row: undefined })
    // Only quiet fields written: the row was stored (and keeps its contribution) exactly when
    // its state was complete before.
    else
      befores.push(
        before.length > 0 && rowOfStateChanges(table, rowId, before) !== undefined
          ? 'unchanged'
          : { row: undefined },
      )
  })
  if (nextStates.length === 0) return { applied: 0, clockDrift: false }
  await storeStates(tx, nextStates, befores)
  const clockDrift = newest ? database.clock.receive(newest).drifted : false
  return { applied, clockDrift }
}

/** The stored states of the groups' rows: those `known` as given, the others in one bulkGet. */
async function readStates(
  tx: Tx,
  groups: readonly { key: RowKey }[],
  known: ReadonlyMap<string, RowState | undefined> | undefined,
): Promise<(RowState | undefined)[]> {
  const keys = groups.map((group) => rowKeyString(group.key[0], group.key[1]))
  const missing = known ? groups.filter((_, index) => !known.has(keys[index]!)) : groups
  const read =
    missing.length === 0 ? [] : await tx.rowStates.bulkGet(missing.map((group) => group.key))
  if (!known) return read
  let next = 0
  return keys.map((key) => (known.has(key) ? known.get(key) : read[next++]))
}

/** The stored rows of the keys given (one bulkGet per table); undefined where no key. */
async function readRows(
  tx: Tx,
  keys: readonly (readonly [DomainTableName, string] | undefined)[],
): Promise<unknown[]> {
  const byTable = new Map<DomainTableName, number[]>()
  keys.forEach((key, index) => {
    if (!key) return
    const list = byTable.get(key[0])
    if (list) list.push(index)
    else byTable.set(key[0], [index])
  })
  const rows = new Array<unknown>(keys.length)
  await Promise.all(
    [...byTable].map(async ([table, indexes]) => {
      const found = await tableOf(tx, table).bulkGet(indexes.map((index) => keys[index]![1]))
      indexes.forEach((index, position) => (rows[index] = found[position]))
    }),
  )
  return rows
}

/**
 * Store new states and the rows they merge to (one bulkPut per table), keeping the read models
 * exact (the rows of summary sources are read before). A state whose row is not complete yet
 * (its creating change has not arrived) is stored without a row; fields this version does not
 * know stay in the state and out of the row.
 */
export async function writeStates(tx: Tx, nextStates: readonly RowState[]): Promise<void> {
  const rows = await readRows(
    tx,
    nextStates.map((state) =>
      isSummarySource(state.table) ? ([state.table, state.rowId] as const) : undefined,
    ),
  )
  await storeStates(
    tx,
    nextStates,
    nextStates.map((state, index) =>
      isSummarySource(state.table) ? { row: rows[index] } : 'unchanged',
    ),
  )
}

/** Put the states and the rows they merge to; summary deltas for each row with a `before`. */
async function storeStates(
  tx: Tx,
  nextStates: readonly RowState[],
  befores: readonly Before[],
): Promise<void> {
  const writes = new Map<DomainTableName, { before: Before; after: unknown }[]>()
  nextStates.forEach((state, index) => {
    const after = rowOfStateChanges(state.table, state.rowId, state.changes)
    if (after === undefined) return
    const write = { before: befores[index] ?? 'unchanged', after }
    const list = writes.get(state.table)
    if (list) list.push(write)
    else writes.set(state.table, [write])
  })
  await Promise.all([
    tx.rowStates.bulkPut([...nextStates]),
    noteStateClocks(
      tx,
      databaseOf(tx),
      nextStates.map((state) => state.hlc),
    ),
    ...[...writes].map(([table, list]) =>
      tableOf(tx, table).bulkPut(list.map(({ after }) => after) as RowOf<typeof table>[]),
    ),
  ])
  for (const [table, list] of writes) {
    if (!isSummarySource(table)) continue
    const deltas = list.flatMap(({ before, after }) =>
      before === 'unchanged'
        ? []
        : [
            {
              before: before.row as RowOf<typeof table> | undefined,
              after: after as RowOf<typeof table>,
            },
          ],
    )
    if (deltas.length > 0) await applyEventSummaryDeltas(tx, table, deltas)
  }
}

/** The row a state merges to, or undefined while it is incomplete (its creation not arrived). */
function rowOfStateChanges(
  table: DomainTableName,
  rowId: string,
  changes: readonly ChangeRecord[],
): unknown {
  const parsed = lenientSchema(table).safeParse({
    ...rowOfState(MERGE_POLICY, table, changes),
    id: rowId,
  })
  return parsed.success ? parsed.data : undefined
}

/** Whether folding `change` alone into `state` changes it. */
function alters(state: readonly ChangeRecord[], change: ChangeRecord): boolean {
  const after = foldRow(state, [change])
  return after.some((entry) => entry.id === change.id)
}

const lenientSchemas = new Map<DomainTableName, z.ZodType>()

/** The row schema without the strictness: unknown (newer) fields are dropped, not refused. */
function lenientSchema(table: DomainTableName): z.ZodType {
  let schema = lenientSchemas.get(table)
  if (!schema) {
    schema = z.object(ROW_SCHEMAS[table].shape)
    lenientSchemas.set(table, schema)
  }
  return schema
}

/**
 * Sync notices (DESIGN §3, Seen by the user): when applying pulled changes replaces a value this
 * device wrote in the last few minutes (a status step or correction made void, a target, a name, a
 * note), the cook is told once. Detection is pure and works on the merged result only: the row
 * before and after the batch, this device's recent writes still held in the row's state, and the
 * pulled changes (whose device won). It fires only when the batch itself changes this device's value, so a value is
 * announced once, and nothing is announced again after a reload.
 */
import type { AppDatabase } from '../db/database'
import type { DomainTableName } from '../db/tables'
import type { Tx } from '../db/tx'
import type { ChangeRecord, RowState, SyncedTable } from '../db/change-record'
import { packageStatusSchema, statusPosition, statusRank } from '../db/schema'
import { formatHlc } from '../crdt/hlc'
import { rowKeyString } from '../db/row-states'

/** A change this device made counts as recent for this long. */
export const NOTICE_WINDOW_MS = 10 * 60_000

/** Fields that are bookkeeping, or ride along with another field a notice already names. */
const QUIET_FIELDS: ReadonlySet<string> = new Set([
  'id',
  'createdAt',
  'updatedAt',
  'statusEpoch',
  'deliveredTo',
  'deliveredAt',
])

type Row = Record<string, unknown>

/** One row the batch touched that this device also wrote recently. */
export type AppliedRow = {
  table: SyncedTable
  rowId: string
  before: Row | undefined
  after: Row | undefined
  /** This device's recent changes to the row. */
  own: readonly ChangeRecord[]
  /** The batch's changes to the row (other devices'). */
  remote: readonly ChangeRecord[]
  /** This device's recent status change of the row was a correction (Move back, Undo). */
  ownCorrection?: boolean
}

/** A value of this device's that a pulled change replaced. */
export type Override = {
  table: SyncedTable
  rowId: string
  field: string
  ownValue: unknown
  newValue: unknown
  /** The device whose change now holds the field (null when none of the batch set it). */
  byDeviceId: string | null
}

const rankOf = (status: unknown) => {
  const parsed = packageStatusSchema.safeParse(status)
  return parsed.success ? statusRank(parsed.data) : -1
}

/** A change that created its row (`mutate.insert` writes every field, `createdAt` included). */
const isCreation = (change: ChangeRecord) => Object.hasOwn(change.fields, 'createdAt')

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)
const byHlc = (a: ChangeRecord, b: ChangeRecord) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : 0)

/**
 * The fields of each row whose value this device wrote, still held before the batch, and replaced
 * by it. The device named is the one whose pulled change set the new value, newest first.
 */
export function detectOverrides(rows: readonly AppliedRow[]): Override[] {
  const overrides: Override[] = []
  for (const row of rows) {
    if (!row.before || !row.after) continue
    const ownLatest = new Map<string, { value: unknown; created: boolean; hlc: string }>()
    for (const change of [...row.own].sort(byHlc))
      for (const [field, value] of Object.entries(change.fields))
        ownLatest.set(field, { value, created: isCreation(change), hlc: change.hlc })
    const remoteNewestFirst = [...row.remote].sort(byHlc).reverse()
    for (const [field, { value: ownValue, created, hlc: ownHlc }] of ownLatest) {
      if (QUIET_FIELDS.has(field)) continue
      const newValue = row.after[field]
      if (!same(row.before[field], ownValue) || same(newValue, ownValue)) continue
      const setter =
        remoteNewestFirst.find(
          (change) => Object.hasOwn(change.fields, field) && same(change.fields[field], newValue),
        ) ?? remoteNewestFirst[0]
      // A package moving further than this device's forward step is progress, not an override.
      // Further than its correction by a step stamped before it, the correction did not stand;
      // by a step stamped after it, the correction stood and the package moved on since.
      const isStatus = row.table === 'assignments' && field === 'status'
      const movedOn = isStatus && rankOf(newValue) > rankOf(ownValue)
      if (movedOn && (!row.ownCorrection || (setter !== undefined && setter.hlc > ownHlc))) continue
      // Someone editing what this tablet just created is not overriding it; two tablets
      // creating the same row (a target, by its deterministic id) is.
      if (created && setter && !isCreation(setter)) continue
      overrides.push({
        table: row.table,
        rowId: row.rowId,
        field,
        ownValue,
        newValue,
        byDeviceId: setter?.deviceId ?? null,
      })
    }
  }
  return overrides
}

/** What a notice is about, by its human name. */
export type NoticeSubject =
  | { kind: 'assignment'; recipient: string; package: string }
  | { kind: 'target'; of: string }
  | { kind: 'named'; table: SyncedTable; name: string }

export type SyncNotice = Override & { subject: NoticeSubject }

function nameOf(row: Row | undefined, fallback: string): string {
  return typeof row?.name === 'string' && row.name ? row.name : fallback
}

async function subjectOf(tx: Tx, table: SyncedTable, row: Row): Promise<NoticeSubject> {
  const get = (name: DomainTableName, id: unknown) =>
    typeof id === 'string' ? (tx.table(name).get(id) as Promise<Row | undefined>) : undefined
  if (table === 'assignments') {
    const [recipient, pack] = await Promise.all([
      get('recipients', row.recipientId),
      get('packages', row.packageId),
    ])
    return {
      kind: 'assignment',
      recipient: nameOf(recipient, 'A recipient'),
      package: nameOf(pack, 'package'),
    }
  }
  if (table === 'productionTargets')
    return { kind: 'target', of: nameOf(await get('recipes', row.recipeId), 'a recipe') }
  if (table === 'assemblyTargets')
    return {
      kind: 'target',
      of: nameOf(await get('finishedGoods', row.finishedGoodId), 'a finished good'),
    }
  return { kind: 'named', table, name: nameOf(row, 'An item') }
}

const rowKey = (table: string, rowId: string) => `${table}\u0000${rowId}`

/** A notice before it is named: the override and the row it is about, as the batch left it. */
export type NoticeDraft = Override & { row: Row }

/** The tables the names of notices come from (read after the batch is stored). */
export const NOTICE_SUBJECT_TABLES = ['recipients', 'packages', 'recipes', 'finishedGoods'] as const

/**
 * Run `apply` (which applies `incoming` in `tx`) and return the notices it causes, not yet named
 * (`nameNotices` does that after the batch is stored, so the applying transaction needs no
 * catalogue table). This device's recent values are read from the states of the batch's rows
 * (one bulkGet): each state entry names the device and clock of the write whose value a field
 * holds. Only when this device wrote some of them in the last NOTICE_WINDOW_MS are those rows read
 * before and after. Call inside the applying transaction.
 */
export async function applyWithNotices<T>(
  tx: Tx,
  database: AppDatabase,
  incoming: readonly ChangeRecord[],
  /** Applies the batch; given the states read here (before it), so they are not read twice. */
  apply: (states: ReadonlyMap<string, RowState | undefined>) => Promise<T>,
): Promise<{ result: T; drafts: NoticeDraft[] }> {
  const node = database.clock.node
  const since = formatHlc({ wall: database.now() - NOTICE_WINDOW_MS, counter: 0, node: '' })
  const remoteByRow = new Map<string, ChangeRecord[]>()
  for (const change of incoming) {
    if (change.deviceId === node) continue
    const key = rowKey(change.table, change.rowId)
    const list = remoteByRow.get(key)
    if (list) list.push(change)
    else remoteByRow.set(key, [change])
  }
  const candidates = [...remoteByRow.values()].flatMap((changes) => changes.slice(0, 1))
  const states =
    candidates.length === 0
      ? []
      : await tx.rowStates.bulkGet(
          candidates.map((change) => [change.table, change.rowId] as [SyncedTable, string]),
        )
  const known = new Map<string, RowState | undefined>()
  candidates.forEach((change, index) =>
    known.set(rowKeyString(change.table, change.rowId), states[index]),
  )
  const ownByRow = new Map<string, ChangeRecord[]>()
  const corrected = new Set<string>()
  candidates.forEach((change, index) => {
    const own = (states[index]?.changes ?? []).filter(
      (entry) => entry.deviceId === node && entry.hlc >= since,
    )
    if (own.length === 0) return
    ownByRow.set(rowKey(change.table, change.rowId), own)
    // The latest status write of this device to the row was a correction (Move back, Undo).
    const ownStatus = own.filter((entry) => 'status' in entry.fields).sort(byHlc)
    const latest = ownStatus[ownStatus.length - 1]
    if (
      change.table === 'assignments' &&
      latest &&
      statusPosition(latest.fields)?.kind === 'correction'
    )
      corrected.add(change.rowId)
  })
  const targets = candidates.filter((change) => ownByRow.has(rowKey(change.table, change.rowId)))
  if (targets.length === 0) return { result: await apply(known), drafts: [] }
  // One bulkGet per table, not a get per row: a batch can touch hundreds of this device's rows.
  const read = async (): Promise<(Row | undefined)[]> => {
    const byTable = new Map<SyncedTable, number[]>()
    targets.forEach((change, index) => {
      const list = byTable.get(change.table)
      if (list) list.push(index)
      else byTable.set(change.table, [index])
    })
    const rows: (Row | undefined)[] = new Array<Row | undefined>(targets.length)
    await Promise.all(
      [...byTable].map(async ([table, indexes]) => {
        const found = (await tx
          .table(table)
          .bulkGet(indexes.map((index) => targets[index]!.rowId))) as (Row | undefined)[]
        indexes.forEach((index, position) => (rows[index] = found[position]))
      }),
    )
    return rows
  }
  const before = await read()
  const result = await apply(known)
  const after = await read()
  const overrides = detectOverrides(
    targets.map((change, index) => {
      const key = rowKey(change.table, change.rowId)
      return {
        table: change.table,
        rowId: change.rowId,
        before: before[index],
        after: after[index],
        own: ownByRow.get(key) ?? [],
        remote: remoteByRow.get(key) ?? [],
        ownCorrection: change.table === 'assignments' && corrected.has(change.rowId),
      }
    }),
  )
  const drafts: NoticeDraft[] = []
  for (const override of overrides) {
    const row =
      after[
        targets.findIndex(
          (change) => change.table === override.table && change.rowId === override.rowId,
        )
      ]
    if (row) drafts.push({ ...override, row })
  }
  return { result, drafts }
}

/** Name the notices' subjects (recipient, package, recipe, …) in one read transaction. */
export async function nameNotices(
  database: AppDatabase,
  drafts: readonly NoticeDraft[],
): Promise<SyncNotice[]> {
  return database.transaction('r', [...NOTICE_SUBJECT_TABLES], async (tx) => {
    const notices: SyncNotice[] = []
    for (const { row, ...override } of drafts)
      notices.push({ ...override, subject: await subjectOf(tx, override.table, row) })
    return notices
  })
}

/**
 * The two lookups every catalogue and event service starts with, defined once: a live row by id
 * (a soft-deleted row is not found), and the rule that live rows of one table have distinct names
 * (DOMAIN §9.4, case-insensitive: `sameName`).
 */
import type { Tx } from '../db/tx'
import type { RowOf } from '../db/tables'
import { DuplicateNameError, NotFoundError, type EntityName } from './errors'
import { sameName } from './order'
import { tablesOf } from '../transactions/declared-tables'

/** Each table with live rows that services look up, and the entity its errors name. */
const ENTITY_OF = {
  ingredients: 'ingredient',
  recipes: 'recipe',
  finishedUnits: 'finishedUnit',
  finishedGoods: 'finishedGood',
  packages: 'package',
  recipients: 'recipient',
  events: 'event',
  assignments: 'assignment',
  productionRuns: 'productionRun',
  assemblyRuns: 'assemblyRun',
} as const satisfies Record<string, EntityName>

type LiveTable = keyof typeof ENTITY_OF
type Live = { id: string; deletedAt: string | null }

/**
 * The loader of live rows of `table`: `(tx, id)` → the row, or NotFoundError naming the entity and
 * the id. Tables: `table` (declared on the loader, so each service's declaration names it).
 */
export function liveRowLoader<T extends LiveTable>(table: T) {
  async function loadLive(tx: Tx, id: string): Promise<RowOf<T>> {
    const row = await tx.table<RowOf<T> & Live, string>(table).get(id)
    if (!row || row.deletedAt !== null) throw new NotFoundError(ENTITY_OF[table], id)
    return row
  }
  return Object.assign(loadLive, { tables: tablesOf(table) })
}

type NamedTable = 'ingredients' | 'recipes' | 'finishedUnits' | 'packages'

/**
 * The guard of `table`'s names: `(tx, name, exceptId?)` throws DuplicateNameError when a live row
 * other than `exceptId` is named `name` (case-insensitive). Reads the whole table: a catalogue is
 * a few hundred rows. Tables: `table`.
 */
export function nameGuard(table: NamedTable) {
  async function assertNameFree(tx: Tx, name: string, exceptId?: string): Promise<void> {
    const rows = await tx.table<Live & { name: string }, string>(table).toArray()
    const namesake = rows.find(
      (row) => row.deletedAt === null && row.id !== exceptId && sameName(row.name, name),
    )
    if (namesake) throw new DuplicateNameError(ENTITY_OF[table], name, namesake.id)
  }
  return Object.assign(assertNameFree, { tables: tablesOf(table) })
}

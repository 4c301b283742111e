/**
 * Services declare the tables they touch as data next to the function (`fn.tables`), composed
 * from the declarations of the services they call (`tablesOf(callee, 'ownTable', writes('t'))`)
 * so a declaration cannot drift from its callees'. `runAction` and the read hook open their
 * transaction over the union of what an action names; a table outside it fails the action
 * (UndeclaredTableError, naming the table and the services), which every service test checks.
 */
import { tablesTouchedByWriting } from '../db/write-tables'
import type { DomainTableName, TableName } from '../db/tables'

export type DeclaredService = { readonly tables: readonly TableName[]; readonly name?: string }

/** What an action or read names: services it calls, or tables it touches itself. */
export type Use = DeclaredService | TableName | readonly TableName[]

/** The union of the tables of `uses`, each once, in name order. */
export function tablesOf(...uses: readonly Use[]): TableName[] {
  const tables = new Set<TableName>()
  for (const use of uses) {
    if (typeof use === 'string') tables.add(use)
    else if (Array.isArray(use)) for (const table of use as readonly TableName[]) tables.add(table)
    else {
      const declared: unknown = (use as DeclaredService).tables
      // A service declared below its caller in the same module is still undefined here.
      if (!Array.isArray(declared)) {
        throw new Error(
          `${(use as DeclaredService).name ?? 'A service'} has no declared tables (fn.tables) yet; declare it before its callers`,
        )
      }
      for (const table of declared as readonly TableName[]) tables.add(table)
    }
  }
  return [...tables].sort()
}

/** The tables a write (through `mutate`) of each of `tables` touches: see db/write-tables.ts. */
export function writes(...tables: readonly DomainTableName[]): TableName[] {
  return tablesOf(...tables.map(tablesTouchedByWriting))
}

/** The names of `uses`, for messages ("createEvent, 'events'"). */
export function describeUses(uses: readonly Use[]): string {
  return uses
    .map((use) =>
      typeof use === 'string'
        ? `'${use}'`
        : Array.isArray(use)
          ? `[${(use as readonly TableName[]).join(', ')}]`
          : ((use as DeclaredService).name ?? 'a service'),
    )
    .join(', ')
}

/**
 * A service (or an action) touched a table its declaration leaves out: a bug in a `fn.tables`
 * line, never the cook's doing. Names the table and who declared the scope.
 */
export class UndeclaredTableError extends Error {
  override readonly name = 'UndeclaredTableError'
  constructor(
    readonly table: string,
    readonly declaredBy: string,
  ) {
    super(
      `Table '${table}' was touched by ${declaredBy}, which does not declare it: add it to the service's fn.tables (tablesOf).`,
    )
  }
}

/** The table a "not part of transaction" failure names, if `error` is one. */
export function undeclaredTableOf(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth += 1) {
    if (typeof current !== 'object') return undefined
    const { message, inner } = current as { message?: unknown; inner?: unknown }
    const match =
      typeof message === 'string' ? /Table (\w+) not part of transaction/.exec(message) : null
    if (match) return match[1]
    current = inner
  }
  return undefined
}

/**
 * Dexie names the missing table ("Table x not part of transaction") only when its own schema of
 * the transaction leaves the table out; by default it holds every table and the browser fails with
 * a nameless NotFoundError. So the transaction's schema is narrowed to the tables it was opened
 * (or a service call was scoped) over. Returns the previous schema, to restore.
 */
export function narrowSchema(tx: object, tables: readonly string[]): Record<string, unknown> {
  // `schema` is Dexie's own (dexie.mjs, Transaction constructor) and not in its public types.
  const holder = tx as { schema: Record<string, unknown> }
  const previous = holder.schema
  holder.schema = Object.fromEntries(
    tables.flatMap((table) => (table in previous ? [[table, previous[table]]] : [])),
  )
  return previous
}

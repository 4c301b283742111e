/**
 * Services declare the tables they touch as data next to the function (`fn.tables`), so a caller
 * can open a transaction over just those: `tablesOf(a, b)` is the union for an action or read
 * that calls `a` and `b`. A service that touches a table it did not declare fails in such a
 * transaction (Dexie: "Table … not part of transaction"), which the tests check.
 */
import type { TableName } from '../db/tables'

export type DeclaredService = { readonly tables: readonly TableName[] }

/** The union of the tables the given services declare, in a stable (name) order. */
export function tablesOf(...services: readonly DeclaredService[]): TableName[] {
  return [...new Set(services.flatMap((service) => service.tables))].sort()
}

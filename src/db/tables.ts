/**
 * The registry of domain tables: table name → row schema. `mutate` validates every row it writes
 * against this, and the sync engine and backup import use it to refuse unknown tables or fields.
 */
import type { z } from 'zod'
import type { SyncedTable } from './change-record'
import {
  assemblyRunSchema,
  assemblyTargetSchema,
  assignmentSchema,
  eventSchema,
  finishedGoodSchema,
  finishedUnitSchema,
  ingredientSchema,
  packageSchema,
  productionRunSchema,
  productionTargetSchema,
  recipeSchema,
  recipientSchema,
  statusChangeSchema,
} from './schema'

export const ROW_SCHEMAS = {
  ingredients: ingredientSchema,
  recipes: recipeSchema,
  finishedUnits: finishedUnitSchema,
  finishedGoods: finishedGoodSchema,
  packages: packageSchema,
  recipients: recipientSchema,
  events: eventSchema,
  assignments: assignmentSchema,
  productionTargets: productionTargetSchema,
  assemblyTargets: assemblyTargetSchema,
  productionRuns: productionRunSchema,
  assemblyRuns: assemblyRunSchema,
  statusChanges: statusChangeSchema,
} as const satisfies Record<SyncedTable, z.ZodType>

export type DomainTableName = keyof typeof ROW_SCHEMAS
export type RowOf<TName extends DomainTableName> = z.infer<(typeof ROW_SCHEMAS)[TName]>

export const DOMAIN_TABLES = Object.keys(ROW_SCHEMAS) as DomainTableName[]
/**
 * Every table the app opens a transaction over: domain tables plus the waiting changes and the
 * outbox (their ids and actions), the row states (per-field clocks), meta and the read models derived from the domain tables
 * (`eventSummaries`, maintained by `mutate` in the same transaction as each write).
 */
export const ALL_TABLES = [
  ...DOMAIN_TABLES,
  'changes',
  'outbox',
  'rowStates',
  'meta',
  'eventSummaries',
] as const
export type TableName = (typeof ALL_TABLES)[number]

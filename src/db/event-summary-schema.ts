/**
 * The stored shape of a per-event summary (schema version 9, compact: tallies as arrays, targets
 * as sorted sizes; see event-summary.ts for the meaning and the accessors). The single source of
 * the summary's types; imported for types only by the app, so no zod code of it is bundled.
 */
import { z } from 'zod'
import { idSchema } from './schema/common'

const count = z.number().int()
/** Micro-units: a number while it is a safe integer, else the BigInt's decimal string. */
const microsTotal = z.union([count, z.string().regex(/^-?\d+$/)])

/**
 * Per recipe with live runs or live targets: [runs, batches, yield, costMicros, ...targetBatches].
 * `batches`: Σ batches of runs with an actual yield above 0 (DOMAIN §9.1); `costMicros`: Σ
 * totalCost; the targets' sizes ascending (one entry per live production target).
 */
const recipeTallySchema = z.tuple([count, count, count, microsTotal]).rest(z.number())
/** Per finished good with live runs or live targets: [runs, quantity, ...targetQuantities]. */
const goodTallySchema = z.tuple([count, count]).rest(z.number())

export const eventSummarySchema = z.strictObject({
  eventId: idSchema,
  /** Live assignments by status (one per assignment, DOMAIN §9.7): pending, assembled, delivered, total. */
  packages: z.tuple([count, count, count, count]),
  /** Σ quantity of live assignments per package id: needs are expanded from these at read time. */
  packageUnits: z.record(z.string(), count),
  recipes: z.record(z.string(), recipeTallySchema),
  goods: z.record(z.string(), goodTallySchema),
})
export type EventSummary = z.infer<typeof eventSummarySchema>
export type RecipeTally = z.infer<typeof recipeTallySchema>
export type GoodTally = z.infer<typeof goodTallySchema>

/**
 * Append-only records of work done (DOMAIN §2, §5): production runs, assembly runs and the status
 * history. Never edited after insert except by soft delete, so counts from two devices add up.
 */
import { z } from 'zod'
import { idSchema, instantSchema, microsSchema, notesSchema, rowMetaShape } from './common'
import { packageStatusSchema, statusLineageSchema } from './package-workflow'

export const productionRunSchema = z.strictObject({
  ...rowMetaShape,
  recipeId: idSchema,
  finishedUnitId: idSchema,
  eventId: idSchema.nullable(),
  batches: z.number().int().min(1),
  expectedYield: z.number().int().nonnegative(),
  actualYield: z.number().int().nonnegative(),
  lossQuantity: z.number().int().nonnegative(),
  lossReason: z.string().trim().max(500).nullable(),
  producedAt: instantSchema,
  /** Recipe cost per batch × batches at the moment of recording, in micro-units. */
  totalCost: microsSchema,
  notes: notesSchema,
})
export type ProductionRun = z.infer<typeof productionRunSchema>

export const assemblyRunSchema = z.strictObject({
  ...rowMetaShape,
  finishedGoodId: idSchema,
  eventId: idSchema.nullable(),
  quantity: z.number().int().min(1),
  assembledAt: instantSchema,
  /** Σ component cost per item × quantity at the moment of recording, in micro-units. */
  totalCost: microsSchema,
  notes: notesSchema,
})
export type AssemblyRun = z.infer<typeof assemblyRunSchema>

export const statusChangeSchema = z.strictObject({
  ...rowMetaShape,
  assignmentId: idSchema,
  from: packageStatusSchema,
  to: packageStatusSchema,
  epoch: z.number().int().nonnegative(),
  /** The register epoch the change was written in (a correction: the one it opened). */
  lineage: statusLineageSchema.optional(),
  at: instantSchema,
  deviceId: z.string().min(1).max(100),
})
export type StatusChange = z.infer<typeof statusChangeSchema>

/** Whether a run counts toward produced batches: a total loss does not (DOMAIN §9.1). */
export function countsTowardBatches(run: Pick<ProductionRun, 'actualYield'>): boolean {
  return run.actualYield > 0
}

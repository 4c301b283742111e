/**
 * Production and assembly targets: at most one per (event, recipe) and per (event, finished good),
 * with an id derived from the pair (db/ids.ts `pairId`) so offline edits on two devices merge.
 */
import { z } from 'zod'
import { idSchema, notesSchema, rowMetaShape } from './common'

export const productionTargetSchema = z.strictObject({
  ...rowMetaShape,
  eventId: idSchema,
  recipeId: idSchema,
  targetBatches: z.number().int().min(1, 'Target must be at least 1 batch').max(1_000_000),
  notes: notesSchema,
})
export type ProductionTarget = z.infer<typeof productionTargetSchema>

export const assemblyTargetSchema = z.strictObject({
  ...rowMetaShape,
  eventId: idSchema,
  finishedGoodId: idSchema,
  targetQuantity: z.number().int().min(1, 'Target must be at least 1').max(1_000_000),
  notes: notesSchema,
})
export type AssemblyTarget = z.infer<typeof assemblyTargetSchema>

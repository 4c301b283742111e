/** What one batch of a recipe yields, e.g. 24 "cookie" (DOMAIN §1). */
import { z } from 'zod'
import { idSchema, nameSchema, rowMetaShape } from './common'

export const finishedUnitSchema = z.strictObject({
  ...rowMetaShape,
  name: nameSchema,
  recipeId: idSchema,
  itemsPerBatch: z.number().int().min(1, 'A batch yields at least 1 item').max(1_000_000),
  itemUnit: z.string().trim().max(100),
})
export type FinishedUnit = z.infer<typeof finishedUnitSchema>

/** A bundle made of finished units and/or other finished goods; cycles are refused (DOMAIN §1). */
import { z } from 'zod'
import { idSchema, nameSchema, rowMetaShape } from './common'

export const componentKindSchema = z.enum(['unit', 'good'])
export type ComponentKind = z.infer<typeof componentKindSchema>

export const componentSchema = z.strictObject({
  kind: componentKindSchema,
  id: idSchema,
  quantity: z.number().int().min(1, 'Quantity must be at least 1').max(1_000_000),
})
export type Component = z.infer<typeof componentSchema>

export const finishedGoodSchema = z.strictObject({
  ...rowMetaShape,
  name: nameSchema,
  components: z.array(componentSchema).max(200),
})
export type FinishedGood = z.infer<typeof finishedGoodSchema>

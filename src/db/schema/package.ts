/** What one recipient receives: finished goods with quantities (DOMAIN §1). */
import { z } from 'zod'
import { idSchema, nameSchema, notesSchema, rowMetaShape } from './common'

export const packageContentSchema = z.strictObject({
  finishedGoodId: idSchema,
  quantity: z.number().int().min(1, 'Quantity must be at least 1').max(1_000_000),
})
export type PackageContent = z.infer<typeof packageContentSchema>

export const packageSchema = z.strictObject({
  ...rowMetaShape,
  name: nameSchema,
  contents: z.array(packageContentSchema).max(200),
  notes: notesSchema,
})
export type Package = z.infer<typeof packageSchema>

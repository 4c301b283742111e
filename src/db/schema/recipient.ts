/** Someone who receives packages (DOMAIN §1). */
import { z } from 'zod'
import { nameSchema, notesSchema, rowMetaShape } from './common'

export const recipientSchema = z.strictObject({
  ...rowMetaShape,
  name: nameSchema,
  household: z.string().trim().max(200),
  address: z.string().trim().max(1000),
  notes: notesSchema,
})
export type Recipient = z.infer<typeof recipientSchema>

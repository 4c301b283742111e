/** Someone who receives packages (DOMAIN §1). */
import { z } from 'zod'
import { allergenListSchema } from './allergens'
import { nameSchema, notesSchema, rowMetaShape } from './common'

export const recipientSchema = z.strictObject({
  ...rowMetaShape,
  name: nameSchema,
  household: z.string().trim().max(200),
  address: z.string().trim().max(1000),
  notes: notesSchema,
  /** Delivery route, free text ("North", "Saturday run"); absent or '' = no route (DOMAIN §10). */
  route: z.string().trim().max(200, 'Keep the route under 200 characters').optional(),
  /** Order within the route (lower first); absent or null = after the ordered ones. */
  routeOrder: z
    .number()
    .int('Enter a whole number')
    .min(0, 'Enter 0 or more')
    .max(1_000_000)
    .nullable()
    .optional(),
  /** Allergens this recipient must not get. */
  exclusions: allergenListSchema.optional(),
})
export type Recipient = z.infer<typeof recipientSchema>

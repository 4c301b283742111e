/**
 * A package assigned to a recipient for an event, with its fulfilment status (DOMAIN §2–3).
 * `status` with `statusEpoch` is a register that merges by (epoch, workflow rank) (DESIGN §3).
 */
import { z } from 'zod'
import { idSchema, instantSchema, notesSchema, rowMetaShape } from './common'

export const PACKAGE_STATUSES = ['pending', 'assembled', 'delivered'] as const
export const packageStatusSchema = z.enum(PACKAGE_STATUSES)
export type PackageStatus = z.infer<typeof packageStatusSchema>

export const assignmentSchema = z.strictObject({
  ...rowMetaShape,
  eventId: idSchema,
  recipientId: idSchema,
  packageId: idSchema,
  quantity: z.number().int().min(1, 'Quantity must be at least 1').max(100_000),
  notes: notesSchema,
  status: packageStatusSchema,
  statusEpoch: z.number().int().nonnegative(),
  deliveredTo: z.string().trim().max(200).nullable(),
  deliveredAt: instantSchema.nullable(),
})
export type Assignment = z.infer<typeof assignmentSchema>

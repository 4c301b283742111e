/**
 * A package assigned to a recipient for an event, with its fulfilment status (DOMAIN §2–3).
 * `status`, `statusEpoch`, `statusLineage`, `deliveredTo` and `deliveredAt` form the status
 * register of DESIGN §3 (package-workflow.ts): they are written together and merge as one.
 * `statusLineage` is optional: rows written before it existed read as its legacy epoch.
 */
import { z } from 'zod'
import { idSchema, instantSchema, notesSchema, rowMetaShape } from './common'
import { packageStatusSchema, statusLineageSchema } from './package-workflow'

export const assignmentSchema = z.strictObject({
  ...rowMetaShape,
  eventId: idSchema,
  recipientId: idSchema,
  packageId: idSchema,
  quantity: z.number().int().min(1, 'Quantity must be at least 1').max(100_000),
  notes: notesSchema,
  status: packageStatusSchema,
  statusEpoch: z.number().int().nonnegative(),
  statusLineage: statusLineageSchema.optional(),
  deliveredTo: z.string().trim().max(200).nullable(),
  deliveredAt: instantSchema.nullable(),
})
export type Assignment = z.infer<typeof assignmentSchema>

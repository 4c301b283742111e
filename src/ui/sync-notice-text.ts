/**
 * Sync notices in the cook's words: one sentence saying what changed, where (the row by its human
 * name) and on which device, and what of this tablet's did not stand. Several notices of one sync
 * become one message, so the cook is told once.
 */
import { packageStatusSchema, statusRank, type PackageStatus } from '../db/schema'
import type { SyncNotice } from '../sync/notices'
import { STATUS_LABEL } from './status-words'

/** This tablet's step that did not stand, in words. */
const OWN_STEP: Record<PackageStatus, string> = {
  delivered: 'delivery',
  assembled: 'Mark ready',
  pending: 'step',
}
const FIELD_WORDS: Record<string, string> = {
  name: 'name',
  notes: 'notes',
  quantity: 'quantity',
  household: 'household',
  address: 'address',
  date: 'date',
  unitCost: 'cost',
}

function subjectText(notice: SyncNotice): string {
  const { subject } = notice
  switch (subject.kind) {
    case 'assignment':
      return `${subject.recipient}'s ${subject.package}`
    case 'target':
      return `Target for ${subject.of}`
    case 'named':
      return subject.name
  }
}

export function describeNotice(
  notice: SyncNotice,
  deviceNames: ReadonlyMap<string, string>,
): string {
  const device = (notice.byDeviceId && deviceNames.get(notice.byDeviceId)) || 'another tablet'
  const subject = subjectText(notice)
  const { field, ownValue, newValue } = notice
  if (notice.table === 'assignments' && field === 'status') {
    const next = packageStatusSchema.safeParse(newValue)
    const own = packageStatusSchema.safeParse(ownValue)
    if (next.success && own.success) {
      if (statusRank(next.data) > statusRank(own.data))
        return `${subject} was ${next.data === 'assembled' ? 'made ready' : next.data} on ${device} — your Move back was not applied`
      return `${subject} was moved back to ${STATUS_LABEL[next.data]} on ${device} — your ${OWN_STEP[own.data]} was undone`
    }
  }
  if (field === 'targetBatches' || field === 'targetQuantity')
    return `${subject} was changed on ${device} to ${String(newValue)}`
  if (field === 'deletedAt')
    return newValue === null
      ? `${subject} was restored on ${device} — your delete was not applied`
      : `${subject} was deleted on ${device} — your change was not applied`
  const words = FIELD_WORDS[field] ?? field.replace(/([A-Z])/g, ' $1').toLowerCase()
  return `${subject} was changed on ${device} — your change to its ${words} was replaced`
}

/** One message for the notices of one sync (the first in full, the rest counted). */
export function describeNotices(
  notices: readonly SyncNotice[],
  deviceNames: ReadonlyMap<string, string>,
): string | null {
  const [first, ...rest] = notices
  if (!first) return null
  const message = describeNotice(first, deviceNames)
  if (rest.length === 0) return message
  return `${message} (and ${rest.length} more of your recent changes were replaced)`
}

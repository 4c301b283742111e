/**
 * Sync notices in the cook's words: one sentence saying what changed, where (the row by its human
 * name) and on which device, and what of this tablet's did not stand. Several notices of one sync
 * become one message, so the cook is told once.
 */
import type { SyncNotice } from '../sync/notices'

const STATUS_RANK: Record<string, number> = { pending: 0, assembled: 1, delivered: 2 }
/** The Deliver tab's words for the statuses, and for this tablet's step that did not stand. */
const STATUS_WORD: Record<string, string> = {
  pending: 'To do',
  assembled: 'Ready',
  delivered: 'Delivered',
}
const OWN_STEP: Record<string, string> = {
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
    const next = String(newValue)
    const own = String(ownValue)
    if ((STATUS_RANK[next] ?? 0) > (STATUS_RANK[own] ?? 0))
      return `${subject} was ${next === 'assembled' ? 'made ready' : next} on ${device} — your Move back was not applied`
    return `${subject} was moved back to ${STATUS_WORD[next] ?? next} on ${device} — your ${OWN_STEP[own] ?? 'step'} was undone`
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

import { describe, expect, it } from 'vitest'
import type { SyncNotice } from '../sync/notices'
import { describeNotice, describeNotices } from './sync-notice-text'

const names = new Map([['tablet-a', 'Kitchen iPad']])

const voidMoveBack: SyncNotice = {
  table: 'assignments',
  rowId: 'as-1',
  field: 'status',
  ownValue: 'pending',
  newValue: 'delivered',
  byDeviceId: 'tablet-a',
  subject: { kind: 'assignment', recipient: 'Ana Okafor', package: 'Family hamper' },
}

describe('describeNotice', () => {
  it('says what happened, where and on which device, and what of this tablet did not stand', () => {
    expect(describeNotice(voidMoveBack, names)).toBe(
      "Ana Okafor's Family hamper was delivered on Kitchen iPad — your Move back was not applied",
    )
    expect(
      describeNotice({ ...voidMoveBack, ownValue: 'delivered', newValue: 'pending' }, names),
    ).toBe(
      "Ana Okafor's Family hamper was moved back to To do on Kitchen iPad — your delivery was undone",
    )
    expect(
      describeNotice(
        {
          ...voidMoveBack,
          table: 'productionTargets',
          field: 'targetBatches',
          ownValue: 3,
          newValue: 5,
          subject: { kind: 'target', of: 'Sugar Cookies' },
        },
        names,
      ),
    ).toBe('Target for Sugar Cookies was changed on Kitchen iPad to 5')
    expect(
      describeNotice(
        {
          ...voidMoveBack,
          table: 'recipes',
          field: 'name',
          ownValue: 'Shortbread',
          newValue: 'Scottish shortbread',
          byDeviceId: 'unknown-device',
          subject: { kind: 'named', table: 'recipes', name: 'Scottish shortbread' },
        },
        names,
      ),
    ).toBe(
      'Scottish shortbread was changed on another tablet — your change to its name was replaced',
    )
  })

  it('makes one message of several notices', () => {
    expect(describeNotices([], names)).toBeNull()
    expect(describeNotices([voidMoveBack, voidMoveBack, voidMoveBack], names)).toBe(
      "Ana Okafor's Family hamper was delivered on Kitchen iPad — your Move back was not applied (and 2 more of your recent changes were replaced)",
    )
  })
})

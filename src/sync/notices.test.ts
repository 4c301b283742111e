import { describe, expect, it } from 'vitest'
import { insert, update } from '../db/mutate'
import { makeTestDb, steppingClock } from '../test/make-test-db'
import type { ChangeRecord } from '../db/change-record'
import { detectOverrides, type AppliedRow } from './notices'
import { pullAll } from './pull'
import { pushAll } from './push'
import { MemoryServer } from './testing/memory-server'

function change(deviceId: string, hlc: string, fields: Record<string, unknown>): ChangeRecord {
  return { id: `${deviceId}-${hlc}`, table: 'assignments', rowId: 'as-1', fields, hlc, deviceId }
}

const assignmentRow = (fields: Record<string, unknown>): AppliedRow => ({
  table: 'assignments',
  rowId: 'as-1',
  before: undefined,
  after: undefined,
  own: [],
  remote: [],
  ...fields,
})

describe('detectOverrides', () => {
  it('reports a correction of this device that the merged row does not show, naming the device that won', () => {
    const overrides = detectOverrides([
      assignmentRow({
        before: { status: 'pending', statusEpoch: 1 },
        after: { status: 'delivered', statusEpoch: 1 },
        own: [change('tablet-b', '2', { status: 'pending', statusEpoch: 1 })],
        // A's delivery was stamped before B's Move back (made offline, without seeing it).
        remote: [
          change('tablet-c', '0', { notes: 'ring twice' }),
          change('tablet-a', '1', { status: 'delivered', statusEpoch: 1 }),
        ],
        ownCorrection: true,
      }),
    ])
    expect(overrides).toEqual([
      {
        table: 'assignments',
        rowId: 'as-1',
        field: 'status',
        ownValue: 'pending',
        newValue: 'delivered',
        byDeviceId: 'tablet-a',
      },
    ])
  })

  it('says nothing when the package moved on by a step stamped after this device’s correction', () => {
    expect(
      detectOverrides([
        assignmentRow({
          before: { status: 'assembled' },
          after: { status: 'delivered' },
          own: [change('tablet-b', '2', { status: 'assembled' })],
          remote: [change('tablet-a', '3', { status: 'delivered' })],
          ownCorrection: true,
        }),
      ]),
    ).toEqual([])
  })

  it('says nothing when a package merely moved further than this device’s forward step', () => {
    expect(
      detectOverrides([
        assignmentRow({
          before: { status: 'assembled' },
          after: { status: 'delivered' },
          own: [change('tablet-b', '2', { status: 'assembled' })],
          remote: [change('tablet-a', '3', { status: 'delivered' })],
        }),
      ]),
    ).toEqual([])
  })

  it('reports a forward step of this device that a correction elsewhere undid', () => {
    const overrides = detectOverrides([
      assignmentRow({
        before: { status: 'delivered' },
        after: { status: 'pending' },
        own: [change('tablet-a', '2', { status: 'delivered' })],
        remote: [change('tablet-b', '3', { status: 'pending' })],
      }),
    ])
    expect(overrides).toMatchObject([
      { field: 'status', newValue: 'pending', byDeviceId: 'tablet-b' },
    ])
  })

  it('says nothing about a value replaced before this batch (told already) or set to the same value', () => {
    expect(
      detectOverrides([
        assignmentRow({
          before: { notes: 'from before' },
          after: { notes: 'newest' },
          own: [change('tablet-b', '1', { notes: 'mine' })],
          remote: [change('tablet-a', '3', { notes: 'newest' })],
        }),
        assignmentRow({
          before: { notes: 'same' },
          after: { notes: 'same' },
          own: [change('tablet-b', '1', { notes: 'same' })],
          remote: [change('tablet-a', '3', { notes: 'same' })],
        }),
      ]),
    ).toEqual([])
  })
})

describe('detectOverrides on rows this device created', () => {
  const created = { createdAt: '2026-11-30T09:00:00.000Z', notes: '', targetBatches: 2 }

  it('says nothing when another device edits a row this device just created', () => {
    expect(
      detectOverrides([
        assignmentRow({
          table: 'productionTargets',
          before: { notes: '', targetBatches: 2 },
          after: { notes: 'double batch', targetBatches: 4 },
          own: [change('tablet-b', '1', created)],
          remote: [change('tablet-a', '2', { notes: 'double batch', targetBatches: 4 })],
        }),
      ]),
    ).toEqual([])
  })

  it('reports the same row created on both devices (a target set on each) with different values', () => {
    expect(
      detectOverrides([
        assignmentRow({
          table: 'productionTargets',
          before: { notes: '', targetBatches: 2 },
          after: { notes: '', targetBatches: 4 },
          own: [change('tablet-b', '1', created)],
          remote: [change('tablet-a', '2', { ...created, targetBatches: 4 })],
        }),
      ]),
    ).toMatchObject([{ field: 'targetBatches', ownValue: 2, newValue: 4, byDeviceId: 'tablet-a' }])
  })
})

describe('pulling a change that replaces this device’s recent value', () => {
  it('yields one notice naming the row by its recipe and the device, and none on the next pull', async () => {
    const server = new MemoryServer()
    const a = makeTestDb({ deviceId: 'tablet-a', now: steppingClock('2026-11-30T09:01:00.000Z') })
    const b = makeTestDb({ deviceId: 'tablet-b', now: steppingClock('2026-11-30T09:00:00.000Z') })
    const target = await a.run(async (tx) => {
      const event = await insert(tx, 'events', { name: 'Fair', date: '2026-12-24', notes: '' })
      const recipe = await insert(tx, 'recipes', {
        name: 'Sugar Cookies',
        ingredients: [],
        notes: '',
      })
      return insert(tx, 'productionTargets', {
        eventId: event.id,
        recipeId: recipe.id,
        targetBatches: 2,
        notes: '',
      })
    })
    await pushAll(a.db, server.transport())
    await pullAll(b.db, server.transport())
    await b.run((tx) => update(tx, 'productionTargets', target.id, { targetBatches: 3 }))
    await a.run((tx) => update(tx, 'productionTargets', target.id, { targetBatches: 5 }))
    await pushAll(b.db, server.transport())
    await pushAll(a.db, server.transport())
    const pulled = await pullAll(b.db, server.transport())
    expect(pulled).toMatchObject({
      ok: true,
      notices: [
        {
          table: 'productionTargets',
          field: 'targetBatches',
          ownValue: 3,
          newValue: 5,
          byDeviceId: 'tablet-a',
          subject: { kind: 'target', of: 'Sugar Cookies' },
        },
      ],
    })
    expect((await b.db.productionTargets.get(target.id))?.targetBatches).toBe(5)
    // A's own push echoed back tells A nothing; B's next pull tells nothing again.
    expect(await pullAll(a.db, server.transport())).toMatchObject({ ok: true, notices: [] })
    expect(await pullAll(b.db, server.transport())).toMatchObject({ ok: true, notices: [] })
  })
})

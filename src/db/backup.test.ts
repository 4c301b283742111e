import { describe, expect, it } from 'vitest'
import { makeTestDb, snapshotAll, type TestDb } from '../test/make-test-db'
import { expectSummariesMatchRecomputation } from '../test/event-summary-check'
import { seedEveryTable } from '../test/seed-every-table'
import { buildEvent } from '../test/builders'
import {
  BACKUP_FORMAT,
  backupFileName,
  exportDatabase,
  importBackup,
  parseBackup,
  parseBackupText,
  type Backup,
} from './backup'
import { CURRENT_SCHEMA_VERSION } from './versions'
import { idsOf } from './change-record'
import { NEWEST_CLOCK_KEY } from './newest-clock'

/** A backup of a kitchen with rows in every table, as JSON text (what the file holds). */
async function kitchenBackupJson(): Promise<unknown> {
  const source = makeTestDb()
  await source.run((tx) => seedEveryTable(tx))
  return JSON.parse(JSON.stringify(await exportDatabase(source.db))) as unknown
}

function parsed(json: unknown): Backup {
  const result = parseBackup(json)
  if (!result.ok) throw new Error(result.message)
  return result.backup
}

/**
 * A format-1 file (schema version 6, before row states) of the same kitchen: every domain table
 * and the whole change log, as that version exported it.
 */
async function kitchenV1(): Promise<{ json: unknown; source: TestDb }> {
  const source = makeTestDb()
  await source.run((tx) => seedEveryTable(tx))
  const v2 = await exportDatabase(source.db)
  const { rowStates: _states, ...domain } = v2.tables
  const json = {
    format: BACKUP_FORMAT,
    schemaVersion: 6,
    exportedAt: v2.exportedAt,
    tables: { ...domain, changes: await source.db.changes.toArray() },
  }
  return { json: JSON.parse(JSON.stringify(json)) as unknown, source }
}

describe('exportDatabase', () => {
  it('writes every domain table and the row states with their clocks (format 2), but not device-local meta', async () => {
    const json = (await kitchenBackupJson()) as Backup
    expect(json.format).toBe(BACKUP_FORMAT)
    expect(json.formatVersion).toBe(2)
    expect(json.schemaVersion).toBe(CURRENT_SCHEMA_VERSION)
    expect(Object.keys(json.tables)).not.toContain('meta')
    expect(Object.keys(json.tables)).not.toContain('changes')
    for (const [table, rows] of Object.entries(json.tables)) {
      expect(rows.length, table).toBeGreaterThan(0)
    }
    const state = json.tables.rowStates[0]!
    expect(state.changes[0]).toMatchObject({ table: state.table, rowId: state.rowId })
    expect(state.hlc).toBe(
      state.changes
        .map((change) => change.hlc)
        .sort()
        .at(-1),
    )
  })
})

describe('importBackup of format 1 (the change log)', () => {
  it('round-trips: a version-6 file imports, its log folded into the same row states the source holds', async () => {
    const { json, source } = await kitchenV1()
    const target = makeTestDb({ deviceId: 'device-other' })
    await importBackup(target.db, parsed(json))
    const after = await exportDatabase(target.db)
    const before = await exportDatabase(source.db)
    expect(after.tables).toEqual(before.tables)
    const queued = (await target.db.outbox.toArray()).flatMap(idsOf)
    expect(queued.sort()).toEqual(
      before.tables.rowStates.flatMap((state) => state.changes.map((change) => change.id)).sort(),
    )
    await expectSummariesMatchRecomputation(target.db)
    // A restart takes its clock from the imported states.
    expect((await target.db.meta.get(NEWEST_CLOCK_KEY))?.value).toBe(
      (await target.db.rowStates.orderBy('hlc').last())?.hlc,
    )
  })

  it('names the row of an invalid change in a format-1 file', async () => {
    const { json } = await kitchenV1()
    const file = json as { tables: { changes: { hlc: string }[] } }
    file.tables.changes[1]!.hlc = 'yesterday'
    const result = parseBackup(file)
    expect(!result.ok && result.message).toMatch(/^Table "changes", row 2, field "hlc": /)
  })
})

describe('importBackup', () => {
  it('round-trips format 2: export, import elsewhere, export again gives identical rows and states', async () => {
    const source = makeTestDb()
    await source.run((tx) => seedEveryTable(tx))
    const first = await exportDatabase(source.db)

    const target = makeTestDb({ deviceId: 'device-other' })
    await target.run((tx) => buildEvent(tx, { name: 'Old event that the import replaces' }))
    await importBackup(target.db, parsed(JSON.parse(JSON.stringify(first))))

    const second = await exportDatabase(target.db)
    expect(second.tables).toEqual(first.tables)
    // Every state's changes are queued for push (each counts alone: no action).
    const queued = await target.db.outbox.toArray()
    expect(queued.flatMap(idsOf).sort()).toEqual(
      first.tables.rowStates.flatMap((state) => state.changes.map((change) => change.id)).sort(),
    )
    expect(queued.every((entry) => entry.action === undefined)).toBe(true)
    await expectSummariesMatchRecomputation(target.db)
  })

  it('keeps meta and queues the imported changes for the next push', async () => {
    const target = makeTestDb({ deviceId: 'device-other' })
    await target.db.meta.put({ key: 'syncConfig', value: { kept: true } })
    await importBackup(target.db, parsed(await kitchenBackupJson()))
    expect(await target.db.meta.get('syncConfig')).toEqual({
      key: 'syncConfig',
      value: { kept: true },
    })
    const changeIds = await target.db.changes.toCollection().primaryKeys()
    expect(changeIds.length).toBeGreaterThan(0)
    expect((await target.db.outbox.toArray()).flatMap(idsOf)).toEqual(changeIds)
  })

  it('moves the clock past every imported change, so a later edit wins', async () => {
    const json = (await kitchenBackupJson()) as Backup
    const newest = json.tables.rowStates
      .map((state) => state.hlc)
      .sort()
      .at(-1)!
    // The target's own clock runs a day behind the backup's.
    const target = makeTestDb({ deviceId: 'device-other', now: () => Date.parse('2026-10-31') })
    await importBackup(target.db, parsed(json))
    await target.run((tx) => buildEvent(tx, { name: 'After the restore' }))
    const mine = (await target.db.changes.toArray()).filter(
      (change) => change.deviceId === 'device-other',
    )
    expect(mine).toHaveLength(1)
    expect(mine[0]!.hlc > newest).toBe(true)
  })

  it('leaves the old data when the import fails half-way', async () => {
    const target = makeTestDb()
    await target.run((tx) => seedEveryTable(tx))
    const before = await snapshotAll(target.db)

    const backup = parsed(await kitchenBackupJson())
    // Two rows with one id in the last domain table: its bulkAdd fails after the earlier
    // tables were already cleared and refilled.
    backup.tables.statusChanges = [backup.tables.statusChanges[0]!, backup.tables.statusChanges[0]!]
    await expect(importBackup(target.db, backup)).rejects.toThrow()
    expect(await snapshotAll(target.db)).toEqual(before)

    await expect(
      importBackup(target.db, parsed(await kitchenBackupJson()), {
        inSameTransaction: () => Promise.reject(new Error('disk full')),
      }),
    ).rejects.toThrow('disk full')
    expect(await snapshotAll(target.db)).toEqual(before)
  })
})

describe('parseBackup', () => {
  it('refuses something that is not a backup, and changes nothing', async () => {
    const target = makeTestDb()
    await target.run((tx) => seedEveryTable(tx))
    const before = await snapshotAll(target.db)
    for (const notBackup of [null, 42, [], { hello: 'world' }, { format: 'other', tables: {} }]) {
      expect(parseBackup(notBackup)).toEqual({
        ok: false,
        message: 'This file is not a Bake Tracker backup.',
      })
    }
    expect(parseBackupText('{ not json')).toEqual({
      ok: false,
      message: 'This file is not a Bake Tracker backup.',
    })
    expect(await snapshotAll(target.db)).toEqual(before)
  })

  it('refuses a backup from a newer version of the app', async () => {
    const json = (await kitchenBackupJson()) as Backup
    const result = parseBackup({ ...json, schemaVersion: CURRENT_SCHEMA_VERSION + 1 })
    expect(result.ok).toBe(false)
    expect(!result.ok && result.message).toContain('newer version of Bake Tracker')
  })

  it('names the table, row and field of an invalid value', async () => {
    const json = (await kitchenBackupJson()) as Backup
    const events = [
      ...json.tables.events,
      { ...json.tables.events[0]!, id: 'e-2', date: '2026-02-30' },
    ]
    const result = parseBackup({ ...json, tables: { ...json.tables, events } })
    expect(result.ok).toBe(false)
    expect(!result.ok && result.message).toMatch(/^Table "events", row 2, field "date": /)
  })

  it('refuses unknown fields, unknown tables, missing tables and repeated ids', async () => {
    const json = (await kitchenBackupJson()) as Backup
    const withColour = [{ ...json.tables.recipients[0]!, colour: 'red' }]
    const colour = parseBackup({ ...json, tables: { ...json.tables, recipients: withColour } })
    expect(!colour.ok && colour.message).toMatch(/^Table "recipients", row 1: .*colour/)

    const meta = parseBackup({ ...json, tables: { ...json.tables, meta: [] } })
    expect(!meta.ok && meta.message).toBe('Table "meta" is not part of a Bake Tracker backup.')

    const { packages: _packages, ...withoutPackages } = json.tables
    const missing = parseBackup({ ...json, tables: withoutPackages })
    expect(!missing.ok && missing.message).toContain('no "packages" table')

    const twice = [json.tables.events[0]!, json.tables.events[0]!]
    const repeated = parseBackup({ ...json, tables: { ...json.tables, events: twice } })
    expect(!repeated.ok && repeated.message).toContain('row 2: the id')
  })
})

describe('backupFileName', () => {
  it('uses the local date: bake-tracker-2026-12-24.json', () => {
    expect(backupFileName(new Date(2026, 11, 24, 23, 59))).toBe('bake-tracker-2026-12-24.json')
  })
})

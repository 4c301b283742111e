import { readFile } from 'node:fs/promises'
import { expect, test, type Page } from './fixtures'
import { EventsPage } from './pages/events-page'
import { SettingsPage } from './pages/settings-page'

type BackupFile = { format: string; schemaVersion: number; tables: Record<string, unknown[]> }

async function readBackup(path: string): Promise<BackupFile> {
  return JSON.parse(await readFile(path, 'utf8')) as BackupFile
}

/** Back to the screen listing events (the main navigation's first section). */
async function openEvents(page: Page): Promise<EventsPage> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Today' }).tap()
  return new EventsPage(page)
}

test('a backup restores identical data on an empty tablet and replaces newer changes', async ({
  page,
  browser,
  baseURL,
}) => {
  let events = await new EventsPage(page).open()
  await events.createEventByTapping('Christmas cookie tins', '2026-12-24')
  await events.createEventByTapping('New Year pretzels', '2026-12-31')
  await expect(events.event('New Year pretzels')).toBeVisible()

  let settings = await new SettingsPage(page).open()
  const exported = await settings.exportBackup()
  expect(exported.name).toMatch(/^bake-tracker-\d{4}-\d{2}-\d{2}\.json$/)
  await expect(settings.backupMessage).toContainText(exported.name)
  const original = await readBackup(exported.path)
  expect(original.format).toBe('bake-tracker-backup')
  expect(original.tables.events).toHaveLength(2)

  // A second, empty tablet restores the file and ends up with exactly the same data.
  const emptyTablet = await browser.newContext({
    baseURL,
    viewport: { width: 1024, height: 768 },
    hasTouch: true,
    isMobile: true,
  })
  try {
    const other = await emptyTablet.newPage()
    await other.goto('/')
    const otherSettings = await new SettingsPage(other).open()
    await otherSettings.chooseBackupFile(exported.path)
    await expect(otherSettings.replaceDialog).toContainText('2 events')
    await otherSettings.confirmReplace()
    await expect(otherSettings.backupMessage).toContainText('Backup imported: 2 events')
    const restored = await readBackup((await otherSettings.exportBackup()).path)
    expect(restored.tables).toEqual(original.tables)
    const otherEvents = await openEvents(other)
    await expect(otherEvents.event('Christmas cookie tins')).toBeVisible()
    await expect(otherEvents.event('New Year pretzels')).toBeVisible()
  } finally {
    await emptyTablet.close()
  }

  // On the first tablet, importing the backup replaces what was made after it.
  events = await openEvents(page)
  await events.createEventByTapping('Made after the backup', '2027-01-06')
  await expect(events.event('Made after the backup')).toBeVisible()
  settings = await new SettingsPage(page).open()
  await settings.chooseBackupFile(exported.path)
  await settings.confirmReplace()
  await expect(settings.backupMessage).toContainText('Backup imported')
  events = await openEvents(page)
  await expect(events.event('Christmas cookie tins')).toBeVisible()
  await expect(events.event('Made after the backup')).toHaveCount(0)
})

test('a file that is not a backup, or from a newer app, is refused and changes nothing', async ({
  page,
}) => {
  let events = await new EventsPage(page).open()
  await events.createEventByTapping('Easter nests', '2027-03-28')
  await expect(events.event('Easter nests')).toBeVisible()

  const settings = await new SettingsPage(page).open()
  await settings.chooseBackupFile({
    name: 'shopping-list.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"flour": "2 kg"}'),
  })
  await expect(settings.backupError).toHaveText(
    'shopping-list.json was not imported. This file is not a Bake Tracker backup.',
  )
  await expect(settings.replaceDialog).toHaveCount(0)

  const real = await readBackup((await settings.exportBackup()).path)
  await settings.chooseBackupFile({
    name: 'from-the-future.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ ...real, schemaVersion: real.schemaVersion + 1 })),
  })
  await expect(settings.backupError).toContainText('newer version of Bake Tracker')
  await expect(settings.replaceDialog).toHaveCount(0)

  // Cancelling the warning for a valid file changes nothing either.
  await settings.chooseBackupFile({
    name: 'empty.json',
    mimeType: 'application/json',
    buffer: Buffer.from(
      JSON.stringify({
        ...real,
        tables: Object.fromEntries(Object.keys(real.tables).map((table) => [table, []])),
      }),
    ),
  })
  await settings.cancelReplace()

  events = await openEvents(page)
  await expect(events.event('Easter nests')).toBeVisible()
})

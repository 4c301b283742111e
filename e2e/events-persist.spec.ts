import { expect, test } from './fixtures'
import { EventsPage } from './pages/events-page'

test('an event created by tapping on a tablet is still there after a reload', async ({ page }) => {
  const events = await new EventsPage(page).open()
  expect(await page.evaluate(() => 'ontouchstart' in window)).toBe(true)

  await events.createEventByTapping('Christmas cookie tins', '2026-12-24')
  await expect(events.event('Christmas cookie tins')).toBeVisible()

  await page.reload()
  await expect(events.event('Christmas cookie tins')).toBeVisible()
})

test('a missing name is shown beside the field and nothing is created', async ({ page }) => {
  const events = await new EventsPage(page).open()
  await events.createEventByTapping('', '2026-12-24')
  await expect(page.getByText('Enter a name')).toBeVisible()
  await expect(events.nameInput).toHaveAttribute('aria-invalid', 'true')
  await expect(page.getByText('Nothing coming up')).toBeVisible()
})

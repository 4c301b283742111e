import { expect, test } from './fixtures'
import { EventsPage } from './pages/events-page'
import { KitchenApp } from './pages/kitchen-app'
import { loadUnderServiceWorker } from './support/service-worker'

test('the service worker controls the page after the first load', async ({ page }) => {
  await new EventsPage(page).open()
  await loadUnderServiceWorker(page)
  const cached = await page.evaluate(async () => {
    const names = await caches.keys()
    const precache = names.find((name) => name.startsWith('workbox-precache'))
    if (!precache) return []
    const requests = await (await caches.open(precache)).keys()
    return requests.map((request) => new URL(request.url).pathname)
  })
  expect(cached).toEqual(
    expect.arrayContaining(['/index.html', '/manifest.webmanifest', '/pwa-192x192.png']),
  )
})

test('offline: the app reloads from the service worker and keeps what was made offline', async ({
  page,
  context,
}) => {
  const events = await new EventsPage(page).open()
  await loadUnderServiceWorker(page)

  await context.setOffline(true)
  const offlineLoad = await page.reload()
  expect(offlineLoad?.fromServiceWorker()).toBe(true)
  expect(await page.evaluate(() => navigator.onLine)).toBe(false)
  await expect(events.heading).toBeVisible()

  await events.createEventByTapping('Baked without wifi', '2026-12-20')
  await expect(events.event('Baked without wifi')).toBeVisible()

  const secondOfflineLoad = await page.reload()
  expect(secondOfflineLoad?.fromServiceWorker()).toBe(true)
  await expect(events.event('Baked without wifi')).toBeVisible()

  await context.setOffline(false)
  await page.reload()
  await expect(events.event('Baked without wifi')).toBeVisible()
})

test('offline: a delivery tapped with no network survives offline reloads and going back online', async ({
  page,
  context,
}) => {
  const kitchen = await new KitchenApp(page).open()
  await page.getByRole('button', { name: 'Create a sample holiday event' }).tap()
  await expect(page.getByRole('heading', { level: 1, name: /^Holiday gifts/ })).toBeVisible()
  await loadUnderServiceWorker(page)

  await context.setOffline(true)
  const offlineLoad = await page.reload()
  expect(offlineLoad?.fromServiceWorker()).toBe(true)
  // The reload comes back where the cook was (navigation state is persisted).
  await expect(page.getByRole('heading', { level: 1, name: /^Holiday gifts/ })).toBeVisible()
  await kitchen.openTab('Deliver')
  await expect(kitchen.deliverCount('delivered')).toHaveText('0')
  await page
    .getByRole('list', { name: 'Packages' })
    .getByRole('button', { name: /^Mark delivered/ })
    .first()
    .tap()
  await expect(kitchen.deliverCount('delivered')).toHaveText('1')

  expect((await page.reload())?.fromServiceWorker()).toBe(true)
  await expect(kitchen.deliverCount('delivered')).toHaveText('1')

  await context.setOffline(false)
  await page.reload()
  await expect(kitchen.deliverCount('delivered')).toHaveText('1')
})

test('offline: a deep link opens the app shell', async ({ page, context }) => {
  await new EventsPage(page).open()
  await loadUnderServiceWorker(page)
  await context.setOffline(true)
  const response = await page.goto('/events/some-event/deliver?from=bookmark')
  expect(response?.fromServiceWorker()).toBe(true)
  await expect(page.getByText('Bake Tracker').first()).toBeVisible()
})

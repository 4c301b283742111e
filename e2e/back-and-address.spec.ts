/**
 * Back works and the app remembers where the baker was, on a landscape tablet, a portrait tablet
 * and a phone: Back and Forward walk through screens, events and tabs; a reload or a bookmark
 * (online or offline) opens the same place; Back out of the app with a half-typed form asks first;
 * and a join link's secret leaves the address and history as soon as the app opens.
 */
import { expect, test } from './fixtures'
import { KitchenApp } from './pages/kitchen-app'
import { NavigationPage } from './pages/navigation-page'
import {
  createSpace,
  inviteLink,
  MULTI_TABLET_TEST_TIMEOUT,
  syncUntilUpToDate,
} from './pages/sync-waits'
import { loadUnderServiceWorker } from './support/service-worker'

const SIZES = [
  { name: 'tablet landscape', viewport: { width: 1024, height: 768 } },
  { name: 'tablet portrait', viewport: { width: 768, height: 1024 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
]

for (const size of SIZES) {
  test.describe(size.name, () => {
    test.use({ viewport: size.viewport })

    test('Back walks back through event, tab and Today, and Forward returns', async ({ page }) => {
      const app = await new KitchenApp(page).open()
      const nav = new NavigationPage(page)
      await page.getByRole('button', { name: 'Create a sample holiday event' }).tap()
      await nav.expectOn(/^Holiday gifts/, 'Plan')
      await app.goTo('Today')
      await nav.expectOn('Today')

      await app.openEvent('Holiday gifts')
      await app.openTab('Deliver')
      await nav.expectOn(/^Holiday gifts/, 'Deliver')
      expect(nav.address()).toMatch(/^\/events\/[^/]+\/deliver$/)

      await nav.back()
      await nav.expectOn(/^Holiday gifts/, 'Plan')
      await nav.back()
      await nav.expectOn('Today')
      expect(nav.address()).toBe('/')

      await nav.forward()
      await nav.expectOn(/^Holiday gifts/, 'Plan')
      await nav.forward()
      await nav.expectOn(/^Holiday gifts/, 'Deliver')
      expect(await nav.sidewaysOverflow()).toBeLessThanOrEqual(0)
    })
  })
}

test('a reload and a bookmarked address open the same screen and tab', async ({ page }) => {
  const app = await new KitchenApp(page).open()
  const nav = new NavigationPage(page)
  await page.getByRole('button', { name: 'Create a sample holiday event' }).tap()
  await app.openTab('Make')
  const makeAddress = nav.address()
  await nav.reload()
  await nav.expectOn(/^Holiday gifts/, 'Make')

  await app.goTo('Catalogue')
  await app.openTab('Finished goods')
  expect(nav.address()).toBe('/catalogue/finished-goods')
  await nav.reload()
  await nav.expectOn('Catalogue', 'Finished goods')

  await nav.openAddress(makeAddress.replace(/make$/, 'costs'))
  await nav.expectOn(/^Holiday gifts/, 'Costs')
  // Opened directly, the event still has Today underneath: Back stays in the app.
  await nav.openAddress('/recipients')
  await nav.expectOn('Recipients')
  await nav.openAddress('/no-such-screen')
  await nav.expectOn('Today')
  expect(nav.address()).toBe('/')
})

test('offline: a bookmarked event tab opens on that tab from the service worker', async ({
  page,
  context,
}) => {
  const app = await new KitchenApp(page).open()
  const nav = new NavigationPage(page)
  await page.getByRole('button', { name: 'Create a sample holiday event' }).tap()
  await app.openTab('Deliver')
  const deliverAddress = nav.address()
  await app.goTo('Today')
  await loadUnderServiceWorker(page)

  await context.setOffline(true)
  const response = await page.goto(deliverAddress)
  expect(response?.fromServiceWorker()).toBe(true)
  await nav.expectOn(/^Holiday gifts/, 'Deliver')
  await context.setOffline(false)
})

test('Back out of the app with a half-typed new event asks first and stays', async ({ page }) => {
  await new KitchenApp(page).open()
  const nav = new NavigationPage(page)
  await page.getByRole('button', { name: 'Start empty' }).tap()
  await page.getByRole('button', { name: 'New event' }).tap()
  await page.getByRole('form', { name: 'New event' }).getByLabel('Event name').fill('Cookie swap')

  const asked = page.waitForEvent('dialog')
  await nav.pressBack()
  const dialog = await asked
  expect(dialog.type()).toBe('beforeunload')
  await dialog.dismiss()
  await nav.expectOn('Today')
  await expect(page.getByRole('form', { name: 'New event' }).getByLabel('Event name')).toHaveValue(
    'Cookie swap',
  )
})

test('after joining by link the address holds no secret, and a reload opens the last screen', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(MULTI_TABLET_TEST_TIMEOUT)
  const pageA = await browser.newPage({ baseURL, hasTouch: true, isMobile: true })
  const tabletA = await new KitchenApp(pageA).open()
  await pageA.getByRole('button', { name: 'Start empty' }).tap()
  await tabletA.goTo('Settings')
  await createSpace(pageA)
  const link = await inviteLink(pageA)
  const secret = link.slice(link.indexOf('#join=') + '#join='.length)

  const pageB = await browser.newPage({ baseURL, hasTouch: true, isMobile: true })
  const tabletB = new KitchenApp(pageB)
  const navB = new NavigationPage(pageB)
  await pageB.goto(link)
  await navB.expectOn('Settings')
  expect(navB.address()).toBe('/settings')
  const joinForm = pageB.getByRole('form', { name: 'Join a space' })
  await joinForm.getByRole('button', { name: 'Join' }).tap()
  await syncUntilUpToDate(pageB)

  await tabletB.goTo('Recipients')
  await navB.reload()
  await navB.expectOn('Recipients')
  expect(navB.address()).toBe('/recipients')
  const history = await navB.addressesBackToStart()
  expect(history.filter((address) => address.includes(secret))).toEqual([])
  expect(history.filter((address) => address.includes('join'))).toEqual([])
  await pageA.close()
  await pageB.close()
})

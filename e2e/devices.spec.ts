/**
 * Devices, not one shared secret, on the real server: tablet A invites tablet B with a one-time
 * link, B joins and appears in A's list of tablets, A removes B (after a dialog asks), and B says
 * in words that it was removed while keeping its data. The spent invitation link opens nothing.
 */
import { expect, test } from './fixtures'
import { KitchenApp } from './pages/kitchen-app'
import { SettingsPage } from './pages/settings-page'
import {
  createSpace,
  joinByLink,
  MULTI_TABLET_TEST_TIMEOUT,
  openTablet,
  SYNC_TIMEOUT,
} from './pages/sync-waits'

test('A invites B, B joins, A removes B, and B says it was removed and keeps its data', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(MULTI_TABLET_TEST_TIMEOUT)
  const pageA = await openTablet(browser, baseURL)
  const pageB = await openTablet(browser, baseURL)
  const tabletA = await new KitchenApp(pageA).open()
  const tabletB = new KitchenApp(pageB)
  const settingsA = new SettingsPage(pageA)
  const settingsB = new SettingsPage(pageB)

  await pageA.getByRole('button', { name: 'Create a sample holiday event' }).tap()
  await expect(pageA.getByRole('heading', { level: 1, name: /^Holiday gifts/ })).toBeVisible()
  await tabletA.goTo('Settings')
  await createSpace(pageA)
  await settingsA.nameThisTablet('Kitchen iPad')
  const link = await settingsA.inviteTablet()

  await joinByLink(pageB, link)
  await settingsB.nameThisTablet('Hall tablet')
  await tabletB.goTo('Today')
  await expect(tabletB.eventCard('Holiday gifts')).toBeVisible()

  // A sees B in the space's tablets and removes it.
  await tabletA.goTo('Today')
  await tabletA.goTo('Settings')
  await expect(settingsA.devices().getByText('Kitchen iPad')).toBeVisible({ timeout: SYNC_TIMEOUT })
  await expect(settingsA.devices()).toContainText('(this tablet)')
  await expect(settingsA.devices().getByText('Hall tablet')).toBeVisible()
  await settingsA.removeTablet('Hall tablet')

  // B is locked out at once and says so; its data stays.
  await tabletB.goTo('Settings')
  await pageB.getByRole('button', { name: 'Sync now' }).tap()
  await expect(pageB.locator('.sync-summary')).toHaveText(/^Removed from the space/, {
    timeout: SYNC_TIMEOUT,
  })
  await expect(pageB.getByText(/This tablet was removed from the space/)).toBeVisible()
  await tabletB.goTo('Today')
  await expect(tabletB.eventCard('Holiday gifts')).toBeVisible()

  // The spent invitation opens nothing for a third tablet.
  const pageC = await openTablet(browser, baseURL)
  await pageC.goto(link)
  const joinC = pageC.getByRole('form', { name: 'Join a space' })
  await joinC.getByRole('button', { name: 'Join' }).tap()
  await expect(pageC.getByRole('alert')).toContainText('already been used')

  for (const page of [pageA, pageB, pageC]) await page.context().close()
})

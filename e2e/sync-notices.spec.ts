/**
 * Sync notices on two tablets and the real server: when a synced change overrides something a
 * tablet did minutes ago, that tablet says so once, in words naming the package (or target) and
 * the other tablet by the name it was given in Settings; a reload does not say it again.
 */
import { expect, test, type Browser, type Page } from './fixtures'
import { KitchenApp } from './pages/kitchen-app'
import { SettingsPage } from './pages/settings-page'
import {
  createSpace,
  inviteLink,
  joinByLink,
  MULTI_TABLET_TEST_TIMEOUT,
  openTablet,
  SYNC_TIMEOUT,
} from './pages/sync-waits'

/**
 * A ("Kitchen iPad") creates the sample event and a space; B ("Hall tablet") joins by A's link.
 * Both end on the event's Deliver tab.
 */
async function twoNamedTablets(browser: Browser, baseURL: string | undefined) {
  const pageA = await openTablet(browser, baseURL)
  const pageB = await openTablet(browser, baseURL)
  const tabletA = await new KitchenApp(pageA).open()
  await pageA.getByRole('button', { name: 'Create a sample holiday event' }).tap()
  await expect(pageA.getByRole('heading', { level: 1, name: /^Holiday gifts/ })).toBeVisible()
  await tabletA.goTo('Settings')
  await createSpace(pageA)
  await new SettingsPage(pageA).nameThisTablet('Kitchen iPad')
  const link = await inviteLink(pageA)

  await joinByLink(pageB, link)
  await new SettingsPage(pageB).nameThisTablet('Hall tablet')
  const tabletB = new KitchenApp(pageB)
  for (const tablet of [tabletA, tabletB]) {
    await tablet.openEvent('Holiday gifts')
    await tablet.openTab('Deliver')
  }
  return { pageA, pageB, tabletA, tabletB }
}

/** "Recipient, Package" of the first card whose next step is "Mark delivered". */
async function firstReadyPackage(page: Page): Promise<string> {
  const button = page
    .getByRole('list', { name: 'Packages' })
    .getByRole('button', { name: /^Mark delivered: / })
    .first()
  const label = (await button.getAttribute('aria-label')) ?? ''
  return label.replace(/^Mark delivered: /, '')
}

const notice = (page: Page, text: string | RegExp) =>
  page.locator('.toaster').getByRole('status').filter({ hasText: text })

test('a stale Move back that a later delivery voids is announced once on the tablet that made it', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(MULTI_TABLET_TEST_TIMEOUT)
  const { pageA, pageB, tabletA, tabletB } = await twoNamedTablets(browser, baseURL)
  const first = await firstReadyPackage(pageA)
  const [recipient = '', packageName = ''] = first.split(', ')

  // A delivers; B sees it.
  await pageA.getByRole('button', { name: `Mark delivered: ${first}` }).tap()
  await expect(tabletB.deliverCount('delivered')).toHaveText('1', { timeout: SYNC_TIMEOUT })

  // Offline, A corrects its delivery and delivers again (after seeing its own latest step).
  await pageA.context().setOffline(true)
  await pageA.getByRole('button', { name: `Move back to Ready: ${first}` }).tap()
  await pageA.getByRole('button', { name: `Mark delivered: ${first}` }).tap()
  await expect(tabletA.deliverCount('delivered')).toHaveText('1')
  // Two taps wait, however many records each wrote.
  await expect(pageA.locator('.sync-chip')).toHaveText('Offline · 2 waiting')

  // B, which has not seen that, moves the package back: a stale correction.
  await pageB.getByRole('button', { name: `Move back to Ready: ${first}` }).tap()
  await expect(tabletB.deliverCount('delivered')).toHaveText('0')

  // A reconnects: the delivery stands, and B is told why its Move back did not.
  await pageA.context().setOffline(false)
  await expect(tabletB.deliverCount('delivered')).toHaveText('1', { timeout: SYNC_TIMEOUT })
  const expected = `${recipient}'s ${packageName} was delivered on Kitchen iPad — your Move back was not applied`
  await expect(notice(pageB, expected)).toBeVisible({ timeout: SYNC_TIMEOUT })
  await expect(notice(pageA, /your/)).toHaveCount(0)

  // After a reload and a full sync, nothing is announced again.
  await pageB.reload()
  await expect(pageB.locator('.sync-chip')).toHaveText('Up to date', { timeout: SYNC_TIMEOUT })
  await expect(notice(pageB, expected)).toHaveCount(0)
  await pageA.context().close()
  await pageB.context().close()
})

test('a target changed later on the other tablet is announced with its new value', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(MULTI_TABLET_TEST_TIMEOUT)
  const { pageA, pageB, tabletA, tabletB } = await twoNamedTablets(browser, baseURL)
  await tabletA.openTab('Plan')
  await tabletB.openTab('Plan')
  const targetFormA = pageA.locator('form.target-form').first()
  const targetLabel = (await targetFormA.locator('label').textContent()) ?? ''

  // Offline, A sets the target to 7; B, later, sets it to 9.
  await pageA.context().setOffline(true)
  await targetFormA.getByRole('textbox').fill('7')
  await targetFormA.getByRole('button', { name: 'Save' }).tap()
  await expect(pageA.getByLabel(targetLabel)).toHaveValue('7')
  const targetFormB = pageB.locator('form.target-form').first()
  await targetFormB.getByRole('textbox').fill('9')
  await targetFormB.getByRole('button', { name: 'Save' }).tap()
  await expect(pageB.getByLabel(targetLabel)).toHaveValue('9')

  // A reconnects: B's later value wins, and A says so.
  await pageA.context().setOffline(false)
  await expect(pageA.getByLabel(targetLabel)).toHaveValue('9', { timeout: SYNC_TIMEOUT })
  await expect(notice(pageA, /^Target for .+ was changed on Hall tablet to 9\b/)).toBeVisible({
    timeout: SYNC_TIMEOUT,
  })
  await expect(notice(pageB, /was changed on/)).toHaveCount(0)
  await pageA.context().close()
  await pageB.context().close()
})

// The issue's own scenario: B's stale Move back is void under the status rule of DESIGN §3, the
// delivery stands on both tablets, and B is told in words where it was delivered.
test('A delivers offline, B moves it back without having seen that, A reconnects: B is told', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(MULTI_TABLET_TEST_TIMEOUT)
  const { pageA, pageB, tabletA, tabletB } = await twoNamedTablets(browser, baseURL)
  const first = await firstReadyPackage(pageA)
  const [recipient = '', packageName = ''] = first.split(', ')
  await pageA.context().setOffline(true)
  await pageA.getByRole('button', { name: `Mark delivered: ${first}` }).tap()
  await expect(tabletA.deliverCount('delivered')).toHaveText('1')
  await pageB.getByRole('button', { name: `Move back to To do: ${first}` }).tap()
  await pageA.context().setOffline(false)
  await expect(tabletB.deliverCount('delivered')).toHaveText('1', { timeout: SYNC_TIMEOUT })
  await expect(
    notice(
      pageB,
      `${recipient}'s ${packageName} was delivered on Kitchen iPad — your Move back was not applied`,
    ),
  ).toBeVisible({ timeout: SYNC_TIMEOUT })
  await pageA.context().close()
  await pageB.context().close()
})

/**
 * Two tablets, one kitchen, on the real server (the one serving the app): tablet A creates a sync
 * space, tablet B joins with A's join link. A delivery tapped on A shows on B within seconds
 * through the server's live channel (no reload, no "Sync now"); and work done while A is offline
 * merges with B's on reconnect, where a stale correction on B cannot undo A's delivery.
 */
import { expect, test, type Browser, type Page } from './fixtures'
import { KitchenApp } from './pages/kitchen-app'
import {
  createSpace,
  inviteLink,
  joinByLink,
  MULTI_TABLET_TEST_TIMEOUT,
  openTablet,
  SYNC_TIMEOUT,
} from './pages/sync-waits'

/**
 * How long a delivery may take to reach the other tablet through the live channel alone: generous
 * for a loaded machine, yet well under the engine's 60 s periodic sync, so only the live channel
 * can have brought it.
 */
const LIVE_CHANNEL_TIMEOUT = 20_000

/** A creates the sample event and a space; B joins by A's link. Both end on the event's Deliver tab. */
async function twoJoinedTablets(browser: Browser, baseURL: string | undefined) {
  const pageA = await openTablet(browser, baseURL)
  const pageB = await openTablet(browser, baseURL)
  const tabletA = await new KitchenApp(pageA).open()
  await pageA.getByRole('button', { name: 'Create a sample holiday event' }).tap()
  await expect(pageA.getByRole('heading', { level: 1, name: /^Holiday gifts/ })).toBeVisible()

  await tabletA.goTo('Settings')
  await createSpace(pageA)
  const link = await inviteLink(pageA)
  expect(link).toContain('#join=')

  // Tablet B opens the join link: Settings with the code filled in; one tap to join.
  await joinByLink(pageB, link)
  const tabletB = new KitchenApp(pageB)
  for (const tablet of [tabletA, tabletB]) {
    await tablet.openEvent('Holiday gifts')
    await tablet.openTab('Deliver')
  }
  return { pageA, pageB, tabletA, tabletB }
}

/** "Recipient, Package" of every card whose next step is "Mark delivered". */
async function readyPackages(page: Page): Promise<string[]> {
  const buttons = page.getByRole('list', { name: 'Packages' }).getByRole('button', {
    name: /^Mark delivered: /,
  })
  await expect(buttons.first()).toBeVisible()
  const labels = await buttons.evaluateAll((elements) =>
    elements.map((element) => element.getAttribute('aria-label') ?? ''),
  )
  return labels.map((label) => label.replace(/^Mark delivered: /, ''))
}

test('a delivery tapped on one tablet shows on the other within seconds', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(MULTI_TABLET_TEST_TIMEOUT)
  const { pageA, pageB, tabletA, tabletB } = await twoJoinedTablets(browser, baseURL)
  await expect(tabletB.deliverCount('delivered')).toHaveText('0')
  const readyOnB = await tabletB.deliverCount('assembled').textContent()

  await tabletA.showOnly('Ready')
  await pageA
    .getByRole('list', { name: 'Packages' })
    .getByRole('button', { name: /^Mark delivered/ })
    .first()
    .tap()
  await expect(tabletA.deliverCount('delivered')).toHaveText('1')

  await expect(tabletB.deliverCount('delivered')).toHaveText('1', { timeout: LIVE_CHANNEL_TIMEOUT })
  await expect(tabletB.deliverCount('assembled')).toHaveText(String(Number(readyOnB) - 1))
  await pageA.context().close()
  await pageB.context().close()
})

test('offline deliveries and a target edit merge on reconnect; a stale correction cannot undo a delivery', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(MULTI_TABLET_TEST_TIMEOUT)
  const { pageA, pageB, tabletA, tabletB } = await twoJoinedTablets(browser, baseURL)
  const [first, second] = await readyPackages(pageA)
  if (!first || !second) throw new Error('the sample event should have two ready packages')

  // A delivers the first package; B sees it.
  await pageA.getByRole('button', { name: `Mark delivered: ${first}` }).tap()
  await expect(tabletA.deliverCount('delivered')).toHaveText('1')
  await expect(tabletB.deliverCount('delivered')).toHaveText('1', { timeout: SYNC_TIMEOUT })

  // A loses the network: it corrects the first delivery (moves it back, delivers it again) and
  // delivers the second package.
  await pageA.context().setOffline(true)
  await pageA.getByRole('button', { name: `Move back to Ready: ${first}` }).tap()
  await expect(tabletA.deliverCount('delivered')).toHaveText('0')
  await pageA.getByRole('button', { name: `Mark delivered: ${first}` }).tap()
  await pageA.getByRole('button', { name: `Mark delivered: ${second}` }).tap()
  await expect(tabletA.deliverCount('delivered')).toHaveText('2')

  // B, which has not seen A's correction, moves the first package back (a stale correction) ...
  await pageB.getByRole('button', { name: `Move back to Ready: ${first}` }).tap()
  await expect(tabletB.deliverCount('delivered')).toHaveText('0')
  // ... and changes a baking target.
  await tabletB.openTab('Plan')
  const targetForm = pageB.locator('form.target-form').first()
  const targetLabel = (await targetForm.locator('label').textContent()) ?? ''
  await targetForm.getByRole('textbox').fill('9')
  await targetForm.getByRole('button', { name: 'Save' }).tap()
  await expect(pageB.getByLabel(targetLabel)).toHaveValue('9')
  await tabletB.openTab('Deliver')

  // A comes back: both tablets agree within seconds. A's and B's Move backs corrected the same
  // delivery, so they undo it once, and A's delivery made after its correction stands: both
  // packages stay delivered; B's target reaches A.
  await pageA.context().setOffline(false)
  await expect(tabletA.deliverCount('delivered')).toHaveText('2', { timeout: SYNC_TIMEOUT })
  await expect(tabletB.deliverCount('delivered')).toHaveText('2', { timeout: SYNC_TIMEOUT })
  for (const page of [pageA, pageB]) {
    await expect(page.getByRole('button', { name: `Move back to Ready: ${first}` })).toBeVisible()
    await expect(page.getByRole('button', { name: `Move back to Ready: ${second}` })).toBeVisible()
  }
  await tabletA.openTab('Plan')
  await expect(pageA.getByLabel(targetLabel)).toHaveValue('9', { timeout: SYNC_TIMEOUT })
  await pageA.context().close()
  await pageB.context().close()
})

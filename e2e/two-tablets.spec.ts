/**
 * Two tablets, one kitchen: tablet A creates a sync space on the real server (the one serving the
 * app), tablet B joins with A's join link, and a delivery tapped on A shows on B within seconds
 * through the server's live channel — with no reload and no "Sync now" on B.
 */
import { expect, test, type Browser, type Page } from '@playwright/test'
import { KitchenApp } from './pages/kitchen-app'

async function openTablet(browser: Browser, baseURL: string): Promise<Page> {
  const context = await browser.newContext({
    baseURL,
    viewport: { width: 1024, height: 768 },
    hasTouch: true,
    isMobile: true,
  })
  return context.newPage()
}

test('a delivery tapped on one tablet shows on the other within seconds', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(90_000)
  if (!baseURL) throw new Error('baseURL is not set')
  const pageA = await openTablet(browser, baseURL)
  const pageB = await openTablet(browser, baseURL)
  const tabletA = await new KitchenApp(pageA).open()
  await pageA.getByRole('button', { name: 'Create a sample holiday event' }).tap()
  await expect(pageA.getByRole('heading', { level: 1, name: /^Holiday gifts/ })).toBeVisible()

  await tabletA.goTo('Settings')
  await pageA
    .getByRole('form', { name: 'Start syncing' })
    .getByRole('button', { name: 'Create a space' })
    .tap()
  await expect(pageA.locator('.sync-summary')).toHaveText('Up to date', { timeout: 15_000 })
  const link = await pageA.getByLabel('Join link').inputValue()
  expect(link).toContain('#join=')

  // Tablet B opens the join link: Settings with the code filled in; one tap to join.
  await pageB.goto(link)
  const joinForm = pageB.getByRole('form', { name: 'Join a space' })
  await expect(joinForm.getByLabel('Join link or code')).not.toHaveValue('')
  await joinForm.getByRole('button', { name: 'Join' }).tap()
  await expect(pageB.locator('.sync-summary')).toHaveText('Up to date', { timeout: 15_000 })
  const tabletB = new KitchenApp(pageB)
  await tabletB.openEvent('Holiday gifts')
  await tabletB.openTab('Deliver')
  await expect(tabletB.deliverCount('delivered')).toHaveText('0')
  const readyOnB = await tabletB.deliverCount('assembled').textContent()

  await tabletA.openEvent('Holiday gifts')
  await tabletA.openTab('Deliver')
  await tabletA.showOnly('Ready')
  await pageA
    .getByRole('list', { name: 'Packages' })
    .getByRole('button', { name: /^Mark delivered/ })
    .first()
    .tap()
  await expect(tabletA.deliverCount('delivered')).toHaveText('1')

  await expect(tabletB.deliverCount('delivered')).toHaveText('1', { timeout: 3_000 })
  await expect(tabletB.deliverCount('assembled')).toHaveText(String(Number(readyOnB) - 1))
  await pageA.context().close()
  await pageB.context().close()
})

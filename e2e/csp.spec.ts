/**
 * The app works under the Content-Security-Policy the server sends with the shell: every screen
 * with the sample data, and Settings after creating a sync space (fetch, the live channel and the
 * join link's QR code), without a single `securitypolicyviolation` event or CSP console error.
 */
import { expect, test } from './fixtures'
import { KitchenApp } from './pages/kitchen-app'
import { inviteLink } from './pages/sync-waits'

declare global {
  interface Window {
    cspViolations?: string[]
  }
}

const SCREENS: ((app: KitchenApp) => Promise<void>)[] = [
  (app) => app.goTo('Today'),
  ...['Plan', 'Make', 'Deliver', 'Costs'].map((tab) => async (app: KitchenApp) => {
    await app.openEvent('Holiday gifts')
    await app.openTab(tab)
  }),
  ...['Recipes', 'Ingredients', 'Baked items', 'Finished goods', 'Packages'].map(
    (tab) => async (app: KitchenApp) => {
      await app.goTo('Catalogue')
      await app.openTab(tab)
    },
  ),
  (app) => app.goTo('Recipients'),
  (app) => app.goTo('Settings'),
]

test('every screen works under the shell’s Content-Security-Policy', async ({ page }) => {
  test.setTimeout(120_000)
  await page.addInitScript(() => {
    window.cspViolations = []
    document.addEventListener('securitypolicyviolation', (event) => {
      window.cspViolations?.push(`${event.violatedDirective}: ${event.blockedURI}`)
    })
  })
  const consoleErrors: string[] = []
  page.on('console', (message) => {
    if (/Content.Security.Policy/i.test(message.text())) consoleErrors.push(message.text())
  })

  const shell = await page.goto('/')
  expect(shell?.headers()['content-security-policy']).toContain("frame-ancestors 'none'")
  const app = await new KitchenApp(page).open()
  await page.getByRole('button', { name: 'Create a sample holiday event' }).tap()
  await expect(page.getByRole('heading', { level: 1, name: /^Holiday gifts/ })).toBeVisible()
  for (const show of SCREENS) await show(app)

  // Sync: the API, the live channel and the join link's QR code.
  await page
    .getByRole('form', { name: 'Start syncing' })
    .getByRole('button', { name: 'Create a space' })
    .tap()
  await inviteLink(page)
  await expect(page.getByRole('img', { name: /QR/i })).toBeVisible()

  expect(await page.evaluate(() => window.cspViolations)).toEqual([])
  expect(consoleErrors).toEqual([])
})

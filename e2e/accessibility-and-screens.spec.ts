/**
 * Every screen, filled with the sample holiday data: axe-core finds no serious or critical
 * violations, and a screenshot of each is taken in landscape and portrait (kept under
 * test-results; `UPDATE_README_SCREENSHOTS=1` also refreshes the ones in docs/screenshots).
 */
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { KitchenApp } from './pages/kitchen-app'

type Screen = { name: string; show: (app: KitchenApp) => Promise<void> }

const SCREENS: Screen[] = [
  { name: 'today', show: (app) => app.goTo('Today') },
  ...['Plan', 'Make', 'Deliver', 'Costs'].map((tab) => ({
    name: `event-${tab.toLowerCase()}`,
    show: async (app: KitchenApp) => {
      await app.openEvent('Holiday gifts')
      await app.openTab(tab)
    },
  })),
  ...['Recipes', 'Ingredients', 'Baked items', 'Finished goods', 'Packages'].map((tab) => ({
    name: `catalogue-${tab.toLowerCase().replace(' ', '-')}`,
    show: async (app: KitchenApp) => {
      await app.goTo('Catalogue')
      await app.openTab(tab)
    },
  })),
  { name: 'recipients', show: (app) => app.goTo('Recipients') },
  { name: 'settings', show: (app) => app.goTo('Settings') },
]

const README_SCREENS = new Set(['today', 'event-deliver', 'event-make'])

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze()
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
    )
}

async function settle(page: Page): Promise<void> {
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0)
}

test('the first-run panel has no serious accessibility problems', async ({ page }) => {
  await new KitchenApp(page).open()
  await expect(page.getByRole('heading', { name: 'Welcome to Bake Tracker' })).toBeVisible()
  expect(await seriousViolations(page)).toEqual([])
  await page.screenshot({ path: test.info().outputPath('welcome.png') })
})

for (const orientation of ['landscape', 'portrait'] as const) {
  test(`every screen in ${orientation} has no serious accessibility problems and renders`, async ({
    page,
  }) => {
    test.setTimeout(120_000)
    if (orientation === 'portrait') await page.setViewportSize({ width: 768, height: 1024 })
    const app = await new KitchenApp(page).open()
    await page.getByRole('button', { name: 'Create a sample holiday event' }).tap()
    await expect(page.getByRole('heading', { level: 1, name: /^Holiday gifts/ })).toBeVisible()
    const problems: string[] = []
    for (const screen of SCREENS) {
      await screen.show(app)
      await settle(page)
      problems.push(
        ...(await seriousViolations(page)).map((problem) => `${screen.name}: ${problem}`),
      )
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      )
      expect(overflow, `${screen.name} scrolls sideways`).toBeLessThanOrEqual(0)
      await page.screenshot({
        path: test.info().outputPath(`${screen.name}-${orientation}.png`),
        fullPage: true,
      })
      if (process.env.UPDATE_README_SCREENSHOTS === '1' && README_SCREENS.has(screen.name)) {
        await page.screenshot({ path: `docs/screenshots/${screen.name}-${orientation}.png` })
      }
    }
    expect(problems).toEqual([])
  })
}

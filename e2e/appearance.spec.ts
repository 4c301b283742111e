/**
 * Settings › Appearance on a tablet: the app follows the device into dark mode by default, the
 * baker can choose light or dark, and at 150 % text on a 200 % zoomed screen nothing is clipped or
 * scrolls sideways; the currency symbol shows on every amount.
 */
import { expect, test } from './fixtures'
import { AppearancePage } from './pages/appearance-page'
import { KitchenApp } from './pages/kitchen-app'
import { NavigationPage } from './pages/navigation-page'

test('dark follows the device until the baker chooses, and the choice survives a reload', async ({
  page,
}) => {
  await page.emulateMedia({ colorScheme: 'dark' })
  const app = await new KitchenApp(page).open()
  const appearance = new AppearancePage(page)
  await page.getByRole('button', { name: 'Start empty' }).tap()
  await expect.poll(() => appearance.shownTheme()).toBe('dark')

  await app.goTo('Settings')
  await appearance.chooseColours('Light')
  await expect.poll(() => appearance.shownTheme()).toBe('light')
  await page.reload()
  await expect.poll(() => appearance.shownTheme()).toBe('light')

  await appearance.chooseColours('Like this device')
  await page.emulateMedia({ colorScheme: 'light' })
  await expect.poll(() => appearance.shownTheme()).toBe('light')
  await page.emulateMedia({ colorScheme: 'dark' })
  await expect.poll(() => appearance.shownTheme()).toBe('dark')
})

test.describe('on a 1024×768 tablet zoomed to 200 %', () => {
  // A 1024×768 tablet zoomed to 200 % lays pages out in 512×384 CSS pixels.
  test.use({ viewport: { width: 512, height: 384 } })

  test('at 150 % text and 200 % browser zoom no screen scrolls sideways, and amounts show the symbol', async ({
    page,
  }) => {
    test.setTimeout(90_000)
    const app = await new KitchenApp(page).open()
    const nav = new NavigationPage(page)
    const appearance = new AppearancePage(page)
    await page.getByRole('button', { name: 'Create a sample holiday event' }).tap()
    await nav.expectOn(/^Holiday gifts/, 'Plan')
    await app.goTo('Settings')
    await appearance.chooseTextSize(150)
    await appearance.chooseCurrency('€')

    const screens: [string, () => Promise<void>][] = [
      ['Today', () => app.goTo('Today')],
      ['Settings', () => app.goTo('Settings')],
      ['Recipients', () => app.goTo('Recipients')],
      [
        'Catalogue › Finished goods',
        () => app.goTo('Catalogue').then(() => app.openTab('Finished goods')),
      ],
    ]
    for (const tab of ['Plan', 'Make', 'Deliver', 'Costs']) {
      screens.push([
        `event › ${tab}`,
        async () => {
          await app.openEvent('Holiday gifts')
          await nav.toTop()
          await app.openTab(tab)
        },
      ])
    }
    for (const [name, show] of screens) {
      await show()
      expect(await nav.sidewaysOverflow(), `${name} scrolls sideways`).toBeLessThanOrEqual(0)
    }
    await expect(page.getByText('€40.14').first()).toBeVisible()
  })
})

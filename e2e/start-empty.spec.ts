/**
 * Start empty: Today and every empty list lead the cook through the order things are built in,
 * ingredients → recipes → baked items → finished goods → packages → recipients → event, one tap
 * per step; and the sample event, once tried, goes in one tap.
 */
import { expect, test } from './fixtures'
import { NavigationPage } from './pages/navigation-page'

test('an empty tablet leads from ingredients to the event, one step per tap', async ({ page }) => {
  const nav = new NavigationPage(page)
  await nav.openAddress('/')
  await page.getByRole('button', { name: 'Start empty' }).tap()
  await page.getByRole('button', { name: 'Start with ingredients ›' }).tap()
  await nav.expectOn('Catalogue', 'Ingredients')
  for (const [link, tab] of [
    ['Recipes ›', 'Recipes'],
    ['Baked items ›', 'Baked items'],
    ['Finished goods ›', 'Finished goods'],
    ['Packages ›', 'Packages'],
  ] as const) {
    await page.getByRole('button', { name: link }).tap()
    await nav.expectOn('Catalogue', tab)
  }
  await page.getByRole('button', { name: 'Recipients ›' }).tap()
  await nav.expectOn('Recipients')
  await page.getByRole('button', { name: 'An event ›' }).tap()
  await nav.expectOn('Today')
})

test('the sample event is removed from Today in one tap, and the catalogue stays', async ({
  page,
}) => {
  const nav = new NavigationPage(page)
  await nav.openAddress('/')
  await page.getByRole('button', { name: 'Create a sample holiday event' }).tap()
  await nav.expectOn(/^Holiday gifts/, 'Plan')
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Today' }).tap()
  await page.getByRole('button', { name: 'Remove the sample event' }).tap()
  await expect(page.getByText('Nothing coming up')).toBeVisible()
  await expect(page.getByRole('region', { name: 'Sample event' })).toBeHidden()
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: 'Catalogue' })
    .tap()
  await expect(page.getByRole('list', { name: 'Recipes' }).getByRole('listitem')).not.toHaveCount(0)
})

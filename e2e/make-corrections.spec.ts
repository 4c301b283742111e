/** Mistakes on the Make tab: a batch recorded by accident is removed and stops counting. */
import { expect, test } from './fixtures'
import { KitchenApp } from './pages/kitchen-app'

test('a batch recorded by mistake can be removed after a confirmation and stops counting', async ({
  page,
}) => {
  const kitchen = await new KitchenApp(page).open()
  await page.getByRole('button', { name: 'Create a sample holiday event' }).tap()
  await expect(page.getByRole('heading', { level: 1, name: /^Holiday gifts/ })).toBeVisible()
  await kitchen.openTab('Make')
  const biscotti = page
    .getByRole('region', { name: 'Baking progress' })
    .getByRole('progressbar', { name: 'Almond biscotti' })
  await expect(biscotti).toHaveAttribute('aria-valuetext', '100 %')

  await kitchen.recordBaking('Almond biscotti', 1)
  // 3 batches against a target of 2.
  await expect(biscotti).toHaveAttribute('aria-valuetext', '150 %')

  const recorded = page.getByRole('list', { name: 'Recorded runs' })
  await recorded
    .getByRole('button', { name: /^Remove 1 batch of Almond biscotti/ })
    .first()
    .tap()
  const dialog = page.getByRole('alertdialog', { name: 'Remove this record?' })
  await expect(dialog).toContainText('will no longer count toward progress and costs')
  // Cancelling keeps it.
  await dialog.getByRole('button', { name: 'Cancel' }).tap()
  await expect(biscotti).toHaveAttribute('aria-valuetext', '150 %')

  await recorded
    .getByRole('button', { name: /^Remove 1 batch of Almond biscotti/ })
    .first()
    .tap()
  await dialog.getByRole('button', { name: 'Remove' }).tap()
  await expect(biscotti).toHaveAttribute('aria-valuetext', '100 %')
  await expect(page.getByText('Removed: 1 batch of Almond biscotti')).toBeVisible()
  await page.reload()
  await expect(biscotti).toHaveAttribute('aria-valuetext', '100 %')
})

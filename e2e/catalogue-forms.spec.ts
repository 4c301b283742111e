/**
 * Catalogue forms when the cook gets something wrong: field errors show inline before anything is
 * saved, a refusal by the rules (a taken name, a cycle, an item in use) becomes a plain message,
 * and the form keeps what was typed so nothing has to be entered twice.
 */
import { expect, test, type Page } from './fixtures'
import { KitchenApp } from './pages/kitchen-app'

/** The row whose title is exactly `name` (the details of other rows may mention it). */
function row(page: Page, list: string, name: string) {
  return page
    .getByRole('list', { name: list })
    .getByRole('listitem')
    .filter({ has: page.getByText(name, { exact: true }) })
}

test.beforeEach(async ({ page }) => {
  await new KitchenApp(page).open()
  await page.getByRole('button', { name: 'Create a sample holiday event' }).tap()
  await expect(page.getByRole('heading', { level: 1, name: /^Holiday gifts/ })).toBeVisible()
})

test('an ingredient form shows field errors inline and keeps the typed text when a name is taken', async ({
  page,
}) => {
  const kitchen = new KitchenApp(page)
  await kitchen.goTo('Catalogue')
  await kitchen.openTab('Ingredients')
  await page.getByRole('button', { name: 'New ingredient' }).tap()
  const form = kitchen.form('New ingredient')

  // Nothing typed: the checks run before the service and name the fields.
  await form.getByRole('button', { name: 'Add ingredient' }).tap()
  await expect(form.getByLabel('Name')).toHaveAttribute('aria-invalid', 'true')
  await expect(form.getByLabel(/^Cost per/)).toHaveAttribute('aria-invalid', 'true')

  // A name the catalogue already has (in other letter case): the service refuses, the form stays.
  await form.getByLabel('Name').fill('BUTTER')
  await form.getByLabel(/^Cost per/).fill('0.012')
  await form.getByRole('button', { name: 'Add ingredient' }).tap()
  await expect(form.getByRole('alert')).toHaveText('There is already one called "BUTTER".')
  await expect(form.getByLabel('Name')).toHaveValue('BUTTER')
  await expect(form.getByLabel(/^Cost per/)).toHaveValue('0.012')
  await expect(row(page, 'Ingredients', 'BUTTER')).toHaveCount(0)

  // Fixing the name saves it and closes the form.
  await form.getByLabel('Name').fill('Cultured butter')
  await form.getByRole('button', { name: 'Add ingredient' }).tap()
  await expect(kitchen.form('New ingredient')).toHaveCount(0)
  await expect(row(page, 'Ingredients', 'Cultured butter')).toContainText('0.012 per g')
})

test('editing a recipe changes its ingredient lines, and Cancel leaves it as it was', async ({
  page,
}) => {
  const kitchen = new KitchenApp(page)
  await kitchen.goTo('Catalogue')
  await kitchen.openTab('Recipes')
  const shortbread = row(page, 'Recipes', 'Shortbread')
  const before = await shortbread.textContent()

  await shortbread.getByRole('button', { name: 'Edit Shortbread' }).tap()
  let form = kitchen.form('Edit recipe')
  await form.getByRole('button', { name: 'Remove ingredient line 1' }).tap()
  await form.getByRole('button', { name: 'Cancel' }).tap()
  await expect(shortbread).toHaveText(before ?? '')

  await shortbread.getByRole('button', { name: 'Edit Shortbread' }).tap()
  form = kitchen.form('Edit recipe')
  const lines = await form.getByLabel('Ingredient', { exact: true }).count()
  await form.getByRole('button', { name: 'Add ingredient' }).tap()
  await form
    .getByLabel('Ingredient', { exact: true })
    .nth(lines)
    .selectOption({ label: 'Vanilla extract' })
  await form.getByLabel('Quantity', { exact: true }).nth(lines).fill('5')
  await form.getByLabel('Unit', { exact: true }).nth(lines).selectOption('ml')
  await form.getByRole('button', { name: 'Save' }).tap()
  await expect(kitchen.form('Edit recipe')).toHaveCount(0)
  await expect(shortbread).toContainText('5 ml Vanilla extract')
})

test('a finished good cannot be put inside itself, and the form keeps its lines', async ({
  page,
}) => {
  const kitchen = new KitchenApp(page)
  await kitchen.goTo('Catalogue')
  await kitchen.openTab('Finished goods')
  // The sample's hamper holds a cookie tin; putting the hamper into the tin would be a cycle.
  const tin = row(page, 'Finished goods', 'Cookie tin')
  await tin.getByRole('button', { name: 'Edit Cookie tin' }).tap()
  const form = kitchen.form('Edit finished good')
  const lines = await form.getByLabel('Item', { exact: true }).count()
  await form.getByRole('button', { name: 'Add item' }).tap()
  await form
    .getByLabel('Item', { exact: true })
    .nth(lines)
    .selectOption({ label: 'Deluxe hamper box' })
  await form.getByRole('button', { name: 'Save' }).tap()
  await expect(form.getByRole('alert')).toContainText('cannot contain itself')
  await expect(form.getByLabel('Item', { exact: true })).toHaveCount(lines + 1)
  await expect(tin).not.toContainText('Deluxe hamper box')
})

test('deleting an item in use is refused with the names of what uses it', async ({ page }) => {
  const kitchen = new KitchenApp(page)
  await kitchen.goTo('Catalogue')
  await kitchen.openTab('Ingredients')
  await row(page, 'Ingredients', 'Butter').getByRole('button', { name: 'Delete Butter' }).tap()
  // Deleting always asks first.
  await page
    .getByRole('alertdialog', { name: 'Delete Butter?' })
    .getByRole('button', { name: 'Delete' })
    .tap()
  await expect(page.getByRole('status').or(page.getByRole('alert')).first()).toContainText(
    "Can't delete: it is used by",
  )
  await expect(row(page, 'Ingredients', 'Butter')).toHaveCount(1)
})

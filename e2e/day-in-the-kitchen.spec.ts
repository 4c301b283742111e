import { expect, test } from './fixtures'
import { KitchenApp } from './pages/kitchen-app'

function isoDaysFromToday(days: number): string {
  const date = new Date()
  date.setDate(date.getDate() + days)
  const pad = (value: number) => String(value).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}

/*
 * The numbers below are worked out by hand:
 *   Sugar cookies per batch: flour 500 g = 0.5 kg × 2.00 = 1.00; butter 200 g × 0.0125 = 2.50;
 *     sugar 150 g × 0.002 = 0.30 → 3.80. One batch makes 24 cookies.
 *   Truffles per batch: butter 100 g × 0.0125 = 1.25; sugar 200 g × 0.002 = 0.40 → 1.65; 20 a batch.
 *   Cookie bag = 6 cookies; Gift box = 1 cookie bag + 4 truffles; Family box = 1 gift box;
 *   Small bag = 1 cookie bag.
 *   Alice and Bob get a Family box each, Carol two Small bags: cookies 6 + 6 + 2 × 6 = 24 → 1 batch,
 *   truffles 4 + 4 = 8 → 1 batch. Planned cost 3.80 + 1.65 = 5.45.
 */
test('a full day in the kitchen: catalogue, plan, bake, assemble, deliver and undo, with every count', async ({
  page,
}) => {
  test.setTimeout(240_000)
  const app = await new KitchenApp(page).open()
  expect(await page.evaluate(() => 'ontouchstart' in window)).toBe(true)
  await app.startEmpty()

  await app.addIngredient('Flour', 'kg', '2.00')
  await app.addIngredient('Butter', 'g', '0.0125')
  await app.addIngredient('Sugar', 'g', '0.002')
  await app.addRecipe('Sugar cookies', [
    { ingredient: 'Flour', quantity: '500', unit: 'g' },
    { ingredient: 'Butter', quantity: '200', unit: 'g' },
    { ingredient: 'Sugar', quantity: '150', unit: 'g' },
  ])
  await app.addRecipe('Truffles', [
    { ingredient: 'Butter', quantity: '100', unit: 'g' },
    { ingredient: 'Sugar', quantity: '200', unit: 'g' },
  ])
  await app.addBakedItem('Sugar cookie', 'Sugar cookies', '24', 'cookie')
  await app.addBakedItem('Truffle', 'Truffles', '20', 'truffle')
  await app.addFinishedGood('Cookie bag', [{ item: 'Sugar cookie', quantity: '6' }])
  await app.addFinishedGood('Gift box', [
    { item: 'Cookie bag', quantity: '1' },
    { item: 'Truffle', quantity: '4' },
  ])
  await app.addPackage('Family box', [{ item: 'Gift box', quantity: '1' }])
  await app.addPackage('Small bag', [{ item: 'Cookie bag', quantity: '1' }])
  for (const name of ['Alice', 'Bob', 'Carol']) await app.addRecipient(name)

  // Plan
  await app.createEvent('Christmas gifts', isoDaysFromToday(30))
  await app.assign('Alice', 'Family box')
  await app.assign('Bob', 'Family box')
  await app.assign('Carol', 'Small bag', 2)
  await page.getByRole('button', { name: 'Use what packages need (2 recipes)' }).tap()
  await expect(page.getByLabel('Target batches for Sugar cookies')).toHaveValue('1')
  await expect(page.getByLabel('Target batches for Truffles')).toHaveValue('1')
  await expect(page.getByText('Packages need 24 items = 1 batch')).toBeVisible()
  await page.getByLabel('Target for Gift box').fill('2')
  await page.getByLabel('Target for Gift box').press('Enter')
  const shopping = page.getByRole('table', { name: 'Shopping list' })
  await expect(shopping.getByRole('row', { name: /Flour/ })).toContainText('0.5 kg')
  await expect(shopping.getByRole('row', { name: /Butter/ })).toContainText('300 g')
  await expect(shopping.getByRole('row', { name: /Butter/ })).toContainText('3.75')
  await expect(shopping.getByRole('row', { name: /Total/ })).toContainText('5.45')

  // Deliver before baking: the assemble step says what is missing
  await app.openTab('Deliver')
  await expect(app.deliverCount('all')).toHaveText('3')
  await expect(app.deliverCount('pending')).toHaveText('3')
  await app.tapNextStep('Mark ready', 'Carol', 'Small bag')
  await expect(app.packageCard('Carol', 'Small bag').getByRole('alert')).toContainText(
    'Sugar cookies: 1 batch missing (0 of 1 baked)',
  )
  await app.packageCard('Carol', 'Small bag').getByRole('button', { name: 'Cancel' }).tap()
  await expect(app.deliverCount('pending')).toHaveText('3')

  // Make
  await app.openTab('Make')
  await expect(page.getByText('0 of 1 batch').first()).toBeVisible()
  await app.recordBaking('Sugar cookies', 1)
  await app.recordBaking('Truffles', 1, '18', 'Two cracked')
  await app.recordAssembly('Gift box', 2)
  const progress = page.getByRole('region', { name: 'Baking progress' })
  await expect(progress.getByText('1 of 1 batch')).toHaveCount(2)
  await expect(
    page.getByRole('region', { name: 'Assembly progress' }).getByText('2 of 2'),
  ).toBeVisible()

  // Deliver: every package ready, two delivered, one undone
  await app.openTab('Deliver')
  for (const [recipient, pkg] of [
    ['Alice', 'Family box'],
    ['Bob', 'Family box'],
    ['Carol', 'Small bag'],
  ] as const) {
    await app.tapNextStep('Mark ready', recipient, pkg)
    await expect(app.packageCard(recipient, pkg)).toContainText('Ready')
  }
  await expect(app.deliverCount('pending')).toHaveText('0')
  await expect(app.deliverCount('assembled')).toHaveText('3')
  await app.tapNextStep('Mark delivered', 'Alice', 'Family box')
  await app.tapNextStep('Mark delivered', 'Bob', 'Family box')
  await expect(app.deliverCount('delivered')).toHaveText('2')
  await page
    .getByRole('status')
    .filter({ hasText: 'Bob: Family box delivered' })
    .getByRole('button', { name: 'Undo' })
    .tap()
  await expect(app.packageCard('Bob', 'Family box')).toContainText('Ready')
  await expect(app.deliverCount('all')).toHaveText('3')
  await expect(app.deliverCount('pending')).toHaveText('0')
  await expect(app.deliverCount('assembled')).toHaveText('2')
  await expect(app.deliverCount('delivered')).toHaveText('1')
  await page.getByRole('button', { name: /^Delivered/ }).tap()
  await expect(page.getByRole('list', { name: 'Packages' }).getByRole('listitem')).toHaveCount(1)
  await expect(app.packageCard('Alice', 'Family box')).toBeVisible()

  // Costs
  await app.openTab('Costs')
  const costs = page.getByRole('table', { name: 'Cost by recipe' })
  await expect(costs.getByRole('row', { name: /Sugar cookies/ })).toContainText('3.80')
  await expect(costs.getByRole('row', { name: /Truffles/ })).toContainText('1.65')

  // Today: the card and the dashboard, and they survive a reload
  await app.goTo('Today')
  for (let round = 0; round < 2; round += 1) {
    const card = app.eventCard('Christmas gifts')
    await expect(card).toContainText('2 of 2 batches')
    await expect(card).toContainText('2 of 2 assembled')
    await expect(card).toContainText('1 of 3 delivered')
    const dashboardRow = page
      .getByRole('table', { name: 'Costs by event' })
      .getByRole('row', { name: /Christmas gifts/ })
    await expect(dashboardRow.getByRole('cell')).toHaveText([
      '2 / 2',
      '0',
      '2',
      '1 / 3',
      '5.45',
      '5.45',
    ])
    await page.reload()
  }
})

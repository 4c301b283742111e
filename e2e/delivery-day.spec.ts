/** Delivery day: cards grouped by route, one household delivered in one tap, and one Undo. */
import { expect, test } from './fixtures'
import { DeliverPage } from './pages/deliver-page'
import { KitchenApp } from './pages/kitchen-app'

test('groups by route and delivers all of one household in one action, which one Undo takes back', async ({
  page,
}) => {
  const kitchen = await new KitchenApp(page).open()
  const deliver = new DeliverPage(page)
  // The sample: Ana Okafor has a ready package and one to do; Ben Sato one ready package.
  await kitchen.createSampleEvent()
  const event = (await page.getByRole('heading', { level: 1 }).textContent()) ?? ''
  await kitchen.goTo('Recipients')
  await deliver.setDelivery('Ana Okafor', { route: 'North', order: '2' })
  await deliver.setDelivery('Ben Sato', {
    household: 'Okafor household',
    route: 'North',
    order: '2',
  })
  await deliver.setDelivery('Chloe Aziz', { route: 'North', order: '1' })
  await kitchen.openEvent(event.trim())
  await kitchen.openTab('Deliver')
  await deliver.groupBy('Route')

  const north = deliver.group('North')
  await expect(north.getByRole('list')).toHaveCount(2)
  await expect(north.getByRole('list').first()).toHaveAccessibleName('Packages: Aziz household')
  const okafors = deliver.household('North', 'Okafor household')
  await expect(okafors.getByRole('listitem')).toHaveCount(3)
  await expect(deliver.group('No route')).toBeVisible()

  await deliver.deliverAll('Okafor household')
  const toast = page
    .getByRole('status')
    .filter({ hasText: 'Okafor household: 2 packages delivered' })
  await expect(toast).toBeVisible()
  await expect(
    okafors.getByRole('button', { name: /^Move back to Ready: Ana Okafor,/ }),
  ).toHaveCount(1)
  await expect(okafors.getByRole('button', { name: /^Move back to Ready: Ben Sato,/ })).toHaveCount(
    1,
  )
  // Ana's package still to do stays where it was.
  await expect(okafors.getByRole('button', { name: /^Mark ready: Ana Okafor,/ })).toHaveCount(1)

  await toast.getByRole('button', { name: 'Undo' }).tap()
  await expect(okafors.getByRole('button', { name: /^Mark delivered: Ana Okafor,/ })).toHaveCount(1)
  await expect(okafors.getByRole('button', { name: /^Mark delivered: Ben Sato,/ })).toHaveCount(1)
  await expect(okafors.getByRole('button', { name: /^Mark ready: Ana Okafor,/ })).toHaveCount(1)
})

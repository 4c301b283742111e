/** Page object for delivery day: a recipient's household and route, and the grouped Deliver tab. */
import { expect, type Locator, type Page } from '@playwright/test'

export class DeliverPage {
  constructor(readonly page: Page) {}

  /** On Recipients: edit a recipient's household, route and order in the route, and save. */
  async setDelivery(
    name: string,
    fields: { household?: string; route?: string; order?: string },
  ): Promise<void> {
    await this.page.getByRole('button', { name: `Edit ${name}` }).tap()
    const form = this.page.getByRole('form', { name: 'Edit recipient' })
    if (fields.household !== undefined) await form.getByLabel('Household').fill(fields.household)
    if (fields.route !== undefined) await form.getByLabel('Delivery route').fill(fields.route)
    if (fields.order !== undefined) await form.getByLabel('Order in route').fill(fields.order)
    await form.getByRole('button', { name: 'Save' }).tap()
    await expect(form).toBeHidden()
  }

  /** On the Deliver tab: group the cards ("No grouping", "Household", "Route"). */
  async groupBy(label: 'No grouping' | 'Household' | 'Route'): Promise<void> {
    const chip = this.page.getByRole('group', { name: 'Group by' }).getByRole('button', {
      name: label,
    })
    await chip.tap()
    await expect(chip).toHaveAttribute('aria-pressed', 'true')
  }

  group(title: string): Locator {
    return this.page.getByRole('region', { name: title })
  }

  /** The cards of one household inside a group. */
  household(group: string, household: string): Locator {
    return this.group(group).getByRole('list', { name: `Packages: ${household}` })
  }

  async deliverAll(household: string): Promise<void> {
    await this.page
      .getByRole('button', { name: `Deliver all for this household: ${household}` })
      .tap()
  }
}

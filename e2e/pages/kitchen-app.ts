/**
 * Page object for the tablet app: intent-level steps a baker takes (tapping, choosing, typing)
 * and locators for what the tests check. Specs read like the day in the kitchen they describe.
 */
import { expect, type Locator, type Page } from '@playwright/test'

export type IngredientLine = { ingredient: string; quantity: string; unit: string }
export type ComponentLine = { item: string; quantity: string }

export class KitchenApp {
  constructor(readonly page: Page) {}

  async open(path = '/'): Promise<this> {
    await this.page.goto(path)
    return this
  }

  /** On an empty tablet, the first-run panel: tap "Start empty". */
  async startEmpty(): Promise<void> {
    await this.page.getByRole('button', { name: 'Start empty' }).tap()
    await expect(this.page.getByRole('heading', { name: 'Today' })).toBeVisible()
  }

  async goTo(section: 'Today' | 'Catalogue' | 'Recipients' | 'Settings'): Promise<void> {
    await this.page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: section })
      .tap()
  }

  async openTab(name: string): Promise<void> {
    await this.page.getByRole('tab', { name: new RegExp(`^${name}`) }).tap()
  }

  form(name: string): Locator {
    return this.page.getByRole('form', { name })
  }

  async addIngredient(name: string, unit: string, unitCost: string): Promise<void> {
    await this.goTo('Catalogue')
    await this.openTab('Ingredients')
    await this.page.getByRole('button', { name: 'New ingredient' }).tap()
    const form = this.form('New ingredient')
    await form.getByLabel('Name').fill(name)
    await form.getByLabel('Bought by').selectOption(unit)
    await form.getByLabel(/^Cost per/).fill(unitCost)
    await form.getByRole('button', { name: 'Add ingredient' }).tap()
    await expect(this.catalogueRow('Ingredients', name)).toBeVisible()
  }

  async addRecipe(name: string, lines: IngredientLine[]): Promise<void> {
    await this.goTo('Catalogue')
    await this.openTab('Recipes')
    await this.page.getByRole('button', { name: 'New recipe' }).tap()
    const form = this.form('New recipe')
    await form.getByLabel('Name').fill(name)
    for (const [index, line] of lines.entries()) {
      await form.getByRole('button', { name: 'Add ingredient' }).tap()
      await form
        .getByLabel('Ingredient', { exact: true })
        .nth(index)
        .selectOption({ label: line.ingredient })
      await form.getByLabel('Quantity', { exact: true }).nth(index).fill(line.quantity)
      await form.getByLabel('Unit', { exact: true }).nth(index).selectOption(line.unit)
    }
    await form.getByRole('button', { name: 'Add recipe' }).tap()
    await expect(this.catalogueRow('Recipes', name)).toBeVisible()
  }

  async addBakedItem(
    name: string,
    recipe: string,
    itemsPerBatch: string,
    called: string,
  ): Promise<void> {
    await this.goTo('Catalogue')
    await this.openTab('Baked items')
    await this.page.getByRole('button', { name: 'New baked item' }).tap()
    const form = this.form('New baked item')
    await form.getByLabel('Name').fill(name)
    await form.getByLabel('Recipe').selectOption({ label: recipe })
    await form.getByLabel('Items per batch').fill(itemsPerBatch)
    await form.getByLabel('Called').fill(called)
    await form.getByRole('button', { name: 'Add baked item' }).tap()
    await expect(this.catalogueRow('Baked items', name)).toBeVisible()
  }

  async addFinishedGood(name: string, components: ComponentLine[]): Promise<void> {
    await this.goTo('Catalogue')
    await this.openTab('Finished goods')
    await this.page.getByRole('button', { name: 'New finished good' }).tap()
    const form = this.form('New finished good')
    await form.getByLabel('Name').fill(name)
    for (const [index, line] of components.entries()) {
      await form.getByRole('button', { name: 'Add item' }).tap()
      await form.getByLabel('Item', { exact: true }).nth(index).selectOption({ label: line.item })
      await form.getByLabel('How many').nth(index).fill(line.quantity)
    }
    await form.getByRole('button', { name: 'Add finished good' }).tap()
    await expect(this.catalogueRow('Finished goods', name)).toBeVisible()
  }

  async addPackage(name: string, contents: ComponentLine[]): Promise<void> {
    await this.goTo('Catalogue')
    await this.openTab('Packages')
    await this.page.getByRole('button', { name: 'New package' }).tap()
    const form = this.form('New package')
    await form.getByLabel('Name').fill(name)
    for (const [index, line] of contents.entries()) {
      await form.getByRole('button', { name: 'Add finished good' }).tap()
      await form
        .getByLabel('Finished good', { exact: true })
        .nth(index)
        .selectOption({ label: line.item })
      await form.getByLabel('How many').nth(index).fill(line.quantity)
    }
    await form.getByRole('button', { name: 'Add package' }).tap()
    await expect(this.catalogueRow('Packages', name)).toBeVisible()
  }

  catalogueRow(list: string, name: string): Locator {
    return this.page
      .getByRole('list', { name: list })
      .getByRole('listitem')
      .filter({ hasText: name })
  }

  async addRecipient(name: string, household = ''): Promise<void> {
    await this.goTo('Recipients')
    await this.page.getByRole('button', { name: 'New recipient' }).tap()
    const form = this.form('New recipient')
    await form.getByLabel('Name').fill(name)
    if (household) await form.getByLabel('Household').fill(household)
    await form.getByRole('button', { name: 'Add recipient' }).tap()
    await expect(
      this.page.getByRole('list', { name: 'Recipients' }).getByText(name, { exact: true }),
    ).toBeVisible()
  }

  async createEvent(name: string, isoDate: string): Promise<void> {
    await this.goTo('Today')
    await this.page.getByRole('button', { name: 'New event' }).tap()
    const form = this.form('New event')
    await form.getByLabel('Event name').fill(name)
    await form.getByLabel('Date').fill(isoDate)
    await form.getByRole('button', { name: 'Create event' }).tap()
    await expect(this.page.getByRole('heading', { level: 1, name })).toBeVisible()
  }

  async openEvent(name: string): Promise<void> {
    await this.goTo('Today')
    await this.eventCard(name).tap()
    await expect(this.page.getByRole('heading', { level: 1, name })).toBeVisible()
  }

  eventCard(name: string): Locator {
    // The cards, not the dashboard's links with the same name.
    return this.page
      .getByRole('list', { name: /^(Upcoming|Past) events$/ })
      .getByRole('button', { name: new RegExp(`^${name}`) })
  }

  async assign(recipient: string, pkg: string, quantity = 1): Promise<void> {
    const form = this.form('Assign a package')
    await form.getByLabel('Recipient').selectOption({ label: recipient })
    await form.getByLabel('Package').selectOption({ label: pkg })
    for (let count = 1; count < quantity; count += 1) {
      await form.getByRole('button', { name: 'Quantity: one more' }).tap()
    }
    await form.getByRole('button', { name: 'Assign package' }).tap()
    await expect(
      this.page
        .getByRole('list', { name: 'Assigned packages' })
        .getByRole('listitem')
        .filter({ hasText: recipient })
        .filter({ hasText: pkg }),
    ).toBeVisible()
  }

  async recordBaking(
    recipe: string,
    batches: number,
    goodItems?: string,
    lossReason?: string,
  ): Promise<void> {
    const form = this.form('Record baking')
    await form.getByLabel('Recipe').selectOption({ label: `${recipe} (planned)` })
    for (let count = 1; count < batches; count += 1) {
      await form.getByRole('button', { name: 'Batches: one more' }).tap()
    }
    if (goodItems !== undefined) await form.getByLabel('Good items').fill(goodItems)
    if (lossReason !== undefined) await form.getByLabel('What happened?').fill(lossReason)
    await form.getByRole('button', { name: 'Record baking' }).tap()
    await expect(
      this.page
        .getByRole('status')
        .filter({ hasText: `of ${recipe}` })
        .first(),
    ).toBeVisible()
  }

  async recordAssembly(good: string, quantity: number): Promise<void> {
    const form = this.form('Record assembly')
    await form.getByLabel('Finished good').selectOption({ label: good })
    await form.getByRole('textbox', { name: 'How many', exact: true }).fill(String(quantity))
    await form.getByRole('button', { name: 'Record assembly' }).tap()
    await expect(
      this.page
        .getByRole('status')
        .filter({ hasText: `${quantity} × ${good}` })
        .first(),
    ).toBeVisible()
  }

  packageCard(recipient: string, pkg: string): Locator {
    return this.page
      .getByRole('list', { name: 'Packages' })
      .getByRole('listitem')
      .filter({ hasText: recipient })
      .filter({ hasText: pkg })
  }

  async tapNextStep(
    step: 'Mark ready' | 'Mark delivered',
    recipient: string,
    pkg: string,
  ): Promise<void> {
    await this.page.getByRole('button', { name: `${step}: ${recipient}, ${pkg}` }).tap()
  }

  /** Tap a status filter on the Deliver tab ("All", "To assemble", "Ready", "Delivered"). */
  async showOnly(label: string): Promise<void> {
    const chip = this.page
      .getByRole('group', { name: 'Show packages' })
      .getByRole('button', { name: new RegExp(`^${label}`) })
    await chip.tap()
    await expect(chip).toHaveAttribute('aria-pressed', 'true')
  }

  deliverCount(filter: 'all' | 'pending' | 'assembled' | 'delivered'): Locator {
    return this.page.getByTestId(`count-${filter}`)
  }

  /** First run: the sample holiday event, then its event screen. */
  async createSampleEvent(): Promise<void> {
    await this.page.getByRole('button', { name: 'Create a sample holiday event' }).tap()
    await expect(this.page.getByRole('heading', { level: 1, name: /^Holiday gifts/ })).toBeVisible()
  }

  /**
   * Record baking by typing the batch count as a cook does: tap the field (its text is selected),
   * Backspace, then type. Returns once the "Recorded …" message shows.
   */
  async recordBakingTyped(recipe: string, typed: string): Promise<void> {
    const form = this.form('Record baking')
    await form.getByLabel('Recipe').selectOption({ label: `${recipe} (planned)` })
    const batches = form.getByRole('textbox', { name: 'Batches', exact: true })
    await batches.tap()
    await batches.press('Backspace')
    await expect(batches).toHaveValue('')
    await batches.pressSequentially(typed)
    await form.getByRole('button', { name: 'Record baking' }).tap()
  }

  /** The toast (message with its Undo) whose text matches. */
  toast(text: string | RegExp): Locator {
    return this.page.getByRole('status').filter({ hasText: text })
  }

  /** The Plan tab's row of an assigned package. */
  assignmentRow(recipient: string, pkg: string): Locator {
    return this.page
      .getByRole('list', { name: 'Assigned packages' })
      .getByRole('listitem')
      .filter({ hasText: recipient })
      .filter({ hasText: pkg })
  }

  async removeAssignment(recipient: string, pkg: string): Promise<void> {
    await this.page.getByRole('button', { name: `Remove ${pkg} for ${recipient}` }).tap()
  }

  /** Every textbox of a form, for the bad-input sweep. */
  textboxes(form: Locator): Locator {
    return form.getByRole('textbox')
  }

  /** A form's submit button (Add…, Save, Create…, Assign…, Record…, Join). */
  submitButton(form: Locator): Locator {
    return form.getByRole('button', { name: /^(Add |Save|Create |Assign |Record |Join)/ }).last()
  }
}

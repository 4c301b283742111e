/**
 * Page object for the events on the Today screen: intent-level actions and locators for assertions.
 * Creating an event opens it (its Plan tab); `createEventByTapping` comes back to Today so that
 * tests can look for the new card.
 */
import { expect, type Locator, type Page } from '@playwright/test'

export class EventsPage {
  readonly heading: Locator
  readonly newEventButton: Locator
  readonly nameInput: Locator
  readonly dateInput: Locator
  readonly createButton: Locator
  readonly list: Locator

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Today', level: 1 })
    this.newEventButton = page.getByRole('button', { name: 'New event' })
    this.nameInput = page.getByLabel('Event name')
    this.dateInput = page.getByLabel('Date')
    this.createButton = page.getByRole('button', { name: 'Create event' })
    this.list = page.getByRole('list', { name: 'Upcoming events' })
  }

  /** Open the app on Today; on an empty tablet, choose "Start empty" on the welcome panel. */
  async open(): Promise<this> {
    await this.page.goto('/')
    const startEmpty = this.page.getByRole('button', { name: 'Start empty' })
    await expect(this.heading.or(startEmpty)).toBeVisible()
    if (await startEmpty.isVisible()) await startEmpty.tap()
    await expect(this.heading).toBeVisible()
    return this
  }

  async backToToday(): Promise<void> {
    await this.page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: 'Today' })
      .tap()
    await expect(this.heading).toBeVisible()
  }

  /** Fill and submit the new-event form; a valid event opens, then we return to Today. */
  async createEventByTapping(name: string, isoDate: string): Promise<void> {
    if (!(await this.heading.isVisible())) await this.backToToday()
    if (!(await this.nameInput.isVisible())) await this.newEventButton.tap()
    await this.nameInput.tap()
    await this.nameInput.fill(name)
    await this.dateInput.tap()
    await this.dateInput.fill(isoDate)
    await this.createButton.tap()
    if (name.trim() === '') return
    await expect(this.page.getByRole('heading', { name, level: 1 })).toBeVisible()
    await this.backToToday()
  }

  event(name: string): Locator {
    return this.list.getByRole('listitem').filter({ hasText: name })
  }
}

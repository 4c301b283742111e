/** Page object for the events screen: intent-level actions and locators for assertions. */
import type { Locator, Page } from '@playwright/test'

export class EventsPage {
  readonly heading: Locator
  readonly nameInput: Locator
  readonly dateInput: Locator
  readonly createButton: Locator
  readonly list: Locator

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Events' })
    this.nameInput = page.getByLabel('Event name')
    this.dateInput = page.getByLabel('Date')
    this.createButton = page.getByRole('button', { name: 'Create event' })
    this.list = page.getByRole('list', { name: 'Events' })
  }

  async open(): Promise<this> {
    await this.page.goto('/')
    return this
  }

  async createEventByTapping(name: string, isoDate: string): Promise<void> {
    await this.nameInput.tap()
    await this.nameInput.fill(name)
    await this.dateInput.tap()
    await this.dateInput.fill(isoDate)
    await this.createButton.tap()
  }

  event(name: string): Locator {
    return this.list.getByRole('listitem').filter({ hasText: name })
  }
}

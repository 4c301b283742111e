/** Page object for Recipients: a recipient's history panel, this time's packages first. */
import { type Locator, type Page } from '@playwright/test'

export class RecipientsPage {
  constructor(readonly page: Page) {}

  async openHistory(name: string): Promise<void> {
    await this.page.getByRole('button', { name: `History of ${name}` }).tap()
  }

  /** What the recipient gets in the current events, one item per package with its status. */
  thisTime(name: string): Locator {
    return this.page.getByRole('list', { name: `${name} this time` }).getByRole('listitem')
  }
}

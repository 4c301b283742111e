/**
 * Page object for two tablets sharing one space on the real server: tablet A creates the sample
 * event and a space, tablet B joins by A's link, both end on the event's Deliver tab. Each tablet
 * offers the Deliver steps by card ("Recipient, Package") and can lose and regain its network.
 */
import { expect, type Browser, type Locator, type Page } from '@playwright/test'
import { KitchenApp } from './kitchen-app'
import { createSpace, inviteLink, joinByLink, openTablet } from './sync-waits'

export class DeliverTablet extends KitchenApp {
  constructor(
    page: Page,
    readonly name: string,
  ) {
    super(page)
  }

  async goOffline(): Promise<void> {
    await this.page.context().setOffline(true)
  }

  async goOnline(): Promise<void> {
    await this.page.context().setOffline(false)
  }

  /** "Recipient, Package" of every card whose next step is "Mark delivered". */
  async readyPackages(): Promise<string[]> {
    const buttons = this.page
      .getByRole('list', { name: 'Packages' })
      .getByRole('button', { name: /^Mark delivered: / })
    await expect(buttons.first()).toBeVisible()
    const labels = await buttons.evaluateAll((elements) =>
      elements.map((element) => element.getAttribute('aria-label') ?? ''),
    )
    return labels.map((label) => label.replace(/^Mark delivered: /, ''))
  }

  async markDelivered(card: string): Promise<void> {
    await this.page.getByRole('button', { name: `Mark delivered: ${card}` }).tap()
    await this.expectDelivered(card)
  }

  /** "Move back" on a card, to the status before the one it shows. */
  async moveBack(card: string, to: 'To do' | 'Ready'): Promise<void> {
    await this.page.getByRole('button', { name: `Move back to ${to}: ${card}` }).tap()
  }

  /** Delivered: its next step is gone and it can be moved back to Ready. */
  async expectDelivered(card: string, timeout = 5_000): Promise<void> {
    await expect(
      this.page.getByRole('button', { name: `Move back to Ready: ${card}` }),
    ).toBeVisible({ timeout })
    await expect(this.page.getByRole('button', { name: `Mark delivered: ${card}` })).toHaveCount(0)
  }

  /** Ready: its next step is "Mark delivered". */
  async expectReady(card: string, timeout = 5_000): Promise<void> {
    await expect(this.page.getByRole('button', { name: `Mark delivered: ${card}` })).toBeVisible({
      timeout,
    })
  }

  /** To do: its next step is "Mark ready". */
  async expectToDo(card: string, timeout = 5_000): Promise<void> {
    await expect(this.page.getByRole('button', { name: `Mark ready: ${card}` })).toBeVisible({
      timeout,
    })
  }

  /** Open a card's status history; returns the list of its lines. */
  async openHistory(card: string): Promise<Locator> {
    await this.page.getByRole('button', { name: `History: ${card}` }).tap()
    const history = this.page.getByRole('list', { name: `Status history: ${card}` })
    await expect(history).toBeVisible()
    return history
  }

  async close(): Promise<void> {
    await this.page.context().close()
  }
}

/** A creates the sample event and a space; B joins by A's link; both on the Deliver tab. */
export async function twoJoinedTablets(
  browser: Browser,
  baseURL: string | undefined,
): Promise<{ a: DeliverTablet; b: DeliverTablet }> {
  const a = new DeliverTablet(await openTablet(browser, baseURL), 'A')
  const b = new DeliverTablet(await openTablet(browser, baseURL), 'B')
  await a.open()
  await a.page.getByRole('button', { name: 'Create a sample holiday event' }).tap()
  await expect(a.page.getByRole('heading', { level: 1, name: /^Holiday gifts/ })).toBeVisible()

  await a.goTo('Settings')
  await createSpace(a.page)
  // B has everything A made once its first sync is done.
  await joinByLink(b.page, await inviteLink(a.page))
  await b.goTo('Today')
  await expect(b.eventCard('Holiday gifts')).toBeVisible()
  for (const tablet of [a, b]) {
    await tablet.openEvent('Holiday gifts')
    await tablet.openTab('Deliver')
  }
  const packages = (await a.deliverCount('all').textContent()) ?? ''
  await expect(b.deliverCount('all')).toHaveText(packages)
  await expect(b.deliverCount('assembled')).toHaveText(
    (await a.deliverCount('assembled').textContent()) ?? '',
  )
  return { a, b }
}

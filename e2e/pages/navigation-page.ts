/**
 * Page object for moving around by address: the browser's Back and Forward, reload, opening an
 * address directly, and what the address and the screen say about where the baker is.
 */
import { expect, type Locator, type Page } from '@playwright/test'

export class NavigationPage {
  readonly selectedTab: Locator
  readonly screenHeading: Locator

  constructor(readonly page: Page) {
    this.selectedTab = page.getByRole('tab', { selected: true })
    this.screenHeading = page.getByRole('heading', { level: 1 })
  }

  /** The path (no origin) the address bar shows, with any query and fragment. */
  address(): string {
    const url = new URL(this.page.url())
    return `${url.pathname}${url.search}${url.hash}`
  }

  async back(): Promise<void> {
    await this.page.goBack()
  }

  /** Back as the baker presses it, without waiting for a page to load (it may be refused). */
  async pressBack(): Promise<void> {
    await this.page.evaluate(() => {
      history.back()
    })
  }

  async forward(): Promise<void> {
    await this.page.goForward()
  }

  async reload(): Promise<void> {
    await this.page.reload()
  }

  /** Scroll back to the top of the page (the header and tabs in view). */
  async toTop(): Promise<void> {
    await this.page.evaluate(() => {
      window.scrollTo(0, 0)
    })
  }

  async openAddress(path: string): Promise<void> {
    await this.page.goto(path)
  }

  /** Expect to be on `heading` (the screen's h1), with `tab` selected when given. */
  async expectOn(heading: string | RegExp, tab?: string): Promise<void> {
    await expect(this.screenHeading).toHaveText(heading)
    if (tab) await expect(this.selectedTab).toHaveText(new RegExp(`^${tab}`))
  }

  /** Every address in this tab's history from here back to the first (it walks Back to the start). */
  async addressesBackToStart(): Promise<string[]> {
    const seen = [this.page.url()]
    for (;;) {
      const response = await this.page.goBack()
      if (!response && this.page.url() === seen[seen.length - 1]) break
      seen.push(this.page.url())
      if (this.page.url() === 'about:blank') break
    }
    return seen
  }

  /** How many of `items` are wholly inside the window, as the page is scrolled now. */
  async whollyVisibleCount(items: Locator): Promise<number> {
    return items.evaluateAll(
      (elements) =>
        elements.filter((element) => {
          const box = element.getBoundingClientRect()
          return box.top >= 0 && box.bottom <= window.innerHeight && box.height > 0
        }).length,
    )
  }

  /** How many of `items` lie wholly between the screen's left and right edges. */
  async wholeWidthCount(items: Locator): Promise<number> {
    const width = this.page.viewportSize()?.width ?? 0
    return items.evaluateAll(
      (elements, right) =>
        elements.filter((element) => {
          const box = element.getBoundingClientRect()
          return box.left >= 0 && box.right <= right && box.width > 0
        }).length,
      width,
    )
  }

  /**
   * How far the page reaches past the right edge of the screen, in CSS pixels (0 when nothing
   * scrolls sideways). Measured against the viewport Playwright set, because a mobile browser
   * widens `innerWidth` to fit content that is too wide.
   */
  async sidewaysOverflow(): Promise<number> {
    const width = this.page.viewportSize()?.width ?? 0
    return this.page.evaluate(
      (screenWidth) => document.documentElement.scrollWidth - screenWidth,
      width,
    )
  }

  /** The elements that reach past the right edge of the screen (to say what overflows). */
  async widerThanScreen(): Promise<string[]> {
    const width = this.page.viewportSize()?.width ?? 0
    return this.page.evaluate((screenWidth) => {
      const found: string[] = []
      for (const element of Array.from(document.body.querySelectorAll('*'))) {
        const box = element.getBoundingClientRect()
        if (box.width > 0 && box.right > screenWidth + 0.5) {
          const name = `${element.tagName.toLowerCase()}.${Array.from(element.classList).join('.')}`
          found.push(`${name} → ${Math.round(box.right)}`)
        }
      }
      return found.slice(0, 12)
    }, width)
  }
}

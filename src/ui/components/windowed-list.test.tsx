// @vitest-environment happy-dom
import { act, cleanup, render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { WindowedList, WINDOW_FROM } from './windowed-list'

type Row = { id: string; name: string }

const rowsOf = (count: number): Row[] =>
  Array.from({ length: count }, (_, index) => ({ id: `r${index}`, name: `Recipient ${index}` }))

function List({ rows, scrollToKey }: { rows: Row[]; scrollToKey?: string }) {
  return (
    <WindowedList
      className="package-cards"
      estimatedItemPx={96}
      rows={rows}
      scrollToKey={scrollToKey ?? null}
      rowKey={(row) => row.id}
      renderRow={(row) => (
        <li key={row.id}>
          <button type="button">{row.name}</button>
        </li>
      )}
      label="Packages"
    />
  )
}

afterEach(() => {
  cleanup()
  vi.restoreAllMocks()
  Object.defineProperty(window, 'scrollY', { value: 0, configurable: true })
})

describe('WindowedList', () => {
  it('renders every card of a short list', () => {
    render(<List rows={rowsOf(WINDOW_FROM - 1)} />)
    const list = screen.getByRole('list', { name: 'Packages' })
    expect(within(list).getAllByRole('listitem')).toHaveLength(WINDOW_FROM - 1)
  })

  it('renders only the cards near the viewport of a 500-card list, and the others when scrolled to', async () => {
    // happy-dom lays nothing out: the list sits at the page's top and moves up as the page scrolls.
    vi.spyOn(Element.prototype, 'getBoundingClientRect').mockImplementation(
      () => new DOMRect(0, -window.scrollY, 0, 0),
    )
    render(<List rows={rowsOf(500)} />)
    const list = screen.getByRole('list', { name: 'Packages' })
    const shown = within(list).getAllByRole('listitem')
    expect(shown.length).toBeGreaterThan(5)
    expect(shown.length).toBeLessThan(40)
    expect(within(list).getByRole('button', { name: 'Recipient 0' })).toBeTruthy()
    expect(within(list).queryByRole('button', { name: 'Recipient 400' })).toBeNull()
    // The spacer below stands for the cards not rendered, so the page keeps its full height.
    expect(Number.parseFloat(list.style.paddingBottom)).toBeGreaterThan(400 * 96)

    await act(async () => {
      // The page cannot scroll without a layout: set where it would be.
      Object.defineProperty(window, 'scrollY', { value: 400 * (96 + 12), configurable: true })
      window.dispatchEvent(new Event('scroll'))
      await new Promise((resolve) => requestAnimationFrame(resolve))
    })
    expect(within(list).getByRole('button', { name: 'Recipient 400' })).toBeTruthy()
    expect(within(list).queryByRole('button', { name: 'Recipient 0' })).toBeNull()
    expect(within(list).getAllByRole('listitem').length).toBeLessThan(40)
  })

  it('scrolls a long list to the card a packing label opens, so that card is rendered', async () => {
    vi.spyOn(Element.prototype, 'getBoundingClientRect').mockImplementation(
      () => new DOMRect(0, -window.scrollY, 0, 0),
    )
    // The virtualizer clamps a scroll to the page's height, which happy-dom does not lay out.
    vi.spyOn(document.documentElement, 'scrollHeight', 'get').mockReturnValue(500 * (96 + 12))
    const scrolled: number[] = []
    vi.spyOn(window, 'scrollTo').mockImplementation(((options: ScrollToOptions) => {
      scrolled.push(options.top ?? 0)
      Object.defineProperty(window, 'scrollY', { value: options.top ?? 0, configurable: true })
      window.dispatchEvent(new Event('scroll'))
    }) as typeof window.scrollTo)
    render(<List rows={rowsOf(500)} scrollToKey="r400" />)
    await act(async () => {
      await new Promise((resolve) => requestAnimationFrame(resolve))
    })
    expect(Math.max(...scrolled)).toBeGreaterThan(390 * (96 + 12))
    const list = screen.getByRole('list', { name: 'Packages' })
    expect(within(list).getByRole('button', { name: 'Recipient 400' })).toBeTruthy()
  })
})

/**
 * A list of cards or rows that stays fast however long it grows (the Deliver tab's packages, the
 * recipients). A long list renders only the items in and near the viewport (windowing with
 * @tanstack/react-virtual, the page itself scrolling), with spacers above and below standing for
 * the rest, so a tap's frame styles and paints a few items, not hundreds. A short list (the common
 * case) renders every item. The list stays a `<ul>` of `<li>` items.
 */
import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react'
import { useWindowVirtualizer } from '@tanstack/react-virtual'

/** From this many items the list is windowed; below it, find-in-page and Tab reach every item. */
export const WINDOW_FROM = 60
/** The lists' `gap` (screens.css: `.package-cards`, `.row-list`). */
const GAP_PX = 12

type Props<TRow> = {
  rows: readonly TRow[]
  rowKey: (row: TRow) => string
  /** Renders one `<li>` item. */
  renderRow: (row: TRow) => ReactNode
  label: string
  /** The `<ul>`'s class (its look and its gap). */
  className: string
  /** An item's height before it is measured, at 1024×768. */
  estimatedItemPx: number
  /**
   * The key of an item to bring into view (a packing label's QR code opens a card): a windowed list
   * scrolls to it so it is rendered, and the item focuses itself.
   */
  scrollToKey?: string | null
}

export function WindowedList<TRow>(props: Props<TRow>) {
  if (props.rows.length < WINDOW_FROM)
    return (
      <ul className={props.className} aria-label={props.label}>
        {props.rows.map((row) => props.renderRow(row))}
      </ul>
    )
  return <Windowed {...props} />
}

function Windowed<TRow>({
  rows,
  rowKey,
  renderRow,
  label,
  className,
  estimatedItemPx,
  scrollToKey,
}: Props<TRow>) {
  const listRef = useRef<HTMLUListElement>(null)
  // Where the list starts on the page: the virtualizer counts positions from the page's top.
  const [listTop, setListTop] = useState(0)
  // After every render (what is above the list may have changed height); it sets state only when
  // the top moved, so it settles at once.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useLayoutEffect(() => {
    const list = listRef.current
    if (!list) return
    const top = Math.round(list.getBoundingClientRect().top + window.scrollY)
    if (top !== listTop) setListTop(top)
  })
  const virtualizer = useWindowVirtualizer({
    count: rows.length,
    estimateSize: () => estimatedItemPx,
    overscan: 6,
    gap: GAP_PX,
    scrollMargin: listTop,
    // An item not laid out (height 0) keeps its estimate rather than collapsing the list.
    measureElement: (element) => element.getBoundingClientRect().height || estimatedItemPx,
    getItemKey: (index) => {
      const row = rows[index]
      return row === undefined ? index : rowKey(row)
    },
  })
  const targetIndex = scrollToKey ? rows.findIndex((row) => rowKey(row) === scrollToKey) : -1
  useEffect(() => {
    if (targetIndex >= 0) virtualizer.scrollToIndex(targetIndex, { align: 'center' })
  }, [targetIndex, virtualizer])
  const items = virtualizer.getVirtualItems()
  // Each rendered item is measured (its real height, and again when it grows or shrinks).
  useLayoutEffect(() => {
    const list = listRef.current
    if (!list) return
    const cards = [...list.children]
    cards.forEach((card, position) => {
      const item = items[position]
      if (!item) return
      card.setAttribute('data-index', String(item.index))
      virtualizer.measureElement(card)
    })
  })
  const first = items[0]
  const last = items[items.length - 1]
  const before = first ? first.start - listTop : 0
  const after = last ? Math.max(0, virtualizer.getTotalSize() - (last.end - listTop)) : 0
  return (
    <ul
      ref={listRef}
      className={className}
      aria-label={label}
      data-windowed=""
      style={{ paddingTop: before, paddingBottom: after }}
    >
      {items.map((item) => {
        const row = rows[item.index]
        return row === undefined ? null : renderRow(row)
      })}
    </ul>
  )
}

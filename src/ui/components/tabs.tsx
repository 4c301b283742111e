/** Big, touch-friendly tabs (a tablist of buttons); the panel is rendered by the caller. */
type Tab<TId extends string> = { id: TId; label: string; badge?: string }

type Props<TId extends string> = {
  label: string
  tabs: readonly Tab<TId>[]
  current: TId
  onSelect: (id: TId) => void
}

export function Tabs<TId extends string>({ label, tabs, current, onSelect }: Props<TId>) {
  return (
    <div className="tabs" role="tablist" aria-label={label}>
      {tabs.map((tab) => (
        <button
          key={tab.id}
          type="button"
          role="tab"
          id={`tab-${tab.id}`}
          aria-selected={tab.id === current}
          aria-controls={`panel-${tab.id}`}
          className="tab"
          onClick={() => onSelect(tab.id)}
        >
          {tab.label}
          {tab.badge && <span className="tab-badge">{tab.badge}</span>}
        </button>
      ))}
    </div>
  )
}

/**
 * `heading`: the tab's name as the panel's (visually hidden) h2, so the headings inside a panel
 * (h3 form titles) follow the screen's h1 in order for screen readers.
 */
export function TabPanel({
  id,
  heading,
  children,
}: {
  id: string
  heading?: string
  children: React.ReactNode
}) {
  return (
    <section role="tabpanel" id={`panel-${id}`} aria-labelledby={`tab-${id}`} className="tab-panel">
      {heading && <h2 className="visually-hidden">{heading}</h2>}
      {children}
    </section>
  )
}

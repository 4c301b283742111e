/**
 * Deliver: every package of the event as a card with ONE big button for its next step
 * (to do → ready → delivered), the recipient's address and notes, the assignment's notes and any
 * excluded allergen it contains. Each tap is its own action and commits at once; an Undo toast
 * (≈10 s) reverts it through `revertPackageStatus`. When baking is incomplete, "Mark ready"
 * lists what is missing and offers "Assemble anyway". Cards group by household or by route (in
 * delivery order, open packages first); a household's "Deliver all" is ONE action with ONE Undo
 * that reverts exactly the steps it took. Counts and filters update instantly.
 */
import { memo, useEffect, useId, useMemo, useRef, useState } from 'react'
import { flushSync } from 'react-dom'
import { useSearch } from 'wouter'
import {
  IncompleteProductionError,
  PACKAGE_STATUSES,
  compareNames,
  deliverHousehold,
  getDeliveryList,
  getStatusHistory,
  nextStatus,
  previousStatus,
  revertPackageStatus,
  undoDeliverySteps,
  updateFulfillmentStatus,
  updatePackageStatus,
  type AssignmentDto,
  type DeliveryRow,
  type MissingRecipe,
  type PackageStatusRow,
} from '../../../services'
import { statusRank, type PackageStatus } from '../../../db/schema'
import { runAction, useServiceQuery } from '../../data/app-data'
import { WindowedList } from '../../components/windowed-list'
import { messageFor } from '../../error-messages'
import { formatDateTime, plural } from '../../format'
import { STATUS_LABEL, STATUS_WORD, STEP_LABEL, describeStatusChange } from '../../status-words'
import { UNDO_WINDOW_MS, useToastStore } from '../../stores/toast-store'
import { useUiStore, type UiState } from '../../stores/ui-store'

/** The package cards' list: its look, and a card's height with one line of details (1024×768). */
const PACKAGE_CARDS = { className: 'package-cards', estimatedItemPx: 96 } as const

export function matchesSearch(
  row: Pick<PackageStatusRow, 'recipientName' | 'packageName'>,
  search: string,
): boolean {
  const needle = search.trim().toLocaleLowerCase()
  if (!needle) return true
  return `${row.recipientName} ${row.packageName}`.toLocaleLowerCase().includes(needle)
}

/** Orders a package's status states as the register does (epoch, then rank): later is larger. */
export function statusVersion(row: { status: PackageStatus; statusEpoch: number }): number {
  return row.statusEpoch * PACKAGE_STATUSES.length + statusRank(row.status)
}

/** Same values in every field: the live query hands over new row objects after any write. */
function sameRow(before: DeliveryRow, after: DeliveryRow): boolean {
  const keys = Object.keys(before) as (keyof DeliveryRow)[]
  return (
    keys.length === Object.keys(after).length &&
    keys.every((key) =>
      key === 'conflicts'
        ? before.conflicts.join() === after.conflicts.join()
        : before[key] === after[key],
    )
  )
}

/** The live row with the status fields of an assignment this card's own action just wrote. */
function withStatusOf(row: DeliveryRow, written: AssignmentDto): DeliveryRow {
  return {
    ...row,
    status: written.status,
    statusEpoch: written.statusEpoch,
    deliveredTo: written.deliveredTo,
    deliveredAt: written.deliveredAt,
  }
}

/** A card's status history, oldest first; a change the merge voided says so (DESIGN §3). */
function StatusHistory({ row }: { row: PackageStatusRow }) {
  const history = useServiceQuery([getStatusHistory], (tx) => getStatusHistory(tx, row.id), [
    row.id,
  ])
  if (history === undefined) return <p aria-busy="true">Loading…</p>
  if (history.length === 0) return <p className="card-meta">No status changes yet.</p>
  return (
    <ol
      className="status-history"
      aria-label={`Status history: ${row.recipientName}, ${row.packageName}`}
    >
      {history.map((change) => (
        <li key={change.id} className={change.applied ? undefined : 'not-applied'}>
          {describeStatusChange(change, row.status)} · {formatDateTime(change.at)}
        </li>
      ))}
    </ol>
  )
}

/** Who took a package (or a household's packages) when not the recipient: optional, stored on delivery. */
function TakenByField({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const id = useId()
  return (
    <div className="field taken-by-field">
      <label htmlFor={id}>Taken by (optional)</label>
      <input
        id={id}
        value={value}
        maxLength={200}
        placeholder="Neighbour, porter…"
        onChange={(change) => onChange(change.target.value)}
      />
    </div>
  )
}

/**
 * What a step to "ready" found not yet baked (IncompleteProductionError): the recipes and batches
 * missing, the step anyway, or Cancel.
 */
function MissingPanel({
  missing,
  anywayLabel,
  onAnyway,
  onCancel,
}: {
  missing: readonly MissingRecipe[]
  anywayLabel: string
  onAnyway: () => void
  onCancel: () => void
}) {
  return (
    <div className="missing-panel" role="alert">
      <p>
        <strong>Not everything is baked yet.</strong>
      </p>
      <ul>
        {missing.map((recipe) => (
          <li key={recipe.recipeId}>
            {recipe.recipeName}: {plural(recipe.batchesMissing, 'batch', 'batches')} missing (
            {recipe.batchesProduced} of {recipe.batchesRequired} baked)
          </li>
        ))}
      </ul>
      <div className="form-buttons">
        <button type="button" className="button-primary" onClick={onAnyway}>
          {anywayLabel}
        </button>
        <button type="button" className="button-secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  )
}

/**
 * One card; re-rendered only when its own row changed, so a tap on an event with hundreds of
 * packages re-renders one card, not all of them (bench: 500 cards took ~100 ms per tap).
 * After its own step commits, the card shows the written status at once (rendered synchronously
 * in the task that saw the commit), until the live query hands over a changed row, which then
 * wins (bench: waiting for the tab's list to be read again was half of a tap).
 */
const PackageCard = memo(
  function PackageCard({ row: live }: { row: DeliveryRow }) {
    const showToast = useToastStore((state) => state.show)
    const [missing, setMissing] = useState<MissingRecipe[] | null>(null)
    const [error, setError] = useState<string | null>(null)
    const [busy, setBusy] = useState(false)
    const [showHistory, setShowHistory] = useState(false)
    const [written, setWritten] = useState<{ over: DeliveryRow; dto: AssignmentDto } | null>(null)
    /** Who took the package, when not the recipient; null while the field is closed. */
    const [takenBy, setTakenBy] = useState<string | null>(null)
    const cardRef = useRef<HTMLLIElement>(null)
    // A packing label's QR code opens this card: `?assignment=<id>` (ui/app/routes.ts).
    const opened = new URLSearchParams(useSearch()).get('assignment') === live.id
    useEffect(() => {
      if (!opened) return
      cardRef.current?.scrollIntoView?.({ block: 'center' })
      cardRef.current?.focus()
    }, [opened])
    const row = written?.over === live ? withStatusOf(live, written.dto) : live
    const nextTo = nextStatus(row.status)
    const nextLabel = nextTo && STEP_LABEL[nextTo]
    const next = nextTo && nextLabel ? { to: nextTo, label: nextLabel } : null

    async function step(to: PackageStatus, force = false) {
      setBusy(true)
      const deliveredTo = to === 'delivered' ? takenBy?.trim() : undefined
      const result = await runAction([updatePackageStatus], (tx) =>
        updatePackageStatus(tx, row.id, to, { force, ...(deliveredTo ? { deliveredTo } : {}) }),
      )
      // The committed step reaches the screen in this same task, before the list's live query
      // (which the commit has just woken) runs: only this card renders, in the next frame.
      flushSync(() => {
        setBusy(false)
        if (result.ok) {
          setWritten({ over: live, dto: result.value })
          setTakenBy(null)
        }
      })
      if (!result.ok) {
        if (result.error instanceof IncompleteProductionError) {
          setMissing(result.error.missingRecipes)
          return
        }
        setError(messageFor(result.error))
        return
      }
      setMissing(null)
      setError(null)
      showToast({
        message: `${row.recipientName}: ${row.packageName} ${STATUS_WORD[to]}`,
        durationMs: UNDO_WINDOW_MS,
        // The Undo undoes exactly this step; once the package is elsewhere, the toast goes.
        subject: { id: row.id, version: statusVersion(result.value) },
        action: {
          label: 'Undo',
          run: async () => {
            const undo = await runAction([revertPackageStatus], (tx) =>
              revertPackageStatus(tx, row.id),
            )
            if (!undo.ok) showToast({ message: messageFor(undo.error), tone: 'error' })
          },
        },
      })
    }

    /** A correction made later than the Undo toast: one step back, undoing exactly the step shown. */
    async function moveBack() {
      setBusy(true)
      const result = await runAction([revertPackageStatus], (tx) => revertPackageStatus(tx, row.id))
      setBusy(false)
      if (result.ok) setWritten({ over: live, dto: result.value })
      if (!result.ok) {
        setError(messageFor(result.error))
        return
      }
      setError(null)
      const from = row.status
      showToast({
        message: `${row.recipientName}: ${row.packageName} moved back to ${STATUS_LABEL[result.value.status]}`,
        durationMs: UNDO_WINDOW_MS,
        subject: { id: row.id, version: statusVersion(result.value) },
        action: {
          label: 'Undo',
          // Undoing a move back is the forward step it took back (no production check: the
          // package was already there).
          run: async () => {
            const redo = await runAction([updateFulfillmentStatus], (tx) =>
              updateFulfillmentStatus(tx, row.id, from),
            )
            if (!redo.ok) showToast({ message: messageFor(redo.error), tone: 'error' })
          },
        },
      })
    }

    const previous = previousStatus(row.status)
    return (
      <li
        ref={cardRef}
        className={`package-card status-${row.status}${opened ? ' card-opened' : ''}`}
        tabIndex={opened ? -1 : undefined}
        aria-current={opened ? 'true' : undefined}
      >
        <div className="package-info">
          <span className="card-title">{row.recipientName}</span>
          <span>
            {row.packageName}
            {row.quantity > 1 ? ` × ${row.quantity}` : ''}
          </span>
          <span className={`chip chip-${row.status}`}>{STATUS_LABEL[row.status]}</span>
          {next?.to === 'delivered' && takenBy === null && (
            <button
              type="button"
              className="link-button taken-by-link"
              aria-label={`Taken by someone else: ${row.recipientName}, ${row.packageName}`}
              onClick={() => setTakenBy('')}
            >
              Taken by…
            </button>
          )}
          {(row.household || row.address) && (
            <span className="card-address">
              {row.household && (
                <span className="card-household">
                  {row.household}
                  {row.address ? ' · ' : ''}
                </span>
              )}
              {row.address && <span>{row.address}</span>}
            </span>
          )}
          {row.recipientNotes && <span className="card-meta">{row.recipientNotes}</span>}
          {row.notes && <span className="card-meta">Note: {row.notes}</span>}
          {row.conflicts.length > 0 && (
            <span className="chip chip-warning">
              ⚠ Contains {row.conflicts.join(', ')}: {row.recipientName} avoids it
            </span>
          )}
          {row.status === 'delivered' && row.deliveredAt && (
            <span className="card-meta">
              {formatDateTime(row.deliveredAt)}
              {row.deliveredTo ? ` · taken by ${row.deliveredTo}` : ''}
            </span>
          )}
        </div>
        {next ? (
          <button
            type="button"
            className={`button-step${next.to === 'delivered' ? ' button-step-deliver' : ''}`}
            disabled={busy}
            aria-label={`${next.label}: ${row.recipientName}, ${row.packageName}`}
            onClick={() => void step(next.to)}
          >
            {next.to === 'delivered' && (
              <svg className="step-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                {/* A delivery van, drawn here: emoji fonts are missing on some tablets. */}
                <path
                  fill="currentColor"
                  d="M2 6h11v9H2zm12 3h4l3 3.5V15h-7zM6.5 19a2 2 0 1 1 0-4 2 2 0 0 1 0 4zm11 0a2 2 0 1 1 0-4 2 2 0 0 1 0 4z"
                />
              </svg>
            )}
            {next.label}
          </button>
        ) : (
          <span className="done-mark" aria-hidden="true">
            ✓
          </span>
        )}
        <div className="card-corrections">
          {previous && (
            <button
              type="button"
              className="link-button"
              disabled={busy}
              aria-label={`Move back to ${STATUS_LABEL[previous]}: ${row.recipientName}, ${row.packageName}`}
              onClick={() => void moveBack()}
            >
              Move back
            </button>
          )}
          <button
            type="button"
            className="link-button"
            aria-expanded={showHistory}
            aria-label={`History: ${row.recipientName}, ${row.packageName}`}
            onClick={() => setShowHistory((shown) => !shown)}
          >
            History
          </button>
          {showHistory && <StatusHistory row={row} />}
        </div>
        {next?.to === 'delivered' && takenBy !== null && (
          <TakenByField value={takenBy} onChange={setTakenBy} />
        )}
        {missing && (
          <MissingPanel
            missing={missing}
            anywayLabel="Assemble anyway"
            onAnyway={() => void step('assembled', true)}
            onCancel={() => setMissing(null)}
          />
        )}
        {error && (
          <p role="alert" className="form-error">
            {error}
          </p>
        )}
      </li>
    )
  },
  (before, after) => sameRow(before.row, after.row),
)

type Filter = UiState['deliverFilter']
type Grouping = 'none' | 'household' | 'route'

type HouseholdGroup = { household: string; rows: DeliveryRow[] }
type Section = { key: string; title: string | null; households: HouseholdGroup[] }

/** Open packages before delivered ones, keeping delivery order otherwise (stable sort). */
function openFirst(rows: readonly DeliveryRow[]): DeliveryRow[] {
  return [...rows].sort(
    (a, b) => Number(a.status === 'delivered') - Number(b.status === 'delivered'),
  )
}

/** Consecutive rows of the same household, in the order given. */
function households(rows: readonly DeliveryRow[]): HouseholdGroup[] {
  const groups: HouseholdGroup[] = []
  for (const row of rows) {
    const last = groups[groups.length - 1]
    if (last && last.household === row.household) last.rows.push(row)
    else groups.push({ household: row.household, rows: [row] })
  }
  for (const group of groups) group.rows = openFirst(group.rows)
  return groups
}

/**
 * The shown rows (already in delivery order) as sections: one per route (routes in delivery
 * order, "No route" last) or one per household (by name; recipients without a household last).
 */
export function groupDeliveries(rows: readonly DeliveryRow[], grouping: Grouping): Section[] {
  if (grouping === 'none') return [{ key: 'all', title: null, households: households(rows) }]
  if (grouping === 'route') {
    const byRoute = new Map<string, DeliveryRow[]>()
    for (const row of rows) byRoute.set(row.route, [...(byRoute.get(row.route) ?? []), row])
    return [...byRoute].map(([route, list]) => ({
      key: `route:${route}`,
      title: route || 'No route',
      households: households(list),
    }))
  }
  const byHousehold = new Map<string, DeliveryRow[]>()
  for (const row of rows)
    byHousehold.set(row.household, [...(byHousehold.get(row.household) ?? []), row])
  const keys = [...byHousehold.keys()].sort((a, b) =>
    a === '' ? 1 : b === '' ? -1 : compareNames(a, b),
  )
  return keys.map((household) => ({
    key: `household:${household}`,
    title: household || 'No household',
    households: [{ household, rows: openFirst(byHousehold.get(household) ?? []) }],
  }))
}

/**
 * "Deliver all" (or, while packages are still to do, "Mark all ready") for one household: ONE
 * action moving every open package one step, with ONE Undo reverting exactly those steps.
 */
function HouseholdActions({ eventId, group }: { eventId: string; group: HouseholdGroup }) {
  const showToast = useToastStore((state) => state.show)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [missing, setMissing] = useState<MissingRecipe[] | null>(null)
  /** Who took the packages, when not the recipients; null while the field is closed. */
  const [takenBy, setTakenBy] = useState<string | null>(null)
  if (!group.household) return null
  const to: 'assembled' | 'delivered' | null = group.rows.some((row) => row.status === 'assembled')
    ? 'delivered'
    : group.rows.some((row) => row.status === 'pending')
      ? 'assembled'
      : null
  if (!to || group.rows.length < 2) return null
  const label =
    to === 'delivered' ? 'Deliver all for this household' : 'Mark all ready for this household'

  async function run(target: 'assembled' | 'delivered', force = false) {
    setBusy(true)
    const deliveredTo = target === 'delivered' ? takenBy?.trim() : undefined
    const result = await runAction([deliverHousehold], (tx) =>
      deliverHousehold(tx, {
        eventId,
        household: group.household,
        to: target,
        ...(deliveredTo ? { deliveredTo } : {}),
        ...(force ? { force } : {}),
      }),
    )
    setBusy(false)
    if (!result.ok) {
      if (result.error instanceof IncompleteProductionError) {
        setMissing(result.error.missingRecipes)
        return
      }
      setError(messageFor(result.error))
      return
    }
    setError(null)
    setMissing(null)
    setTakenBy(null)
    const steps = result.value
    showToast({
      message: `${group.household}: ${plural(steps.length, 'package')} ${STATUS_WORD[target]}`,
      durationMs: UNDO_WINDOW_MS,
      action: {
        label: 'Undo',
        run: async () => {
          const undo = await runAction([undoDeliverySteps], (tx) => undoDeliverySteps(tx, steps))
          if (!undo.ok) showToast({ message: messageFor(undo.error), tone: 'error' })
        },
      },
    })
  }

  return (
    <div className="household-actions">
      <button
        type="button"
        className="button-secondary"
        disabled={busy}
        aria-label={`${label}: ${group.household}`}
        onClick={() => void run(to)}
      >
        {label}
      </button>
      {to === 'delivered' && takenBy === null && (
        <button
          type="button"
          className="link-button taken-by-link"
          aria-label={`Taken by someone else: ${group.household}`}
          onClick={() => setTakenBy('')}
        >
          Taken by…
        </button>
      )}
      {to === 'delivered' && takenBy !== null && (
        <TakenByField value={takenBy} onChange={setTakenBy} />
      )}
      {missing && to === 'assembled' && (
        <MissingPanel
          missing={missing}
          anywayLabel="Mark all ready anyway"
          onAnyway={() => void run('assembled', true)}
          onCancel={() => setMissing(null)}
        />
      )}
      {error && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
    </div>
  )
}

const rowId = (row: DeliveryRow) => row.id
const renderCard = (row: DeliveryRow) => <PackageCard key={row.id} row={row} />

export function DeliverTab({ eventId }: { eventId: string }) {
  const rows = useServiceQuery([getDeliveryList], (tx) => getDeliveryList(tx, eventId), [eventId])
  const filter = useUiStore((state) => state.deliverFilter)
  const setFilter = useUiStore((state) => state.setDeliverFilter)
  const search = useUiStore((state) => state.deliverSearch)
  const setSearch = useUiStore((state) => state.setDeliverSearch)
  const [grouping, setGrouping] = useState<Grouping>('none')
  // Opened on one card (a label's QR code): show every package, so that card is in the list.
  const openedAssignment = new URLSearchParams(useSearch()).get('assignment')
  useEffect(() => {
    if (!openedAssignment) return
    setFilter('all')
    setSearch('')
  }, [openedAssignment, setFilter, setSearch])

  const dismissStale = useToastStore((state) => state.dismissWhere)
  useEffect(() => {
    if (!rows) return
    const versionById = new Map(rows.map((row) => [row.id, statusVersion(row)]))
    // A toast (and its Undo) about a step that no longer holds goes: something later moved the
    // package (another tablet, another tap). A list read from before the step is older, not later.
    dismissStale((toast) => {
      const version = toast.subject ? versionById.get(toast.subject.id) : undefined
      return version !== undefined && toast.subject !== undefined && version > toast.subject.version
    })
  }, [rows, dismissStale])

  const counts = useMemo(() => {
    const result: Record<Filter, number> = { all: 0, pending: 0, assembled: 0, delivered: 0 }
    for (const row of rows ?? []) {
      result.all += 1
      result[row.status] += 1
    }
    return result
  }, [rows])

  if (rows === undefined) return <p aria-busy="true">Loading…</p>
  if (rows.length === 0)
    return <p className="empty">No packages assigned yet. Add them on the Plan tab.</p>

  const filters: { id: Filter; label: string }[] = [
    { id: 'all', label: 'All' },
    ...PACKAGE_STATUSES.map((status) => ({ id: status, label: STATUS_LABEL[status] })),
  ]
  const groupings: { id: Grouping; label: string }[] = [
    { id: 'none', label: 'No grouping' },
    { id: 'household', label: 'Household' },
    { id: 'route', label: 'Route' },
  ]
  const shown = rows.filter(
    (row) => (filter === 'all' || row.status === filter) && matchesSearch(row, search),
  )
  // Ungrouped, the list keeps its familiar order (recipient, then package).
  const ordered =
    grouping === 'none'
      ? [...shown].sort(
          (a, b) =>
            compareNames(a.recipientName, b.recipientName) ||
            compareNames(a.packageName, b.packageName),
        )
      : shown

  return (
    <>
      <div className="deliver-controls">
        <div className="filter-chips" role="group" aria-label="Show packages">
          {filters.map((option) => (
            <button
              key={option.id}
              type="button"
              className="filter-chip"
              aria-pressed={filter === option.id}
              onClick={() => setFilter(option.id)}
            >
              {option.label}{' '}
              <span className="count" data-testid={`count-${option.id}`}>
                {counts[option.id]}
              </span>
            </button>
          ))}
        </div>
        <div className="filter-chips" role="group" aria-label="Group by">
          {groupings.map((option) => (
            <button
              key={option.id}
              type="button"
              className="filter-chip"
              aria-pressed={grouping === option.id}
              onClick={() => setGrouping(option.id)}
            >
              {option.label}
            </button>
          ))}
        </div>
        <div className="field search-field">
          <label htmlFor="deliver-search">Search</label>
          <input
            id="deliver-search"
            type="search"
            value={search}
            placeholder="Recipient or package"
            onChange={(change) => setSearch(change.target.value)}
          />
        </div>
      </div>
      {shown.length === 0 ? (
        <p className="empty">No packages match.</p>
      ) : grouping === 'none' ? (
        <WindowedList
          {...PACKAGE_CARDS}
          rows={ordered}
          rowKey={rowId}
          renderRow={renderCard}
          label="Packages"
          scrollToKey={openedAssignment}
        />
      ) : (
        groupDeliveries(ordered, grouping).map((section) => (
          <section key={section.key} className="delivery-group" aria-label={section.title ?? ''}>
            <h3>{section.title}</h3>
            {section.households.map((group, index) => (
              <div key={`${group.household}:${index}`} className="delivery-household">
                {grouping === 'route' && group.household && (
                  <h4 className="card-meta">{group.household}</h4>
                )}
                <HouseholdActions eventId={eventId} group={group} />
                <WindowedList
                  {...PACKAGE_CARDS}
                  rows={group.rows}
                  rowKey={rowId}
                  renderRow={renderCard}
                  label={`Packages: ${group.household || section.title || ''}`}
                  scrollToKey={openedAssignment}
                />
              </div>
            ))}
          </section>
        ))
      )}
    </>
  )
}

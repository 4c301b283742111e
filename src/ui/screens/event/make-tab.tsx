/**
 * Make: record a production run (recipe → finished unit → batches, yield and loss) or an assembly
 * run in two or three taps, and see per-target progress, over 100 % shown as such.
 */
import { useState, type FormEvent } from 'react'
import {
  deleteAssemblyRun,
  deleteProductionRun,
  getAssemblyProgress,
  getAssemblyRuns,
  getProductionProgress,
  getProductionRuns,
  listFinishedGoods,
  listFinishedUnits,
  listRecipes,
  recordAssemblyRun,
  recordProductionRun,
} from '../../../services'
import { runAction, useServiceQuery } from '../../data/app-data'
import { useAction } from '../../data/use-action'
import { ConfirmDialog } from '../../components/confirm-dialog'
import { Field, FormFooter } from '../../components/field'
import { ProgressBar } from '../../components/progress-bar'
import { Stepper } from '../../components/stepper'
import { messageFor } from '../../error-messages'
import { fieldErrorsFromDomain, type FieldErrors } from '../../forms'
import { formatDateTime, plural } from '../../format'
import { useToastStore } from '../../stores/toast-store'

function ProductionRunForm({ eventId }: { eventId: string }) {
  const showToast = useToastStore((state) => state.show)
  const recipes = useServiceQuery((tx) => listRecipes(tx), [])
  const progress = useServiceQuery((tx) => getProductionProgress(tx, eventId), [eventId])
  const [recipeId, setRecipeId] = useState('')
  const units = useServiceQuery(
    (tx) => (recipeId ? listFinishedUnits(tx, { recipeId }) : Promise.resolve([])),
    [recipeId],
  )
  const [unitChoice, setUnitChoice] = useState('')
  const [batches, setBatches] = useState(1)
  const [actualYield, setActualYield] = useState('')
  const [lossReason, setLossReason] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [formError, setFormError] = useState<string | null>(null)

  const unit =
    units?.find((candidate) => candidate.id === unitChoice) ??
    (units?.length === 1 ? units[0] : undefined)
  const expected = unit ? unit.itemsPerBatch * batches : null
  const actual = actualYield.trim() === '' ? null : Number(actualYield)
  const targeted = new Set(progress?.map((row) => row.recipeId))
  const ordered = [...(recipes ?? [])].sort(
    (a, b) => Number(targeted.has(b.id)) - Number(targeted.has(a.id)),
  )

  async function submit(formEvent: FormEvent<HTMLFormElement>) {
    formEvent.preventDefault()
    const problems: FieldErrors = {}
    if (!recipeId) problems.recipeId = 'Choose what you baked'
    if (recipeId && !unit)
      problems.finishedUnitId = 'Choose what the batch makes (add one in the Catalogue first)'
    if (actual !== null && (!Number.isInteger(actual) || actual < 0))
      problems.actualYield = 'Enter a whole number, 0 or more'
    if (actual !== null && expected !== null && actual > expected)
      problems.actualYield = `At most ${expected} from ${plural(batches, 'batch', 'batches')}`
    setErrors(problems)
    if (Object.keys(problems).length > 0 || !unit) return
    const result = await runAction((tx) =>
      recordProductionRun(tx, {
        recipeId,
        finishedUnitId: unit.id,
        batches,
        eventId,
        ...(actual !== null ? { actualYield: actual } : {}),
        ...(lossReason.trim() ? { lossReason: lossReason.trim() } : {}),
      }),
    )
    if (!result.ok) {
      setErrors(fieldErrorsFromDomain(result.error))
      setFormError(messageFor(result.error))
      return
    }
    setFormError(null)
    setBatches(1)
    setActualYield('')
    setLossReason('')
    showToast({
      message: `Recorded ${plural(batches, 'batch', 'batches')} of ${recipes?.find((r) => r.id === recipeId)?.name ?? 'recipe'}`,
    })
  }

  return (
    <form
      className="panel form-grid"
      onSubmit={(formEvent) => void submit(formEvent)}
      noValidate
      aria-label="Record baking"
    >
      <h3 className="form-title">Record baking</h3>
      <Field id="run-recipe" label="Recipe" error={errors.recipeId}>
        <select
          value={recipeId}
          onChange={(change) => {
            setRecipeId(change.target.value)
            setUnitChoice('')
          }}
        >
          <option value="">Choose a recipe…</option>
          {ordered.map((recipe) => (
            <option key={recipe.id} value={recipe.id}>
              {recipe.name}
              {targeted.has(recipe.id) ? ' (planned)' : ''}
            </option>
          ))}
        </select>
      </Field>
      <Field id="run-unit" label="Makes" error={errors.finishedUnitId}>
        <select
          value={unit?.id ?? ''}
          onChange={(change) => setUnitChoice(change.target.value)}
          disabled={!recipeId}
        >
          {(units?.length ?? 0) !== 1 && <option value="">Choose…</option>}
          {units?.map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {candidate.name} ({candidate.itemsPerBatch} per batch)
            </option>
          ))}
        </select>
      </Field>
      <Stepper id="run-batches" label="Batches" value={batches} min={1} onChange={setBatches} />
      <Field
        id="run-yield"
        label="Good items"
        error={errors.actualYield}
        hint={expected !== null ? `Expected ${expected}; leave empty if all came out` : undefined}
      >
        <input
          inputMode="numeric"
          value={actualYield}
          placeholder={expected !== null ? String(expected) : ''}
          onChange={(change) => setActualYield(change.target.value)}
        />
      </Field>
      {actual !== null && expected !== null && actual < expected && (
        <Field id="run-loss" label="What happened?" error={errors.lossReason}>
          <input
            value={lossReason}
            placeholder="Burnt, broken, dropped…"
            onChange={(change) => setLossReason(change.target.value)}
          />
        </Field>
      )}
      <FormFooter submitLabel="Record baking" formError={formError} />
    </form>
  )
}

function AssemblyRunForm({ eventId }: { eventId: string }) {
  const showToast = useToastStore((state) => state.show)
  const goods = useServiceQuery((tx) => listFinishedGoods(tx), [])
  const [goodId, setGoodId] = useState('')
  const [quantity, setQuantity] = useState(1)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [formError, setFormError] = useState<string | null>(null)

  async function submit(formEvent: FormEvent<HTMLFormElement>) {
    formEvent.preventDefault()
    if (!goodId) {
      setErrors({ finishedGoodId: 'Choose what you assembled' })
      return
    }
    setErrors({})
    const result = await runAction((tx) =>
      recordAssemblyRun(tx, { finishedGoodId: goodId, quantity, eventId }),
    )
    if (!result.ok) {
      setErrors(fieldErrorsFromDomain(result.error))
      setFormError(messageFor(result.error))
      return
    }
    setFormError(null)
    setQuantity(1)
    showToast({
      message: `Recorded ${quantity} × ${goods?.find((good) => good.id === goodId)?.name ?? 'item'}`,
    })
  }

  return (
    <form
      className="panel form-grid"
      onSubmit={(formEvent) => void submit(formEvent)}
      noValidate
      aria-label="Record assembly"
    >
      <h3 className="form-title">Record assembly</h3>
      <Field id="assembly-good" label="Finished good" error={errors.finishedGoodId}>
        <select value={goodId} onChange={(change) => setGoodId(change.target.value)}>
          <option value="">Choose…</option>
          {goods?.map((good) => (
            <option key={good.id} value={good.id}>
              {good.name}
            </option>
          ))}
        </select>
      </Field>
      <Stepper
        id="assembly-quantity"
        label="How many"
        value={quantity}
        min={1}
        onChange={setQuantity}
      />
      <FormFooter submitLabel="Record assembly" formError={formError} />
    </form>
  )
}

function ProgressLists({ eventId }: { eventId: string }) {
  const production = useServiceQuery((tx) => getProductionProgress(tx, eventId), [eventId])
  const assembly = useServiceQuery((tx) => getAssemblyProgress(tx, eventId), [eventId])
  return (
    <div className="two-columns">
      <section aria-labelledby="baking-progress">
        <h3 id="baking-progress">Baking progress</h3>
        {production?.length === 0 && (
          <p className="empty">No targets set. Set them on the Plan tab.</p>
        )}
        <ul className="progress-list">
          {production?.map((row) => (
            <li key={row.recipeId}>
              <ProgressBar
                label={row.recipeName}
                pct={row.progressPct}
                detail={`${row.producedBatches} of ${row.targetBatches} batches${row.progressPct > 100 ? ' · over target' : ''}`}
              />
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="assembly-progress">
        <h3 id="assembly-progress">Assembly progress</h3>
        {assembly?.length === 0 && (
          <p className="empty">No targets set. Set them on the Plan tab.</p>
        )}
        <ul className="progress-list">
          {assembly?.map((row) => (
            <li key={row.finishedGoodId}>
              <ProgressBar
                label={row.finishedGoodName}
                pct={row.progressPct}
                detail={`${row.assembledQuantity} of ${row.targetQuantity}${row.progressPct > 100 ? ' · over target' : ''}`}
              />
            </li>
          ))}
        </ul>
      </section>
    </div>
  )
}

type RunToRemove = { kind: 'production' | 'assembly'; id: string; description: string }

/** The runs recorded for the event, newest first, each removable when it was a mistake. */
function RecentRuns({ eventId }: { eventId: string }) {
  const act = useAction()
  const production = useServiceQuery((tx) => getProductionRuns(tx, eventId), [eventId])
  const assembly = useServiceQuery((tx) => getAssemblyRuns(tx, eventId), [eventId])
  const [removing, setRemoving] = useState<RunToRemove | null>(null)
  if (!production?.length && !assembly?.length) return null

  async function remove(run: RunToRemove) {
    setRemoving(null)
    await act(
      (tx) =>
        run.kind === 'production' ? deleteProductionRun(tx, run.id) : deleteAssemblyRun(tx, run.id),
      { success: `Removed: ${run.description}` },
    )
  }

  const rows = [
    ...(production ?? []).map((run) => ({
      kind: 'production' as const,
      id: run.id,
      at: run.producedAt,
      description: `${plural(run.batches, 'batch', 'batches')} of ${run.recipeName}`,
      detail: `${run.actualYield} of ${run.expectedYield} good${run.lossReason ? ` (${run.lossReason})` : ''}`,
    })),
    ...(assembly ?? []).map((run) => ({
      kind: 'assembly' as const,
      id: run.id,
      at: run.assembledAt,
      description: `${run.quantity} × ${run.finishedGoodName} assembled`,
      detail: '',
    })),
  ]
    .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
    .slice(0, 20)

  return (
    <section aria-labelledby="recent-runs">
      <h3 id="recent-runs">Recorded so far</h3>
      <ul className="run-list" aria-label="Recorded runs">
        {rows.map((run) => (
          <li key={run.id} className="row-item">
            <span className="row-main">
              <span>{run.description}</span>
              <span className="card-meta">
                {formatDateTime(run.at)}
                {run.detail ? ` · ${run.detail}` : ''}
              </span>
            </span>
            <button
              type="button"
              className="button-secondary"
              aria-label={`Remove ${run.description}, ${formatDateTime(run.at)}`}
              onClick={() => setRemoving(run)}
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
      {removing && (
        <ConfirmDialog
          title="Remove this record?"
          message={`${removing.description} will no longer count toward progress and costs. Use this only for a record made by mistake.`}
          confirmLabel="Remove"
          danger
          onCancel={() => setRemoving(null)}
          onConfirm={() => void remove(removing)}
        />
      )}
    </section>
  )
}

export function MakeTab({ eventId }: { eventId: string }) {
  return (
    <>
      <div className="two-columns">
        <ProductionRunForm eventId={eventId} />
        <AssemblyRunForm eventId={eventId} />
      </div>
      <ProgressLists eventId={eventId} />
      <RecentRuns eventId={eventId} />
    </>
  )
}

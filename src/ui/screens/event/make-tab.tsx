/**
 * Make: record a production run (recipe → finished unit → batches, yield and loss) or an assembly
 * run in two or three taps, and see per-target progress, over 100 % shown as such.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react'
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
  recordAssemblyRunInputSchema,
  recordProductionRun,
  recordProductionRunInputSchema,
} from '../../../services'
import { runAction, useServiceQuery } from '../../data/app-data'
import { useAction } from '../../data/use-action'
import { ConfirmDialog } from '../../components/confirm-dialog'
import { Field, FormFooter } from '../../components/field'
import { ProgressBar } from '../../components/progress-bar'
import { NumberField, parseWhole } from '../../components/number-field'
import { messageFor } from '../../error-messages'
import { checkForm, fieldErrorsFromDomain, type FieldErrors } from '../../forms'
import { formatDateTime, plural } from '../../format'
import { UNDO_WINDOW_MS, useToastStore } from '../../stores/toast-store'

/** A recipe the Make form should open on (from a progress row's "More…"), with a fresh key. */
type FormPreset = { recipeId: string; key: number }

function ProductionRunForm({ eventId, preset }: { eventId: string; preset: FormPreset | null }) {
  const showToast = useToastStore((state) => state.show)
  const recipes = useServiceQuery([listRecipes], (tx) => listRecipes(tx), [])
  const progress = useServiceQuery(
    [getProductionProgress],
    (tx) => getProductionProgress(tx, eventId),
    [eventId],
  )
  const [recipeId, setRecipeId] = useState('')
  const unitsRead = useServiceQuery(
    [listFinishedUnits],
    (tx) => (recipeId ? listFinishedUnits(tx, { recipeId }) : Promise.resolve([])),
    [recipeId],
  )
  // The previous recipe's units stay in hand until the new ones are read: never offer them.
  const units = unitsRead?.filter((unit) => unit.recipeId === recipeId)
  const [unitChoice, setUnitChoice] = useState('')
  const [batches, setBatches] = useState('1')
  const [actualYield, setActualYield] = useState('')
  const [lossReason, setLossReason] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [formError, setFormError] = useState<string | null>(null)
  const [appliedPreset, setAppliedPreset] = useState<number | null>(null)
  const recipeSelect = useRef<HTMLSelectElement>(null)

  /** A new recipe or unit makes a typed yield meaningless: start it afresh. */
  function chooseRecipe(next: string) {
    setRecipeId(next)
    setUnitChoice('')
    setActualYield('')
    setLossReason('')
    setErrors({})
  }
  if (preset && preset.key !== appliedPreset) {
    setAppliedPreset(preset.key)
    chooseRecipe(preset.recipeId)
  }
  useEffect(() => {
    if (preset) {
      recipeSelect.current?.scrollIntoView({ block: 'center' })
      recipeSelect.current?.focus()
    }
  }, [preset])

  const unit =
    units?.find((candidate) => candidate.id === unitChoice) ??
    (units?.length === 1 ? units[0] : undefined)
  const batchCount = parseWhole(batches)
  const expected = unit && batchCount !== undefined ? unit.itemsPerBatch * batchCount : null
  const actual = parseWhole(actualYield) ?? null
  const targeted = new Set(progress?.map((row) => row.recipeId))
  const ordered = [...(recipes ?? [])].sort(
    (a, b) => Number(targeted.has(b.id)) - Number(targeted.has(a.id)),
  )

  async function submit(formEvent: FormEvent<HTMLFormElement>) {
    formEvent.preventDefault()
    // The service's own schema decides what is valid, so the form and the service agree
    // (a yield above the expected one is accepted: docs/decisions.md).
    const check = checkForm(recordProductionRunInputSchema, {
      recipeId,
      finishedUnitId: unit?.id ?? '',
      batches: batchCount,
      eventId,
      ...(actual !== null ? { actualYield: actual } : {}),
      ...(lossReason.trim() ? { lossReason: lossReason.trim() } : {}),
    })
    const problems: FieldErrors = check.ok ? {} : { ...check.errors }
    // Clearer than the schema's "Fill this in" for a choice.
    if (!recipeId) problems.recipeId = 'Choose what you baked'
    if (recipeId && !unit)
      problems.finishedUnitId = 'Choose what the batch makes (add one in the Catalogue first)'
    else if (!recipeId) delete problems.finishedUnitId
    setErrors(problems)
    if (!check.ok || Object.keys(problems).length > 0) return
    const values = check.data
    const result = await runAction([recordProductionRun], (tx) => recordProductionRun(tx, values))
    if (!result.ok) {
      setErrors(fieldErrorsFromDomain(result.error))
      setFormError(messageFor(result.error))
      return
    }
    setFormError(null)
    setBatches('1')
    setActualYield('')
    setLossReason('')
    const runId = result.value.id
    showToast({
      message: `Recorded ${plural(values.batches, 'batch', 'batches')} of ${result.value.recipeName}`,
      durationMs: UNDO_WINDOW_MS,
      action: {
        label: 'Undo',
        run: () =>
          runAction([deleteProductionRun], (tx) => deleteProductionRun(tx, runId)).then(
            () => undefined,
          ),
      },
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
          ref={recipeSelect}
          value={recipeId}
          onChange={(change) => chooseRecipe(change.target.value)}
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
          onChange={(change) => {
            setUnitChoice(change.target.value)
            setActualYield('')
          }}
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
      <NumberField
        id="run-batches"
        label="Batches"
        value={batches}
        onChange={setBatches}
        error={errors.batches}
      />
      <NumberField
        id="run-yield"
        label="Good items"
        stepper={false}
        value={actualYield}
        onChange={setActualYield}
        min={0}
        max={100_000_000}
        error={errors.actualYield}
        placeholder={expected !== null ? String(expected) : ''}
        hint={expected !== null ? `Expected ${expected}; leave empty if all came out` : undefined}
      />
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
  const goods = useServiceQuery([listFinishedGoods], (tx) => listFinishedGoods(tx), [])
  const [goodId, setGoodId] = useState('')
  const [quantity, setQuantity] = useState('1')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [formError, setFormError] = useState<string | null>(null)

  async function submit(formEvent: FormEvent<HTMLFormElement>) {
    formEvent.preventDefault()
    const check = checkForm(recordAssemblyRunInputSchema, {
      finishedGoodId: goodId,
      quantity: parseWhole(quantity),
      eventId,
    })
    const problems: FieldErrors = check.ok ? {} : { ...check.errors }
    if (!goodId) problems.finishedGoodId = 'Choose what you assembled'
    setErrors(problems)
    if (!check.ok || Object.keys(problems).length > 0) return
    const values = check.data
    const result = await runAction([recordAssemblyRun], (tx) => recordAssemblyRun(tx, values))
    if (!result.ok) {
      setErrors(fieldErrorsFromDomain(result.error))
      setFormError(messageFor(result.error))
      return
    }
    setFormError(null)
    setQuantity('1')
    const runId = result.value.id
    showToast({
      message: `Recorded ${values.quantity} × ${result.value.finishedGoodName}`,
      durationMs: UNDO_WINDOW_MS,
      action: {
        label: 'Undo',
        run: () =>
          runAction([deleteAssemblyRun], (tx) => deleteAssemblyRun(tx, runId)).then(
            () => undefined,
          ),
      },
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
      <NumberField
        id="assembly-quantity"
        label="How many"
        value={quantity}
        onChange={setQuantity}
        error={errors.quantity}
      />
      <FormFooter submitLabel="Record assembly" formError={formError} />
    </form>
  )
}

function ProgressLists({
  eventId,
  onMore,
}: {
  eventId: string
  onMore: (recipeId: string) => void
}) {
  const act = useAction()
  const showToast = useToastStore((state) => state.show)
  const production = useServiceQuery(
    [getProductionProgress],
    (tx) => getProductionProgress(tx, eventId),
    [eventId],
  )
  const assembly = useServiceQuery(
    [getAssemblyProgress],
    (tx) => getAssemblyProgress(tx, eventId),
    [eventId],
  )
  const units = useServiceQuery([listFinishedUnits], (tx) => listFinishedUnits(tx), [])
  const unitsByRecipe = new Map<string, { id: string; itemsPerBatch: number }[]>()
  for (const unit of units ?? [])
    unitsByRecipe.set(unit.recipeId, [...(unitsByRecipe.get(unit.recipeId) ?? []), unit])

  /** "+1 batch": one run of one batch, all good, with the usual Undo. */
  async function addOneBatch(recipeId: string, finishedUnitId: string) {
    const run = await act([recordProductionRun], (tx) =>
      recordProductionRun(tx, { recipeId, finishedUnitId, batches: 1, eventId }),
    )
    if (!run) return
    showToast({
      message: `Recorded 1 batch of ${run.recipeName}`,
      durationMs: UNDO_WINDOW_MS,
      action: {
        label: 'Undo',
        run: () =>
          act([deleteProductionRun], (tx) => deleteProductionRun(tx, run.id)).then(() => undefined),
      },
    })
  }

  return (
    <div className="two-columns">
      <section aria-labelledby="baking-progress">
        <h3 id="baking-progress">Baking progress</h3>
        {production?.length === 0 && (
          <p className="empty">No targets set. Set them on the Plan tab.</p>
        )}
        <ul className="progress-list">
          {production?.map((row) => {
            const recipeUnits = unitsByRecipe.get(row.recipeId) ?? []
            const only = recipeUnits.length === 1 ? recipeUnits[0] : undefined
            return (
              <li key={row.recipeId} className="progress-row">
                <ProgressBar
                  label={row.recipeName}
                  pct={row.progressPct}
                  detail={`${row.producedBatches} of ${plural(row.targetBatches, 'batch', 'batches')}${row.progressPct > 100 ? ' · over target' : ''}`}
                />
                <div className="progress-row-actions">
                  {only && (
                    <button
                      type="button"
                      className="button-secondary"
                      aria-label={`Record 1 batch of ${row.recipeName}`}
                      onClick={() => void addOneBatch(row.recipeId, only.id)}
                    >
                      +1 batch
                    </button>
                  )}
                  <button
                    type="button"
                    className="button-secondary"
                    aria-label={`Record ${row.recipeName} with yield or losses`}
                    onClick={() => onMore(row.recipeId)}
                  >
                    More…
                  </button>
                </div>
              </li>
            )
          })}
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
  const production = useServiceQuery([getProductionRuns], (tx) => getProductionRuns(tx, eventId), [
    eventId,
  ])
  const assembly = useServiceQuery([getAssemblyRuns], (tx) => getAssemblyRuns(tx, eventId), [
    eventId,
  ])
  const [removing, setRemoving] = useState<RunToRemove | null>(null)
  if (!production?.length && !assembly?.length) return null

  async function remove(run: RunToRemove) {
    setRemoving(null)
    await act(
      [deleteProductionRun, deleteAssemblyRun],
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
  const [preset, setPreset] = useState<FormPreset | null>(null)
  return (
    <>
      <div className="two-columns">
        <ProductionRunForm eventId={eventId} preset={preset} />
        <AssemblyRunForm eventId={eventId} />
      </div>
      <ProgressLists
        eventId={eventId}
        onMore={(recipeId) => setPreset({ recipeId, key: (preset?.key ?? 0) + 1 })}
      />
      <RecentRuns eventId={eventId} />
    </>
  )
}

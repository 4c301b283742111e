/**
 * Plan: who gets which package (add, change quantity, remove), production targets per recipe
 * (prefilled from what the packages need), assembly targets per finished good, and the shopping
 * list for the batches still to bake.
 */
import { useState, type FormEvent } from 'react'
import type { z } from 'zod'
import {
  adoptAssemblyNeedsAsTargets,
  adoptProductionNeedsAsTargets,
  assignPackageToRecipient,
  assignPackageToRecipientInputSchema,
  deleteAssemblyTarget,
  deleteAssignment,
  deleteProductionTarget,
  getAssemblyNeeds,
  getAssignmentAllergenWarning,
  getEventAssignments,
  getRecipeNeeds,
  getShoppingList,
  listAssemblyTargets,
  listFinishedGoods,
  listPackages,
  listProductionTargets,
  listRecipes,
  listRecipients,
  restoreAssignment,
  setAssemblyTarget,
  setProductionTarget,
  updateAssignment,
} from '../../../services'
import type { Tx } from '../../../db/tx'
import type { Uses } from '../../../transactions/run-action'
import { runAction, useServiceQuery } from '../../data/app-data'
import { Field, FormFooter } from '../../components/field'
import { ConfirmDialog } from '../../components/confirm-dialog'
import { NumberField, parseWhole, SavedNumberField } from '../../components/number-field'
import { messageFor } from '../../error-messages'
import { checkForm, fieldErrorsFromDomain } from '../../forms'
import { formatAmountToBuy, plural } from '../../format'
import { UNIT_LABELS } from '../catalogue/unit-labels'
import { UNDO_WINDOW_MS, useToastStore } from '../../stores/toast-store'
import { Money } from '../../components/money'

function useActionError() {
  const showToast = useToastStore((state) => state.show)
  return async function act<T>(uses: Uses, fn: (tx: Tx) => Promise<T>): Promise<boolean> {
    const result = await runAction(uses, fn)
    if (!result.ok) showToast({ message: messageFor(result.error), tone: 'error' })
    return result.ok
  }
}

/** The one pattern for a quick reversible removal: do it, then offer Undo for a while. */
function useUndoable() {
  const act = useActionError()
  const showToast = useToastStore((state) => state.show)
  return async function removeWithUndo(
    uses: Uses,
    remove: (tx: Tx) => Promise<unknown>,
    undo: (tx: Tx) => Promise<unknown>,
    message: string,
  ): Promise<void> {
    if (!(await act(uses, remove))) return
    showToast({
      message,
      durationMs: UNDO_WINDOW_MS,
      action: { label: 'Undo', run: () => act(uses, undo).then(() => undefined) },
    })
  }
}

type AssignInput = z.output<typeof assignPackageToRecipientInputSchema>

type AssignmentToRemove = { id: string; recipientName: string; packageName: string; status: string }

function AssignmentsSection({ eventId }: { eventId: string }) {
  const act = useActionError()
  const removeWithUndo = useUndoable()
  const assignments = useServiceQuery(
    [getEventAssignments],
    (tx) => getEventAssignments(tx, eventId),
    [eventId],
  )
  const recipients = useServiceQuery([listRecipients], (tx) => listRecipients(tx), [])
  const packages = useServiceQuery([listPackages], (tx) => listPackages(tx), [])
  const [recipientId, setRecipientId] = useState('')
  const [packageId, setPackageId] = useState('')
  const [quantity, setQuantity] = useState('1')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [formError, setFormError] = useState<string | null>(null)
  const [confirming, setConfirming] = useState<AssignmentToRemove | null>(null)
  /** An assignment waiting for the cook's answer to the allergen warning. */
  const [allergenCheck, setAllergenCheck] = useState<{
    input: AssignInput
    allergens: string[]
  } | null>(null)

  async function assign(input: AssignInput) {
    const result = await runAction([assignPackageToRecipient], (tx) =>
      assignPackageToRecipient(tx, input),
    )
    if (!result.ok) {
      setErrors(fieldErrorsFromDomain(result.error))
      setFormError(messageFor(result.error))
      return
    }
    setFormError(null)
    setRecipientId('')
    setQuantity('1')
  }

  async function add(formEvent: FormEvent<HTMLFormElement>) {
    formEvent.preventDefault()
    const check = checkForm(assignPackageToRecipientInputSchema, {
      eventId,
      recipientId,
      packageId,
      quantity: parseWhole(quantity),
    })
    const problems: Record<string, string> = check.ok ? {} : { ...check.errors }
    // Clearer than the schema's "Fill this in" for a choice.
    if (!recipientId) problems.recipientId = 'Choose who gets it'
    if (!packageId) problems.packageId = 'Choose a package'
    setErrors(problems)
    if (!check.ok || Object.keys(problems).length > 0) return
    const input = check.data
    // DOMAIN §10: a package with an allergen the recipient must not get is allowed after a warning.
    const warning = await runAction([getAssignmentAllergenWarning], (tx) =>
      getAssignmentAllergenWarning(tx, {
        recipientId: input.recipientId,
        packageId: input.packageId,
      }),
    )
    if (warning.ok && warning.value.length > 0) {
      setAllergenCheck({ input, allergens: warning.value })
      return
    }
    await assign(input)
  }

  async function remove(row: AssignmentToRemove) {
    setConfirming(null)
    await removeWithUndo(
      [deleteAssignment, restoreAssignment],
      (tx) => deleteAssignment(tx, row.id),
      (tx) => restoreAssignment(tx, row.id),
      `Removed ${row.packageName} for ${row.recipientName}`,
    )
  }

  return (
    <section aria-labelledby="plan-assignments">
      <h2 id="plan-assignments">Packages to give</h2>
      <form
        className="panel form-grid"
        onSubmit={(formEvent) => void add(formEvent)}
        noValidate
        aria-label="Assign a package"
      >
        <Field id="assign-recipient" label="Recipient" error={errors.recipientId}>
          <select value={recipientId} onChange={(change) => setRecipientId(change.target.value)}>
            <option value="">Choose…</option>
            {recipients?.map((recipient) => (
              <option key={recipient.id} value={recipient.id}>
                {recipient.name}
              </option>
            ))}
          </select>
        </Field>
        <Field id="assign-package" label="Package" error={errors.packageId}>
          <select value={packageId} onChange={(change) => setPackageId(change.target.value)}>
            <option value="">Choose…</option>
            {packages?.map((pkg) => (
              <option key={pkg.id} value={pkg.id}>
                {pkg.name}
              </option>
            ))}
          </select>
        </Field>
        <NumberField
          id="assign-quantity"
          label="Quantity"
          value={quantity}
          onChange={setQuantity}
          error={errors.quantity}
        />
        <FormFooter submitLabel="Assign package" formError={formError} />
      </form>
      {assignments?.length === 0 && <p className="empty">No packages assigned yet.</p>}
      <ul className="row-list" aria-label="Assigned packages">
        {assignments?.map((row) => (
          <li key={row.id} className="row-item">
            <span className="row-main">
              <span className="card-title">{row.recipientName}</span> · {row.packageName}
              {row.status !== 'pending' && (
                <span className="card-meta">
                  {row.status === 'delivered' ? ' · Delivered' : ' · Ready'}
                </span>
              )}
            </span>
            <SavedNumberField
              id={`quantity-${row.id}`}
              label={`Quantity for ${row.recipientName}, ${row.packageName}`}
              visibleLabel="Quantity"
              saved={row.quantity}
              onSave={(value) =>
                act([updateAssignment], (tx) =>
                  updateAssignment(tx, { id: row.id, quantity: value }),
                )
              }
            />
            <button
              type="button"
              className="button-secondary"
              aria-label={`Remove ${row.packageName} for ${row.recipientName}`}
              onClick={() => (row.status === 'pending' ? void remove(row) : setConfirming(row))}
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
      {confirming && (
        <ConfirmDialog
          title={
            confirming.status === 'delivered'
              ? 'Remove a delivered package?'
              : 'Remove a package that is ready?'
          }
          message={`${confirming.packageName} for ${confirming.recipientName} is already ${confirming.status === 'delivered' ? 'delivered' : 'ready'}. Removing it takes it out of this event's counts and costs. You can undo this for a few seconds.`}
          confirmLabel="Remove"
          danger
          onCancel={() => setConfirming(null)}
          onConfirm={() => void remove(confirming)}
        />
      )}
      {allergenCheck && (
        <ConfirmDialog
          title="Contains an allergen they must not get"
          message={`${packages?.find((pkg) => pkg.id === allergenCheck.input.packageId)?.name ?? 'This package'} contains ${allergenCheck.allergens.join(', ')}, which ${recipients?.find((recipient) => recipient.id === allergenCheck.input.recipientId)?.name ?? 'this recipient'} must not get. Assign it anyway?`}
          confirmLabel="Assign anyway"
          onCancel={() => setAllergenCheck(null)}
          onConfirm={() => {
            const { input } = allergenCheck
            setAllergenCheck(null)
            void assign(input)
          }}
        />
      )}
    </section>
  )
}

function TargetInput({
  id,
  label,
  value,
  placeholder,
  onSave,
}: {
  id: string
  label: string
  value: number | null
  placeholder?: string
  onSave: (value: number) => Promise<boolean>
}) {
  return (
    <form className="target-form" noValidate onSubmit={(formEvent) => formEvent.preventDefault()}>
      <SavedNumberField
        id={id}
        label={label}
        saved={value}
        onSave={onSave}
        saveLabel="Save"
        stepper={false}
        {...(placeholder ? { placeholder } : {})}
      />
    </form>
  )
}

function ProductionTargetsSection({ eventId }: { eventId: string }) {
  const act = useActionError()
  const removeWithUndo = useUndoable()
  const needs = useServiceQuery([getRecipeNeeds], (tx) => getRecipeNeeds(tx, eventId), [eventId])
  const targets = useServiceQuery(
    [listProductionTargets],
    (tx) => listProductionTargets(tx, eventId),
    [eventId],
  )
  const recipes = useServiceQuery([listRecipes], (tx) => listRecipes(tx), [])
  if (!needs || !targets || !recipes) return <p aria-busy="true">Loading…</p>
  const targetByRecipe = new Map(targets.map((target) => [target.recipeId, target]))
  const needByRecipe = new Map(needs.map((need) => [need.recipeId, need]))
  const rows = recipes.filter(
    (recipe) => targetByRecipe.has(recipe.id) || needByRecipe.has(recipe.id),
  )
  const missing = needs.filter(
    (need) => targetByRecipe.get(need.recipeId)?.targetBatches !== need.batchesNeeded,
  )

  return (
    <section aria-labelledby="plan-production">
      <div className="section-heading">
        <h2 id="plan-production">Baking targets</h2>
        {missing.length > 0 && (
          <button
            type="button"
            className="button-primary"
            onClick={() =>
              void act([adoptProductionNeedsAsTargets], (tx) =>
                adoptProductionNeedsAsTargets(tx, eventId),
              )
            }
          >
            Use what packages need ({plural(missing.length, 'recipe')})
          </button>
        )}
      </div>
      {rows.length === 0 && (
        <p className="empty">
          Assign packages first: targets are worked out from what they contain.
        </p>
      )}
      <ul className="row-list" aria-label="Baking targets">
        {rows.map((recipe) => {
          const need = needByRecipe.get(recipe.id)
          const target = targetByRecipe.get(recipe.id)
          return (
            <li key={recipe.id} className="row-item">
              <span className="row-main">
                <span className="card-title">{recipe.name}</span>
                <span className="card-meta">
                  {need
                    ? `Packages need ${need.totalUnitsNeeded} items = ${plural(need.batchesNeeded, 'batch', 'batches')}`
                    : 'Not needed by any package'}
                </span>
              </span>
              <TargetInput
                id={`target-${recipe.id}`}
                label={`Target batches for ${recipe.name}`}
                value={target?.targetBatches ?? null}
                {...(need ? { placeholder: String(need.batchesNeeded) } : {})}
                onSave={(value) =>
                  act([setProductionTarget], (tx) =>
                    setProductionTarget(tx, { eventId, recipeId: recipe.id, targetBatches: value }),
                  )
                }
              />
              {target && (
                <button
                  type="button"
                  className="button-secondary"
                  aria-label={`Remove target for ${recipe.name}`}
                  onClick={() =>
                    void removeWithUndo(
                      [deleteProductionTarget, setProductionTarget],
                      (tx) => deleteProductionTarget(tx, { eventId, recipeId: recipe.id }),
                      (tx) =>
                        setProductionTarget(tx, {
                          eventId,
                          recipeId: recipe.id,
                          targetBatches: target.targetBatches,
                          notes: target.notes,
                        }),
                      `Removed the target for ${recipe.name}`,
                    )
                  }
                >
                  Remove
                </button>
              )}
            </li>
          )
        })}
      </ul>
    </section>
  )
}

function AssemblyTargetsSection({ eventId }: { eventId: string }) {
  const act = useActionError()
  const removeWithUndo = useUndoable()
  const goods = useServiceQuery([listFinishedGoods], (tx) => listFinishedGoods(tx), [])
  const targets = useServiceQuery([listAssemblyTargets], (tx) => listAssemblyTargets(tx, eventId), [
    eventId,
  ])
  const needs = useServiceQuery([getAssemblyNeeds], (tx) => getAssemblyNeeds(tx, eventId), [
    eventId,
  ])
  if (!goods || !targets || !needs) return <p aria-busy="true">Loading…</p>
  const targetByGood = new Map(targets.map((target) => [target.finishedGoodId, target]))
  const needByGood = new Map(needs.map((need) => [need.finishedGoodId, need]))
  const live = new Set(goods.map((good) => good.id))
  const missing = needs.filter(
    (need) =>
      live.has(need.finishedGoodId) &&
      targetByGood.get(need.finishedGoodId)?.targetQuantity !== need.quantityNeeded,
  )
  return (
    <section aria-labelledby="plan-assembly">
      <div className="section-heading">
        <h2 id="plan-assembly">Assembly targets</h2>
        {missing.length > 0 && (
          <button
            type="button"
            className="button-primary"
            onClick={() =>
              void act([adoptAssemblyNeedsAsTargets], (tx) =>
                adoptAssemblyNeedsAsTargets(tx, eventId),
              )
            }
          >
            Use what packages need ({plural(missing.length, 'finished good')})
          </button>
        )}
      </div>
      {goods.length === 0 && <p className="empty">Add finished goods in the Catalogue first.</p>}
      <ul className="row-list" aria-label="Assembly targets">
        {goods.map((good) => {
          const target = targetByGood.get(good.id)
          return (
            <li key={good.id} className="row-item">
              <span className="row-main">
                <span className="card-title">{good.name}</span>
                <span className="card-meta">
                  {needByGood.has(good.id)
                    ? `Packages need ${needByGood.get(good.id)?.quantityNeeded ?? 0}`
                    : 'Not needed by any package'}
                </span>
              </span>
              <TargetInput
                id={`assembly-target-${good.id}`}
                label={`Target for ${good.name}`}
                value={target?.targetQuantity ?? null}
                {...(needByGood.has(good.id)
                  ? { placeholder: String(needByGood.get(good.id)?.quantityNeeded) }
                  : {})}
                onSave={(value) =>
                  act([setAssemblyTarget], (tx) =>
                    setAssemblyTarget(tx, {
                      eventId,
                      finishedGoodId: good.id,
                      targetQuantity: value,
                    }),
                  )
                }
              />
              {target && (
                <button
                  type="button"
                  className="button-secondary"
                  aria-label={`Remove target for ${good.name}`}
                  onClick={() =>
                    void removeWithUndo(
                      [deleteAssemblyTarget, setAssemblyTarget],
                      (tx) => deleteAssemblyTarget(tx, { eventId, finishedGoodId: good.id }),
                      (tx) =>
                        setAssemblyTarget(tx, {
                          eventId,
                          finishedGoodId: good.id,
                          targetQuantity: target.targetQuantity,
                          notes: target.notes,
                        }),
                      `Removed the target for ${good.name}`,
                    )
                  }
                >
                  Remove
                </button>
              )}
            </li>
          )
        })}
      </ul>
    </section>
  )
}

function ShoppingListSection({ eventId }: { eventId: string }) {
  const list = useServiceQuery([getShoppingList], (tx) => getShoppingList(tx, eventId), [eventId])
  if (!list) return null
  return (
    <section aria-labelledby="plan-shopping">
      <h2 id="plan-shopping">Shopping list</h2>
      {list.items.length === 0 ? (
        <p className="empty">
          Nothing to buy: every needed batch is baked, or nothing is planned yet.
        </p>
      ) : (
        <div className="table-scroll">
          <table className="data-table" aria-label="Shopping list">
            <thead>
              <tr>
                <th scope="col">Ingredient</th>
                <th scope="col" className="num">
                  Amount
                </th>
                <th scope="col" className="num">
                  Cost
                </th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((item) => (
                <tr key={item.ingredientId}>
                  <th scope="row">{item.ingredientName}</th>
                  <td className="num" data-label="Amount">
                    {formatAmountToBuy(item.quantity, item.unit)} {UNIT_LABELS[item.unit]}
                  </td>
                  <td className="num" data-label="Cost">
                    <Money amount={item.estimatedCost} />
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">Total</th>
                <td />
                <td className="num" data-label="Cost">
                  <Money amount={list.total} />
                </td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </section>
  )
}

export function PlanTab({ eventId }: { eventId: string }) {
  return (
    <>
      <AssignmentsSection eventId={eventId} />
      <ProductionTargetsSection eventId={eventId} />
      <AssemblyTargetsSection eventId={eventId} />
      <ShoppingListSection eventId={eventId} />
    </>
  )
}

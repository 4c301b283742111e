/** Baked items (finished units): what one batch of a recipe makes, and how many. */
import { useState, type FormEvent } from 'react'
import {
  createFinishedUnit,
  createFinishedUnitInputSchema,
  deleteFinishedUnit,
  listFinishedUnits,
  listRecipes,
  updateFinishedUnit,
  type FinishedUnitDto,
} from '../../../services'
import { useServiceQuery } from '../../data/app-data'
import { useAction } from '../../data/use-action'
import { Field } from '../../components/field'
import { ItemRow } from '../../components/item-row'
import { messageFor } from '../../error-messages'
import { checkForm, fieldErrorsFromDomain, toNumber, type FieldErrors } from '../../forms'

function FinishedUnitForm({
  editing,
  onDone,
}: {
  editing: FinishedUnitDto | null
  onDone: () => void
}) {
  const act = useAction()
  const recipes = useServiceQuery((tx) => listRecipes(tx), [])
  const [name, setName] = useState(editing?.name ?? '')
  const [recipeId, setRecipeId] = useState(editing?.recipeId ?? '')
  const [itemsPerBatch, setItemsPerBatch] = useState(editing ? String(editing.itemsPerBatch) : '')
  const [itemUnit, setItemUnit] = useState(editing?.itemUnit ?? '')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [formError, setFormError] = useState<string | null>(null)

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const values = { name, recipeId, itemsPerBatch: toNumber(itemsPerBatch), itemUnit }
    const check = checkForm(createFinishedUnitInputSchema, values)
    if (!check.ok) {
      setErrors({ ...check.errors, ...(recipeId ? {} : { recipeId: 'Choose the recipe' }) })
      return
    }
    setErrors({})
    const saved = await act(
      (tx) =>
        editing
          ? updateFinishedUnit(tx, { id: editing.id, ...check.data })
          : createFinishedUnit(tx, check.data),
      {
        success: editing ? `Saved ${name}` : `Added ${name}`,
        onError: (error) => {
          setErrors(fieldErrorsFromDomain(error))
          setFormError(messageFor(error))
        },
      },
    )
    if (saved) onDone()
  }

  return (
    <form
      className="panel form-grid"
      onSubmit={(event) => void submit(event)}
      noValidate
      aria-label={editing ? 'Edit baked item' : 'New baked item'}
    >
      <h3 className="form-title">{editing ? `Edit ${editing.name}` : 'New baked item'}</h3>
      <Field id="unit-name" label="Name" error={errors.name}>
        <input
          value={name}
          onChange={(change) => setName(change.target.value)}
          placeholder="Sugar cookie"
        />
      </Field>
      <Field id="unit-recipe" label="Recipe" error={errors.recipeId}>
        <select value={recipeId} onChange={(change) => setRecipeId(change.target.value)}>
          <option value="">Choose…</option>
          {recipes?.map((recipe) => (
            <option key={recipe.id} value={recipe.id}>
              {recipe.name}
            </option>
          ))}
        </select>
      </Field>
      <Field id="unit-per-batch" label="Items per batch" error={errors.itemsPerBatch}>
        <input
          inputMode="numeric"
          value={itemsPerBatch}
          onChange={(change) => setItemsPerBatch(change.target.value)}
          placeholder="36"
        />
      </Field>
      <Field id="unit-item-unit" label="Called" error={errors.itemUnit}>
        <input
          value={itemUnit}
          onChange={(change) => setItemUnit(change.target.value)}
          placeholder="cookie"
        />
      </Field>
      <div className="form-buttons">
        <button type="submit" className="button-primary">
          {editing ? 'Save' : 'Add baked item'}
        </button>
        <button type="button" className="button-secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
      {formError && (
        <p role="alert" className="form-error">
          {formError}
        </p>
      )}
    </form>
  )
}

export function FinishedUnitsTab() {
  const act = useAction()
  const units = useServiceQuery((tx) => listFinishedUnits(tx), [])
  const recipes = useServiceQuery((tx) => listRecipes(tx), [])
  const recipeName = new Map(recipes?.map((recipe) => [recipe.id, recipe.name]))
  const [editing, setEditing] = useState<FinishedUnitDto | null | 'new'>(null)
  return (
    <>
      {editing === null ? (
        <button type="button" className="button-primary" onClick={() => setEditing('new')}>
          New baked item
        </button>
      ) : (
        <FinishedUnitForm
          key={editing === 'new' ? 'new' : editing.id}
          editing={editing === 'new' ? null : editing}
          onDone={() => setEditing(null)}
        />
      )}
      {units?.length === 0 && (
        <p className="empty">No baked items yet. Each says what one batch of a recipe makes.</p>
      )}
      <ul className="row-list catalogue-list" aria-label="Baked items">
        {units?.map((unit) => (
          <ItemRow
            key={unit.id}
            name={unit.name}
            details={`${unit.itemsPerBatch} ${unit.itemUnit || 'items'} per batch of ${recipeName.get(unit.recipeId) ?? 'a deleted recipe'}`}
            onEdit={() => setEditing(unit)}
            onDelete={() =>
              void act((tx) => deleteFinishedUnit(tx, unit.id), { success: `Deleted ${unit.name}` })
            }
          />
        ))}
      </ul>
    </>
  )
}

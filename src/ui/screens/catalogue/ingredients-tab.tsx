/** Ingredients: name, purchase unit, cost per unit and (for cups ↔ grams) density. */
import { useState, type FormEvent } from 'react'
import { COUNT_UNITS, MASS_UNITS, VOLUME_UNITS, type Unit } from '../../../db/schema'
import {
  createIngredient,
  createIngredientInputSchema,
  deleteIngredient,
  listIngredients,
  updateIngredient,
  type IngredientDto,
} from '../../../services'
import { useServiceQuery } from '../../data/app-data'
import { useAction } from '../../data/use-action'
import { Field } from '../../components/field'
import { ItemRow } from '../../components/item-row'
import { messageFor } from '../../error-messages'
import { checkForm, fieldErrorsFromDomain, toNumber, type FieldErrors } from '../../forms'
import { UNIT_LABELS } from './unit-labels'

const UNITS: Unit[] = [...MASS_UNITS, ...VOLUME_UNITS, ...COUNT_UNITS]

function IngredientForm({
  editing,
  onDone,
}: {
  editing: IngredientDto | null
  onDone: () => void
}) {
  const act = useAction()
  const [name, setName] = useState(editing?.name ?? '')
  const [unit, setUnit] = useState<Unit>(editing?.unit ?? 'g')
  const [unitCost, setUnitCost] = useState(editing?.unitCostPrecise ?? '')
  const [density, setDensity] = useState(editing?.density != null ? String(editing.density) : '')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [formError, setFormError] = useState<string | null>(null)

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const values = {
      name,
      unit,
      unitCost: unitCost.trim().replace(',', '.'),
      ...(density.trim() ? { density: toNumber(density) } : {}),
    }
    const check = checkForm(createIngredientInputSchema, values)
    if (!check.ok) {
      setErrors(check.errors)
      return
    }
    setErrors({})
    const saved = await act(
      (tx) =>
        editing
          ? updateIngredient(tx, { id: editing.id, ...values, density: values.density ?? null })
          : createIngredient(tx, values),
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
      aria-label={editing ? 'Edit ingredient' : 'New ingredient'}
    >
      <h3 className="form-title">{editing ? `Edit ${editing.name}` : 'New ingredient'}</h3>
      <Field id="ingredient-name" label="Name" error={errors.name}>
        <input
          value={name}
          onChange={(change) => setName(change.target.value)}
          placeholder="Butter"
        />
      </Field>
      <Field id="ingredient-unit" label="Bought by" error={errors.unit}>
        <select value={unit} onChange={(change) => setUnit(change.target.value as Unit)}>
          {UNITS.map((option) => (
            <option key={option} value={option}>
              {UNIT_LABELS[option]}
            </option>
          ))}
        </select>
      </Field>
      <Field id="ingredient-cost" label={`Cost per ${UNIT_LABELS[unit]}`} error={errors.unitCost}>
        <input
          inputMode="decimal"
          value={unitCost}
          onChange={(change) => setUnitCost(change.target.value)}
          placeholder="0.0104"
        />
      </Field>
      <Field
        id="ingredient-density"
        label="Density (g per ml)"
        error={errors.density}
        hint="Only to convert cups to grams"
      >
        <input
          inputMode="decimal"
          value={density}
          onChange={(change) => setDensity(change.target.value)}
          placeholder="0.53"
        />
      </Field>
      <div className="form-buttons">
        <button type="submit" className="button-primary">
          {editing ? 'Save' : 'Add ingredient'}
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

export function IngredientsTab() {
  const act = useAction()
  const ingredients = useServiceQuery((tx) => listIngredients(tx), [])
  const [editing, setEditing] = useState<IngredientDto | null | 'new'>(null)
  return (
    <>
      {editing === null ? (
        <button type="button" className="button-primary" onClick={() => setEditing('new')}>
          New ingredient
        </button>
      ) : (
        <IngredientForm
          key={editing === 'new' ? 'new' : editing.id}
          editing={editing === 'new' ? null : editing}
          onDone={() => setEditing(null)}
        />
      )}
      {ingredients?.length === 0 && <p className="empty">No ingredients yet.</p>}
      <ul className="row-list catalogue-list" aria-label="Ingredients">
        {ingredients?.map((ingredient) => (
          <ItemRow
            key={ingredient.id}
            name={ingredient.name}
            details={`${ingredient.unitCostPrecise} per ${UNIT_LABELS[ingredient.unit]}${ingredient.density != null ? ` · ${ingredient.density} g/ml` : ''}`}
            onEdit={() => setEditing(ingredient)}
            onDelete={() =>
              void act((tx) => deleteIngredient(tx, ingredient.id), {
                success: `Deleted ${ingredient.name}`,
              })
            }
          />
        ))}
      </ul>
    </>
  )
}

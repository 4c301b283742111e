/** Recipes: a name, the ingredients of one batch with quantities and units, and notes. */
import { useState, type FormEvent } from 'react'
import { COUNT_UNITS, MASS_UNITS, VOLUME_UNITS, type Unit } from '../../../db/schema'
import {
  createRecipe,
  createRecipeInputSchema,
  deleteRecipe,
  listIngredients,
  listRecipes,
  updateRecipe,
  type RecipeDto,
} from '../../../services'
import { useServiceQuery } from '../../data/app-data'
import { useAction } from '../../data/use-action'
import { Field } from '../../components/field'
import { ItemRow } from '../../components/item-row'
import { messageFor } from '../../error-messages'
import { checkForm, fieldErrorsFromDomain, toNumber, type FieldErrors } from '../../forms'
import { UNIT_LABELS } from './unit-labels'

const UNITS: Unit[] = [...MASS_UNITS, ...VOLUME_UNITS, ...COUNT_UNITS]
type Line = { key: number; ingredientId: string; quantity: string; unit: Unit }
let nextKey = 1

function RecipeForm({ editing, onDone }: { editing: RecipeDto | null; onDone: () => void }) {
  const act = useAction()
  const ingredients = useServiceQuery((tx) => listIngredients(tx), [])
  const [name, setName] = useState(editing?.name ?? '')
  const [notes, setNotes] = useState(editing?.notes ?? '')
  const [lines, setLines] = useState<Line[]>(
    editing?.ingredients.map((line) => ({
      key: nextKey++,
      ingredientId: line.ingredientId,
      quantity: String(line.quantity),
      unit: line.unit,
    })) ?? [],
  )
  const [errors, setErrors] = useState<FieldErrors>({})
  const [formError, setFormError] = useState<string | null>(null)

  const setLine = (key: number, patch: Partial<Line>) =>
    setLines((current) => current.map((line) => (line.key === key ? { ...line, ...patch } : line)))

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const values = {
      name,
      notes,
      ingredients: lines.map((line) => ({
        ingredientId: line.ingredientId,
        quantity: toNumber(line.quantity),
        unit: line.unit,
      })),
    }
    const check = checkForm(createRecipeInputSchema, values)
    if (!check.ok) {
      setErrors(check.errors)
      return
    }
    setErrors({})
    const saved = await act(
      (tx) =>
        editing
          ? updateRecipe(tx, { id: editing.id, ...check.data })
          : createRecipe(tx, check.data),
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
      aria-label={editing ? 'Edit recipe' : 'New recipe'}
    >
      <h3 className="form-title">{editing ? `Edit ${editing.name}` : 'New recipe'}</h3>
      <Field id="recipe-name" label="Name" error={errors.name}>
        <input
          value={name}
          onChange={(change) => setName(change.target.value)}
          placeholder="Sugar cookies"
        />
      </Field>
      <Field id="recipe-notes" label="Notes" error={errors.notes}>
        <input value={notes} onChange={(change) => setNotes(change.target.value)} />
      </Field>
      <fieldset className="lines">
        <legend>Ingredients for one batch</legend>
        {lines.map((line, index) => (
          <div key={line.key} className="line">
            <Field
              id={`recipe-line-${line.key}-ingredient`}
              label="Ingredient"
              error={errors[`ingredients.${index}.ingredientId`]}
            >
              <select
                value={line.ingredientId}
                onChange={(change) => setLine(line.key, { ingredientId: change.target.value })}
              >
                <option value="">Choose…</option>
                {ingredients?.map((ingredient) => (
                  <option key={ingredient.id} value={ingredient.id}>
                    {ingredient.name}
                  </option>
                ))}
              </select>
            </Field>
            <Field
              id={`recipe-line-${line.key}-quantity`}
              label="Quantity"
              error={errors[`ingredients.${index}.quantity`]}
            >
              <input
                inputMode="decimal"
                value={line.quantity}
                onChange={(change) => setLine(line.key, { quantity: change.target.value })}
              />
            </Field>
            <Field
              id={`recipe-line-${line.key}-unit`}
              label="Unit"
              error={errors[`ingredients.${index}.unit`]}
            >
              <select
                value={line.unit}
                onChange={(change) => setLine(line.key, { unit: change.target.value as Unit })}
              >
                {UNITS.map((unit) => (
                  <option key={unit} value={unit}>
                    {UNIT_LABELS[unit]}
                  </option>
                ))}
              </select>
            </Field>
            <button
              type="button"
              className="button-secondary"
              aria-label={`Remove ingredient line ${index + 1}`}
              onClick={() =>
                setLines((current) => current.filter((other) => other.key !== line.key))
              }
            >
              Remove
            </button>
          </div>
        ))}
        <button
          type="button"
          className="button-secondary"
          onClick={() =>
            setLines((current) => [
              ...current,
              { key: nextKey++, ingredientId: '', quantity: '', unit: 'g' },
            ])
          }
        >
          Add ingredient
        </button>
      </fieldset>
      <div className="form-buttons">
        <button type="submit" className="button-primary">
          {editing ? 'Save' : 'Add recipe'}
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

export function RecipesTab() {
  const act = useAction()
  const recipes = useServiceQuery((tx) => listRecipes(tx), [])
  const [editing, setEditing] = useState<RecipeDto | null | 'new'>(null)
  return (
    <>
      {editing === null ? (
        <button type="button" className="button-primary" onClick={() => setEditing('new')}>
          New recipe
        </button>
      ) : (
        <RecipeForm
          key={editing === 'new' ? 'new' : editing.id}
          editing={editing === 'new' ? null : editing}
          onDone={() => setEditing(null)}
        />
      )}
      {recipes?.length === 0 && <p className="empty">No recipes yet.</p>}
      <ul className="row-list catalogue-list" aria-label="Recipes">
        {recipes?.map((recipe) => (
          <ItemRow
            key={recipe.id}
            name={recipe.name}
            details={
              recipe.ingredients
                .map((line) => `${line.quantity} ${UNIT_LABELS[line.unit]} ${line.ingredientName}`)
                .join(', ') || 'No ingredients'
            }
            onEdit={() => setEditing(recipe)}
            onDelete={() =>
              void act((tx) => deleteRecipe(tx, recipe.id), { success: `Deleted ${recipe.name}` })
            }
          />
        ))}
      </ul>
    </>
  )
}

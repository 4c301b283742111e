/** Recipes: a name, the ingredients of one batch with quantities and units, and notes. */
import { useState } from 'react'
import { COUNT_UNITS, MASS_UNITS, VOLUME_UNITS, type Unit } from '../../../db/schema'
import {
  createRecipe,
  createRecipeInputSchema,
  deleteRecipe,
  listIngredients,
  listRecipes,
  updateRecipe,
  type RecipeDto,
  listCatalogueAllergens,
} from '../../../services'
import { containsText } from './allergen-text'
import { useServiceQuery } from '../../data/app-data'
import { useAction } from '../../data/use-action'
import { Field } from '../../components/field'
import { NumberField } from '../../components/number-field'
import { CatalogueList } from '../../components/catalogue-list'
import { EntityForm, useSaveForm } from '../../components/entity-form'
import { useLines } from '../../components/line-list'
import { LineFieldset } from '../../components/line-fieldset'
import { toNumber } from '../../forms'
import { UNIT_LABELS } from './unit-labels'
import { NextStep } from '../../components/next-step'

const UNITS: Unit[] = [...MASS_UNITS, ...VOLUME_UNITS, ...COUNT_UNITS]
type Line = { ingredientId: string; quantity: string; unit: Unit }

function RecipeForm({ editing, onDone }: { editing: RecipeDto | null; onDone: () => void }) {
  const ingredients = useServiceQuery([listIngredients], (tx) => listIngredients(tx), [])
  const [name, setName] = useState(editing?.name ?? '')
  const [notes, setNotes] = useState(editing?.notes ?? '')
  const lines = useLines<Line>(
    editing?.ingredients.map((line) => ({
      ingredientId: line.ingredientId,
      quantity: String(line.quantity),
      unit: line.unit,
    })) ?? [],
  )
  const { errors, formError, submit } = useSaveForm({
    schema: createRecipeInputSchema,
    uses: [createRecipe, updateRecipe],
    save: (tx, data) =>
      editing ? updateRecipe(tx, { id: editing.id, ...data }) : createRecipe(tx, data),
    success: editing ? `Saved ${name}` : `Added ${name}`,
    onDone,
  })

  return (
    <EntityForm
      noun="recipe"
      editingName={editing?.name ?? null}
      formError={formError}
      onCancel={onDone}
      onSubmit={() =>
        void submit({
          name,
          notes,
          ingredients: lines.lines.map((line) => ({
            ingredientId: line.ingredientId,
            quantity: toNumber(line.quantity),
            unit: line.unit,
          })),
        })
      }
    >
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
      <LineFieldset
        legend="Ingredients for one batch"
        lines={lines}
        lineNoun="ingredient"
        addLabel="Add ingredient"
        blank={{ ingredientId: '', quantity: '', unit: 'g' }}
      >
        {(line, index) => (
          <>
            <Field
              id={`recipe-line-${line.key}-ingredient`}
              label="Ingredient"
              error={errors[`ingredients.${index}.ingredientId`]}
            >
              <select
                value={line.ingredientId}
                onChange={(change) => lines.update(line.key, { ingredientId: change.target.value })}
              >
                <option value="">Choose…</option>
                {ingredients?.map((ingredient) => (
                  <option key={ingredient.id} value={ingredient.id}>
                    {ingredient.name}
                  </option>
                ))}
              </select>
            </Field>
            <NumberField
              id={`recipe-line-${line.key}-quantity`}
              label="Quantity"
              kind="decimal"
              value={line.quantity}
              onChange={(text) => lines.update(line.key, { quantity: text })}
              error={errors[`ingredients.${index}.quantity`]}
            />
            <Field
              id={`recipe-line-${line.key}-unit`}
              label="Unit"
              error={errors[`ingredients.${index}.unit`]}
            >
              <select
                value={line.unit}
                onChange={(change) => lines.update(line.key, { unit: change.target.value as Unit })}
              >
                {UNITS.map((unit) => (
                  <option key={unit} value={unit}>
                    {UNIT_LABELS[unit]}
                  </option>
                ))}
              </select>
            </Field>
          </>
        )}
      </LineFieldset>
    </EntityForm>
  )
}

export function RecipesTab() {
  const act = useAction()
  const recipes = useServiceQuery([listRecipes], (tx) => listRecipes(tx), [])
  const allergens = useServiceQuery(
    [listCatalogueAllergens],
    (tx) => listCatalogueAllergens(tx),
    [],
  )
  return (
    <CatalogueList
      items={recipes}
      newLabel="New recipe"
      listLabel="Recipes"
      empty={<NextStep step="recipes">No recipes yet.</NextStep>}
      details={(recipe) =>
        (recipe.ingredients
          .map((line) => `${line.quantity} ${UNIT_LABELS[line.unit]} ${line.ingredientName}`)
          .join(', ') || 'No ingredients') + containsText(allergens?.recipes[recipe.id])
      }
      onDelete={(recipe) =>
        void act([deleteRecipe], (tx) => deleteRecipe(tx, recipe.id), {
          success: `Deleted ${recipe.name}`,
        })
      }
      form={(editing, onDone) => <RecipeForm editing={editing} onDone={onDone} />}
    />
  )
}

/** Baked items (finished units): what one batch of a recipe makes, and how many. */
import { useState } from 'react'
import {
  createFinishedUnit,
  createFinishedUnitInputSchema,
  deleteFinishedUnit,
  listFinishedUnits,
  listRecipes,
  updateFinishedUnit,
  type FinishedUnitDto,
  listCatalogueAllergens,
} from '../../../services'
import { containsText } from './allergen-text'
import { useServiceQuery } from '../../data/app-data'
import { useAction } from '../../data/use-action'
import { Field } from '../../components/field'
import { NumberField } from '../../components/number-field'
import { CatalogueList } from '../../components/catalogue-list'
import { EntityForm, useSaveForm } from '../../components/entity-form'
import { toNumber } from '../../forms'
import { NextStep } from '../../components/next-step'

function FinishedUnitForm({
  editing,
  onDone,
}: {
  editing: FinishedUnitDto | null
  onDone: () => void
}) {
  const recipes = useServiceQuery([listRecipes], (tx) => listRecipes(tx), [])
  const [name, setName] = useState(editing?.name ?? '')
  const [recipeId, setRecipeId] = useState(editing?.recipeId ?? '')
  const [itemsPerBatch, setItemsPerBatch] = useState(editing ? String(editing.itemsPerBatch) : '')
  const [itemUnit, setItemUnit] = useState(editing?.itemUnit ?? '')
  const { errors, formError, submit } = useSaveForm({
    schema: createFinishedUnitInputSchema,
    uses: [createFinishedUnit, updateFinishedUnit],
    save: (tx, data) =>
      editing ? updateFinishedUnit(tx, { id: editing.id, ...data }) : createFinishedUnit(tx, data),
    success: editing ? `Saved ${name}` : `Added ${name}`,
    onDone,
  })

  return (
    <EntityForm
      noun="baked item"
      editingName={editing?.name ?? null}
      formError={formError}
      onCancel={onDone}
      onSubmit={() =>
        void submit(
          { name, recipeId, itemsPerBatch: toNumber(itemsPerBatch), itemUnit },
          recipeId ? {} : { recipeId: 'Choose the recipe' },
        )
      }
    >
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
      <NumberField
        id="unit-per-batch"
        label="Items per batch"
        stepper={false}
        value={itemsPerBatch}
        onChange={setItemsPerBatch}
        error={errors.itemsPerBatch}
        placeholder="36"
      />
      <Field id="unit-item-unit" label="Called" error={errors.itemUnit}>
        <input
          value={itemUnit}
          onChange={(change) => setItemUnit(change.target.value)}
          placeholder="cookie"
        />
      </Field>
    </EntityForm>
  )
}

export function FinishedUnitsTab() {
  const act = useAction()
  const units = useServiceQuery([listFinishedUnits], (tx) => listFinishedUnits(tx), [])
  const recipes = useServiceQuery([listRecipes], (tx) => listRecipes(tx), [])
  const recipeName = new Map(recipes?.map((recipe) => [recipe.id, recipe.name]))
  const allergens = useServiceQuery(
    [listCatalogueAllergens],
    (tx) => listCatalogueAllergens(tx),
    [],
  )
  return (
    <CatalogueList
      items={units}
      newLabel="New baked item"
      listLabel="Baked items"
      empty={
        <NextStep step="finishedUnits">
          No baked items yet. Each says what one batch of a recipe makes.
        </NextStep>
      }
      details={(unit) =>
        `${unit.itemsPerBatch} ${unit.itemUnit || 'items'} per batch of ${recipeName.get(unit.recipeId) ?? 'a deleted recipe'}` +
        containsText(allergens?.finishedUnits[unit.id])
      }
      onDelete={(unit) =>
        void act([deleteFinishedUnit], (tx) => deleteFinishedUnit(tx, unit.id), {
          success: `Deleted ${unit.name}`,
        })
      }
      form={(editing, onDone) => <FinishedUnitForm editing={editing} onDone={onDone} />}
    />
  )
}

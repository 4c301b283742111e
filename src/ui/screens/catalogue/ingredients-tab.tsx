/** Ingredients: name, purchase unit, cost per unit and (for cups ↔ grams) density. */
import { useState } from 'react'
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
import { NumberField } from '../../components/number-field'
import { AllergenPicker } from '../../components/allergen-picker'
import type { Allergen } from '../../../db/schema'
import { CatalogueList } from '../../components/catalogue-list'
import { EntityForm, useSaveForm } from '../../components/entity-form'
import { toNumber } from '../../forms'
import { PriceImport } from './price-import-button'
import { UNIT_LABELS } from './unit-labels'
import { NextStep } from '../../components/next-step'

const UNITS: Unit[] = [...MASS_UNITS, ...VOLUME_UNITS, ...COUNT_UNITS]

function IngredientForm({
  editing,
  onDone,
}: {
  editing: IngredientDto | null
  onDone: () => void
}) {
  const [name, setName] = useState(editing?.name ?? '')
  const [unit, setUnit] = useState<Unit>(editing?.unit ?? 'g')
  const [unitCost, setUnitCost] = useState(editing?.unitCostPrecise ?? '')
  const [density, setDensity] = useState(editing?.density != null ? String(editing.density) : '')
  const [allergens, setAllergens] = useState<Allergen[]>(editing?.allergens ?? [])
  const values = {
    name,
    unit,
    unitCost: unitCost.trim().replace(',', '.'),
    ...(density.trim() ? { density: toNumber(density) } : {}),
    allergens,
  }
  const { errors, formError, submit } = useSaveForm({
    schema: createIngredientInputSchema,
    uses: [createIngredient, updateIngredient],
    // The services get the typed values: the checked ones hold the cost already in micro-units.
    save: (tx) =>
      editing
        ? updateIngredient(tx, { id: editing.id, ...values, density: values.density ?? null })
        : createIngredient(tx, values),
    success: editing ? `Saved ${name}` : `Added ${name}`,
    onDone,
  })

  return (
    <EntityForm
      noun="ingredient"
      editingName={editing?.name ?? null}
      formError={formError}
      onCancel={onDone}
      onSubmit={() => void submit(values)}
    >
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
      <NumberField
        id="ingredient-cost"
        label={`Cost per ${UNIT_LABELS[unit]}`}
        kind="decimal"
        value={unitCost}
        onChange={setUnitCost}
        error={errors.unitCost}
        placeholder="0.0104"
      />
      <NumberField
        id="ingredient-density"
        label="Density (g per ml)"
        kind="decimal"
        value={density}
        onChange={setDensity}
        error={errors.density}
        hint="Only to convert cups to grams"
        placeholder="0.53"
      />
      <AllergenPicker
        legend="Contains (allergens)"
        value={allergens}
        onChange={setAllergens}
        error={errors.allergens}
      />
    </EntityForm>
  )
}

export function IngredientsTab() {
  const act = useAction()
  const ingredients = useServiceQuery([listIngredients], (tx) => listIngredients(tx), [])
  return (
    <>
      {ingredients && ingredients.length > 0 && <PriceImport />}
      <CatalogueList
        items={ingredients}
        newLabel="New ingredient"
        listLabel="Ingredients"
        empty={<NextStep step="ingredients">No ingredients yet: start with what you buy.</NextStep>}
        details={(ingredient) =>
          `${ingredient.unitCostPrecise} per ${UNIT_LABELS[ingredient.unit]}${ingredient.density != null ? ` · ${ingredient.density} g/ml` : ''}${ingredient.allergens.length > 0 ? ` · contains ${ingredient.allergens.join(', ')}` : ''}`
        }
        onDelete={(ingredient) =>
          void act([deleteIngredient], (tx) => deleteIngredient(tx, ingredient.id), {
            success: `Deleted ${ingredient.name}`,
          })
        }
        form={(editing, onDone) => <IngredientForm editing={editing} onDone={onDone} />}
      />
    </>
  )
}

/**
 * The 14 allergens of food-labelling law as checkboxes in one fieldset: an ingredient's tags or a
 * recipient's exclusions. Only names from the one list (db/schema/allergens.ts) can be chosen.
 */
import { ALLERGENS, type Allergen } from '../../db/schema'

export function AllergenPicker({
  legend,
  value,
  onChange,
  error,
}: {
  legend: string
  value: readonly Allergen[]
  onChange: (next: Allergen[]) => void
  error?: string | undefined
}) {
  const chosen = new Set(value)
  return (
    <fieldset className="field allergen-picker">
      <legend>{legend}</legend>
      <div className="allergen-options">
        {ALLERGENS.map((allergen) => (
          <label key={allergen} className="allergen-option">
            <input
              type="checkbox"
              checked={chosen.has(allergen)}
              onChange={(change) =>
                onChange(
                  ALLERGENS.filter((item) =>
                    item === allergen ? change.target.checked : chosen.has(item),
                  ),
                )
              }
            />{' '}
            {allergen}
          </label>
        ))}
      </div>
      {error && <p className="field-error">{error}</p>}
    </fieldset>
  )
}

/** Finished goods: bundles of baked items and/or other finished goods (a tin inside a hamper). */
import { useState } from 'react'
import {
  createFinishedGood,
  createFinishedGoodInputSchema,
  deleteFinishedGood,
  listFinishedGoods,
  listFinishedUnits,
  updateFinishedGood,
  type FinishedGoodDto,
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
import { NextStep } from '../../components/next-step'

type Line = { ref: string; quantity: string }

function FinishedGoodForm({
  editing,
  onDone,
}: {
  editing: FinishedGoodDto | null
  onDone: () => void
}) {
  const units = useServiceQuery([listFinishedUnits], (tx) => listFinishedUnits(tx), [])
  const goods = useServiceQuery([listFinishedGoods], (tx) => listFinishedGoods(tx), [])
  const [name, setName] = useState(editing?.name ?? '')
  const lines = useLines<Line>(
    editing?.components.map((component) => ({
      ref: `${component.kind}:${component.id}`,
      quantity: String(component.quantity),
    })) ?? [],
  )
  const { errors, formError, submit } = useSaveForm({
    schema: createFinishedGoodInputSchema,
    uses: [createFinishedGood, updateFinishedGood],
    save: (tx, data) =>
      editing ? updateFinishedGood(tx, { id: editing.id, ...data }) : createFinishedGood(tx, data),
    success: editing ? `Saved ${name}` : `Added ${name}`,
    onDone,
  })

  return (
    <EntityForm
      noun="finished good"
      editingName={editing?.name ?? null}
      formError={formError}
      onCancel={onDone}
      onSubmit={() =>
        void submit({
          name,
          components: lines.lines.map((line) => {
            const [kind = '', id = ''] = line.ref.split(':')
            return { kind, id, quantity: toNumber(line.quantity) }
          }),
        })
      }
    >
      <Field id="good-name" label="Name" error={errors.name}>
        <input
          value={name}
          onChange={(change) => setName(change.target.value)}
          placeholder="Cookie tin"
        />
      </Field>
      <LineFieldset
        legend="What goes in it"
        lines={lines}
        lineNoun="item"
        addLabel="Add item"
        blank={{ ref: '', quantity: '1' }}
      >
        {(line, index) => (
          <>
            <Field
              id={`good-line-${line.key}-item`}
              label="Item"
              error={errors[`components.${index}.id`] ?? errors[`components.${index}.kind`]}
            >
              <select
                value={line.ref}
                onChange={(change) => lines.update(line.key, { ref: change.target.value })}
              >
                <option value="">Choose…</option>
                <optgroup label="Baked items">
                  {units?.map((unit) => (
                    <option key={unit.id} value={`unit:${unit.id}`}>
                      {unit.name}
                    </option>
                  ))}
                </optgroup>
                <optgroup label="Finished goods">
                  {goods
                    ?.filter((good) => good.id !== editing?.id)
                    .map((good) => (
                      <option key={good.id} value={`good:${good.id}`}>
                        {good.name}
                      </option>
                    ))}
                </optgroup>
              </select>
            </Field>
            <NumberField
              id={`good-line-${line.key}-quantity`}
              label="How many"
              stepper={false}
              value={line.quantity}
              onChange={(text) => lines.update(line.key, { quantity: text })}
              error={errors[`components.${index}.quantity`]}
            />
          </>
        )}
      </LineFieldset>
    </EntityForm>
  )
}

export function FinishedGoodsTab() {
  const act = useAction()
  const goods = useServiceQuery([listFinishedGoods], (tx) => listFinishedGoods(tx), [])
  const units = useServiceQuery([listFinishedUnits], (tx) => listFinishedUnits(tx), [])
  const names = new Map<string, string>([
    ...(units ?? []).map((unit) => [`unit:${unit.id}`, unit.name] as const),
    ...(goods ?? []).map((good) => [`good:${good.id}`, good.name] as const),
  ])
  const allergens = useServiceQuery(
    [listCatalogueAllergens],
    (tx) => listCatalogueAllergens(tx),
    [],
  )
  return (
    <CatalogueList
      items={goods}
      newLabel="New finished good"
      listLabel="Finished goods"
      empty={<NextStep step="finishedGoods">No finished goods yet.</NextStep>}
      details={(good) =>
        (good.components
          .map(
            (component) =>
              `${component.quantity} × ${names.get(`${component.kind}:${component.id}`) ?? '?'}`,
          )
          .join(', ') || 'Empty') + containsText(allergens?.finishedGoods[good.id])
      }
      onDelete={(good) =>
        void act([deleteFinishedGood], (tx) => deleteFinishedGood(tx, good.id), {
          success: `Deleted ${good.name}`,
        })
      }
      form={(editing, onDone) => <FinishedGoodForm editing={editing} onDone={onDone} />}
    />
  )
}

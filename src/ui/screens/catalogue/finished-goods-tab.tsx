/** Finished goods: bundles of baked items and/or other finished goods (a tin inside a hamper). */
import { useState, type FormEvent } from 'react'
import {
  createFinishedGood,
  createFinishedGoodInputSchema,
  deleteFinishedGood,
  listFinishedGoods,
  listFinishedUnits,
  updateFinishedGood,
  type FinishedGoodDto,
} from '../../../services'
import { useServiceQuery } from '../../data/app-data'
import { useAction } from '../../data/use-action'
import { Field } from '../../components/field'
import { ItemRow } from '../../components/item-row'
import { messageFor } from '../../error-messages'
import { checkForm, fieldErrorsFromDomain, toNumber, type FieldErrors } from '../../forms'

type Line = { key: number; ref: string; quantity: string }
let nextKey = 1

function FinishedGoodForm({
  editing,
  onDone,
}: {
  editing: FinishedGoodDto | null
  onDone: () => void
}) {
  const act = useAction()
  const units = useServiceQuery((tx) => listFinishedUnits(tx), [])
  const goods = useServiceQuery((tx) => listFinishedGoods(tx), [])
  const [name, setName] = useState(editing?.name ?? '')
  const [lines, setLines] = useState<Line[]>(
    editing?.components.map((component) => ({
      key: nextKey++,
      ref: `${component.kind}:${component.id}`,
      quantity: String(component.quantity),
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
      components: lines.map((line) => {
        const [kind = '', id = ''] = line.ref.split(':')
        return { kind, id, quantity: toNumber(line.quantity) }
      }),
    }
    const check = checkForm(createFinishedGoodInputSchema, values)
    if (!check.ok) {
      setErrors(check.errors)
      return
    }
    setErrors({})
    const saved = await act(
      (tx) =>
        editing
          ? updateFinishedGood(tx, { id: editing.id, ...check.data })
          : createFinishedGood(tx, check.data),
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
      aria-label={editing ? 'Edit finished good' : 'New finished good'}
    >
      <h3 className="form-title">{editing ? `Edit ${editing.name}` : 'New finished good'}</h3>
      <Field id="good-name" label="Name" error={errors.name}>
        <input
          value={name}
          onChange={(change) => setName(change.target.value)}
          placeholder="Cookie tin"
        />
      </Field>
      <fieldset className="lines">
        <legend>What goes in it</legend>
        {lines.map((line, index) => (
          <div key={line.key} className="line">
            <Field
              id={`good-line-${line.key}-item`}
              label="Item"
              error={errors[`components.${index}.id`] ?? errors[`components.${index}.kind`]}
            >
              <select
                value={line.ref}
                onChange={(change) => setLine(line.key, { ref: change.target.value })}
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
            <Field
              id={`good-line-${line.key}-quantity`}
              label="How many"
              error={errors[`components.${index}.quantity`]}
            >
              <input
                inputMode="numeric"
                value={line.quantity}
                onChange={(change) => setLine(line.key, { quantity: change.target.value })}
              />
            </Field>
            <button
              type="button"
              className="button-secondary"
              aria-label={`Remove item line ${index + 1}`}
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
            setLines((current) => [...current, { key: nextKey++, ref: '', quantity: '1' }])
          }
        >
          Add item
        </button>
      </fieldset>
      <div className="form-buttons">
        <button type="submit" className="button-primary">
          {editing ? 'Save' : 'Add finished good'}
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

export function FinishedGoodsTab() {
  const act = useAction()
  const goods = useServiceQuery((tx) => listFinishedGoods(tx), [])
  const units = useServiceQuery((tx) => listFinishedUnits(tx), [])
  const names = new Map<string, string>([
    ...(units ?? []).map((unit) => [`unit:${unit.id}`, unit.name] as const),
    ...(goods ?? []).map((good) => [`good:${good.id}`, good.name] as const),
  ])
  const [editing, setEditing] = useState<FinishedGoodDto | null | 'new'>(null)
  return (
    <>
      {editing === null ? (
        <button type="button" className="button-primary" onClick={() => setEditing('new')}>
          New finished good
        </button>
      ) : (
        <FinishedGoodForm
          key={editing === 'new' ? 'new' : editing.id}
          editing={editing === 'new' ? null : editing}
          onDone={() => setEditing(null)}
        />
      )}
      {goods?.length === 0 && <p className="empty">No finished goods yet.</p>}
      <ul className="row-list catalogue-list" aria-label="Finished goods">
        {goods?.map((good) => (
          <ItemRow
            key={good.id}
            name={good.name}
            details={
              good.components
                .map(
                  (component) =>
                    `${component.quantity} × ${names.get(`${component.kind}:${component.id}`) ?? '?'}`,
                )
                .join(', ') || 'Empty'
            }
            onEdit={() => setEditing(good)}
            onDelete={() =>
              void act((tx) => deleteFinishedGood(tx, good.id), { success: `Deleted ${good.name}` })
            }
          />
        ))}
      </ul>
    </>
  )
}

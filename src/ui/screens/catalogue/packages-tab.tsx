/** Packages: what one recipient receives, as finished goods with quantities. */
import { useState, type FormEvent } from 'react'
import {
  createPackage,
  createPackageInputSchema,
  deletePackage,
  listFinishedGoods,
  listPackages,
  updatePackage,
  type PackageDto,
} from '../../../services'
import { useServiceQuery } from '../../data/app-data'
import { useAction } from '../../data/use-action'
import { Field } from '../../components/field'
import { ItemRow } from '../../components/item-row'
import { messageFor } from '../../error-messages'
import { checkForm, fieldErrorsFromDomain, toNumber, type FieldErrors } from '../../forms'

type Line = { key: number; finishedGoodId: string; quantity: string }
let nextKey = 1

function PackageForm({ editing, onDone }: { editing: PackageDto | null; onDone: () => void }) {
  const act = useAction()
  const goods = useServiceQuery((tx) => listFinishedGoods(tx), [])
  const [name, setName] = useState(editing?.name ?? '')
  const [notes, setNotes] = useState(editing?.notes ?? '')
  const [lines, setLines] = useState<Line[]>(
    editing?.contents.map((content) => ({
      key: nextKey++,
      finishedGoodId: content.finishedGoodId,
      quantity: String(content.quantity),
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
      contents: lines.map((line) => ({
        finishedGoodId: line.finishedGoodId,
        quantity: toNumber(line.quantity),
      })),
    }
    const check = checkForm(createPackageInputSchema, values)
    if (!check.ok) {
      setErrors(check.errors)
      return
    }
    setErrors({})
    const saved = await act(
      (tx) =>
        editing
          ? updatePackage(tx, { id: editing.id, ...check.data })
          : createPackage(tx, check.data),
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
      aria-label={editing ? 'Edit package' : 'New package'}
    >
      <h3 className="form-title">{editing ? `Edit ${editing.name}` : 'New package'}</h3>
      <Field id="package-name" label="Name" error={errors.name}>
        <input
          value={name}
          onChange={(change) => setName(change.target.value)}
          placeholder="Family hamper"
        />
      </Field>
      <Field id="package-notes" label="Notes" error={errors.notes}>
        <input value={notes} onChange={(change) => setNotes(change.target.value)} />
      </Field>
      <fieldset className="lines">
        <legend>What goes in it</legend>
        {lines.map((line, index) => (
          <div key={line.key} className="line">
            <Field
              id={`package-line-${line.key}-good`}
              label="Finished good"
              error={errors[`contents.${index}.finishedGoodId`]}
            >
              <select
                value={line.finishedGoodId}
                onChange={(change) => setLine(line.key, { finishedGoodId: change.target.value })}
              >
                <option value="">Choose…</option>
                {goods?.map((good) => (
                  <option key={good.id} value={good.id}>
                    {good.name}
                  </option>
                ))}
              </select>
            </Field>
            <Field
              id={`package-line-${line.key}-quantity`}
              label="How many"
              error={errors[`contents.${index}.quantity`]}
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
              aria-label={`Remove content line ${index + 1}`}
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
              { key: nextKey++, finishedGoodId: '', quantity: '1' },
            ])
          }
        >
          Add finished good
        </button>
      </fieldset>
      <div className="form-buttons">
        <button type="submit" className="button-primary">
          {editing ? 'Save' : 'Add package'}
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

export function PackagesTab() {
  const act = useAction()
  const packages = useServiceQuery((tx) => listPackages(tx), [])
  const goods = useServiceQuery((tx) => listFinishedGoods(tx), [])
  const goodName = new Map(goods?.map((good) => [good.id, good.name]))
  const [editing, setEditing] = useState<PackageDto | null | 'new'>(null)
  return (
    <>
      {editing === null ? (
        <button type="button" className="button-primary" onClick={() => setEditing('new')}>
          New package
        </button>
      ) : (
        <PackageForm
          key={editing === 'new' ? 'new' : editing.id}
          editing={editing === 'new' ? null : editing}
          onDone={() => setEditing(null)}
        />
      )}
      {packages?.length === 0 && <p className="empty">No packages yet.</p>}
      <ul className="row-list catalogue-list" aria-label="Packages">
        {packages?.map((pkg) => (
          <ItemRow
            key={pkg.id}
            name={pkg.name}
            details={
              pkg.contents
                .map(
                  (content) =>
                    `${content.quantity} × ${goodName.get(content.finishedGoodId) ?? '?'}`,
                )
                .join(', ') || 'Empty'
            }
            onEdit={() => setEditing(pkg)}
            onDelete={() =>
              void act((tx) => deletePackage(tx, pkg.id), { success: `Deleted ${pkg.name}` })
            }
          />
        ))}
      </ul>
    </>
  )
}

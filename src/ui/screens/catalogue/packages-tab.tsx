/** Packages: what one recipient receives, as finished goods with quantities. */
import { useState } from 'react'
import {
  createPackage,
  createPackageInputSchema,
  deletePackage,
  listFinishedGoods,
  listPackages,
  updatePackage,
  type PackageDto,
  listPackageAllergens,
} from '../../../services'
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

type Line = { finishedGoodId: string; quantity: string }

function PackageForm({ editing, onDone }: { editing: PackageDto | null; onDone: () => void }) {
  const goods = useServiceQuery([listFinishedGoods], (tx) => listFinishedGoods(tx), [])
  const [name, setName] = useState(editing?.name ?? '')
  const [notes, setNotes] = useState(editing?.notes ?? '')
  const lines = useLines<Line>(
    editing?.contents.map((content) => ({
      finishedGoodId: content.finishedGoodId,
      quantity: String(content.quantity),
    })) ?? [],
  )
  const { errors, formError, submit } = useSaveForm({
    schema: createPackageInputSchema,
    uses: [createPackage, updatePackage],
    save: (tx, data) =>
      editing ? updatePackage(tx, { id: editing.id, ...data }) : createPackage(tx, data),
    success: editing ? `Saved ${name}` : `Added ${name}`,
    onDone,
  })

  return (
    <EntityForm
      noun="package"
      editingName={editing?.name ?? null}
      formError={formError}
      onCancel={onDone}
      onSubmit={() =>
        void submit({
          name,
          notes,
          contents: lines.lines.map((line) => ({
            finishedGoodId: line.finishedGoodId,
            quantity: toNumber(line.quantity),
          })),
        })
      }
    >
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
      <LineFieldset
        legend="What goes in it"
        lines={lines}
        lineNoun="content"
        addLabel="Add finished good"
        blank={{ finishedGoodId: '', quantity: '1' }}
      >
        {(line, index) => (
          <>
            <Field
              id={`package-line-${line.key}-good`}
              label="Finished good"
              error={errors[`contents.${index}.finishedGoodId`]}
            >
              <select
                value={line.finishedGoodId}
                onChange={(change) =>
                  lines.update(line.key, { finishedGoodId: change.target.value })
                }
              >
                <option value="">Choose…</option>
                {goods?.map((good) => (
                  <option key={good.id} value={good.id}>
                    {good.name}
                  </option>
                ))}
              </select>
            </Field>
            <NumberField
              id={`package-line-${line.key}-quantity`}
              label="How many"
              stepper={false}
              value={line.quantity}
              onChange={(text) => lines.update(line.key, { quantity: text })}
              error={errors[`contents.${index}.quantity`]}
            />
          </>
        )}
      </LineFieldset>
    </EntityForm>
  )
}

export function PackagesTab() {
  const act = useAction()
  const packages = useServiceQuery([listPackages], (tx) => listPackages(tx), [])
  const goods = useServiceQuery([listFinishedGoods], (tx) => listFinishedGoods(tx), [])
  const goodName = new Map(goods?.map((good) => [good.id, good.name]))
  const allergens = useServiceQuery([listPackageAllergens], (tx) => listPackageAllergens(tx), [])
  return (
    <CatalogueList
      items={packages}
      newLabel="New package"
      listLabel="Packages"
      empty={<NextStep step="packages">No packages yet.</NextStep>}
      details={(pkg) =>
        (pkg.contents
          .map((content) => `${content.quantity} × ${goodName.get(content.finishedGoodId) ?? '?'}`)
          .join(', ') || 'Empty') +
        (allergens?.[pkg.id]?.length ? ` · contains ${allergens[pkg.id]?.join(', ')}` : '')
      }
      onDelete={(pkg) =>
        void act([deletePackage], (tx) => deletePackage(tx, pkg.id), {
          success: `Deleted ${pkg.name}`,
        })
      }
      form={(editing, onDone) => <PackageForm editing={editing} onDone={onDone} />}
    />
  )
}

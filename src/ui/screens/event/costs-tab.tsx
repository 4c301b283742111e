/**
 * Costs: planned vs actual per recipe, the event's totals and package counts, and what one gift of
 * each package costs. A recipe not baked yet says so and shows the cost still to come, never a
 * "-100 %" difference (money arrives from the services as two-decimal strings).
 */
import {
  getEventProductionSummary,
  getRecipeCostBreakdown,
  listAssignments,
  listPackages,
  type RecipeCostRow,
} from '../../../services'
import { useServiceQuery } from '../../data/app-data'
import { Money, useFormatMoney } from '../../components/money'

function varianceText(
  money: (amount: string) => string,
  variance: string,
  percent: number,
): string {
  const sign = variance.startsWith('-') ? '' : variance === '0.00' ? '' : '+'
  return `${sign}${money(variance)} (${sign}${percent.toFixed(2)} %)`
}

/** The Actual and Difference cells of a recipe row, with amounts in the chosen currency. */
function actualCells(
  money: (amount: string) => string,
  row: RecipeCostRow,
): { actual: string; difference: string } {
  if (row.batchesProduced === 0 && row.actualCost === '0.00')
    return {
      actual: 'Not baked yet',
      difference: row.plannedCost === '0.00' ? '—' : `${money(row.plannedCost)} still to come`,
    }
  return {
    actual: money(row.actualCost),
    difference: varianceText(money, row.variance, row.variancePercent),
  }
}

function CostPerGift({ eventId }: { eventId: string }) {
  const assignments = useServiceQuery([listAssignments], (tx) => listAssignments(tx, eventId), [
    eventId,
  ])
  const packages = useServiceQuery([listPackages], (tx) => listPackages(tx), [])
  if (!assignments || !packages) return null
  const used = new Set(assignments.map((row) => row.packageId))
  const rows = packages.filter((pkg) => used.has(pkg.id))
  if (rows.length === 0) return null
  return (
    <section aria-labelledby="cost-per-gift">
      <h3 id="cost-per-gift">Cost per gift</h3>
      <div className="table-scroll">
        <table className="data-table" aria-label="Cost per gift">
          <thead>
            <tr>
              <th scope="col">Package</th>
              <th scope="col" className="num">
                One gift, at today’s prices
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((pkg) => (
              <tr key={pkg.id}>
                <th scope="row">{pkg.name}</th>
                <td className="num" data-label="One gift">
                  <Money amount={pkg.cost} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}

export function CostsTab({ eventId }: { eventId: string }) {
  const breakdown = useServiceQuery(
    [getRecipeCostBreakdown],
    (tx) => getRecipeCostBreakdown(tx, eventId),
    [eventId],
  )
  const summary = useServiceQuery(
    [getEventProductionSummary],
    (tx) => getEventProductionSummary(tx, eventId),
    [eventId],
  )
  const money = useFormatMoney()
  if (!breakdown || !summary) return <p aria-busy="true">Loading…</p>
  return (
    <>
      <dl className="summary-figures">
        <div>
          <dt>Planned cost</dt>
          <dd>
            <Money amount={summary.costs.plannedTotal} />
          </dd>
        </div>
        <div>
          <dt>Actual cost</dt>
          <dd>
            <Money amount={summary.costs.actualTotal} />
          </dd>
        </div>
        <div>
          <dt>Packages delivered</dt>
          <dd>
            {summary.packages.delivered} / {summary.packages.total}
          </dd>
        </div>
      </dl>
      {breakdown.length === 0 ? (
        <p className="empty">Costs appear once packages are assigned or baking is recorded.</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table" aria-label="Cost by recipe">
            <thead>
              <tr>
                <th scope="col">Recipe</th>
                <th scope="col" className="num">
                  Batches baked / needed
                </th>
                <th scope="col" className="num">
                  Planned
                </th>
                <th scope="col" className="num">
                  Actual
                </th>
                <th scope="col" className="num">
                  Difference
                </th>
              </tr>
            </thead>
            <tbody>
              {breakdown.map((row) => {
                const cells = actualCells(money, row)
                return (
                  <tr key={row.recipeId}>
                    <th scope="row">{row.recipeName}</th>
                    <td className="num" data-label="Batches baked / needed">
                      {row.batchesProduced} / {row.batchesRequired}
                    </td>
                    <td className="num" data-label="Planned">
                      <Money amount={row.plannedCost} />
                    </td>
                    <td className="num" data-label="Actual">
                      {cells.actual}
                    </td>
                    <td className="num" data-label="Difference">
                      {cells.difference}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
      <CostPerGift eventId={eventId} />
    </>
  )
}

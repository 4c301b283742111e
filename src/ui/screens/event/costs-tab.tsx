/** Costs: planned vs actual per recipe (variance), and the event's totals and package counts. */
import { getEventProductionSummary, getRecipeCostBreakdown } from '../../../services'
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

export function CostsTab({ eventId }: { eventId: string }) {
  const breakdown = useServiceQuery((tx) => getRecipeCostBreakdown(tx, eventId), [eventId])
  const summary = useServiceQuery((tx) => getEventProductionSummary(tx, eventId), [eventId])
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
              {breakdown.map((row) => (
                <tr key={row.recipeId}>
                  <th scope="row">{row.recipeName}</th>
                  <td className="num" data-label="Batches baked / needed">
                    {row.batchesProduced} / {row.batchesRequired}
                  </td>
                  <td className="num" data-label="Planned">
                    <Money amount={row.plannedCost} />
                  </td>
                  <td className="num" data-label="Actual">
                    <Money amount={row.actualCost} />
                  </td>
                  <td className="num" data-label="Difference">
                    {varianceText(money, row.variance, row.variancePercent)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  )
}

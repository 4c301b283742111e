/** Costs: planned vs actual per recipe (variance), and the event's totals and package counts. */
import { getEventProductionSummary, getRecipeCostBreakdown } from '../../../services'
import { useServiceQuery } from '../../data/app-data'

function varianceText(variance: string, percent: number): string {
  const sign = variance.startsWith('-') ? '' : variance === '0.00' ? '' : '+'
  return `${sign}${variance} (${sign}${percent.toFixed(2)} %)`
}

export function CostsTab({ eventId }: { eventId: string }) {
  const breakdown = useServiceQuery((tx) => getRecipeCostBreakdown(tx, eventId), [eventId])
  const summary = useServiceQuery((tx) => getEventProductionSummary(tx, eventId), [eventId])
  if (!breakdown || !summary) return <p aria-busy="true">Loading…</p>
  return (
    <>
      <dl className="summary-figures">
        <div>
          <dt>Planned cost</dt>
          <dd>{summary.costs.plannedTotal}</dd>
        </div>
        <div>
          <dt>Actual cost</dt>
          <dd>{summary.costs.actualTotal}</dd>
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
                    {row.plannedCost}
                  </td>
                  <td className="num" data-label="Actual">
                    {row.actualCost}
                  </td>
                  <td className="num" data-label="Difference">
                    {varianceText(row.variance, row.variancePercent)}
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

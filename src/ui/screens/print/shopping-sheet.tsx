/** The printable shopping list: a box to tick per ingredient, the amount to buy and its cost. */
import { getShoppingList } from '../../../services'
import { Money } from '../../components/money'
import { useServiceQuery } from '../../data/app-data'
import { formatAmountToBuy } from '../../format'
import { UNIT_LABELS } from '../catalogue/unit-labels'

export function ShoppingSheet({ eventId, title }: { eventId: string; title: string }) {
  const list = useServiceQuery([getShoppingList], (tx) => getShoppingList(tx, eventId), [eventId])
  if (!list) return <p aria-busy="true">Loading…</p>
  return (
    <article className="shopping-sheet" aria-label="Shopping list">
      <h1>{title}</h1>
      {list.items.length === 0 ? (
        <p>Nothing to buy: every needed batch is baked, or nothing is planned yet.</p>
      ) : (
        <table className="run-table shopping-table">
          <thead>
            <tr>
              <th scope="col" className="check-cell">
                Got it
              </th>
              <th scope="col">Ingredient</th>
              <th scope="col" className="num">
                Amount
              </th>
              <th scope="col" className="num">
                Cost
              </th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((item) => (
              <tr key={item.ingredientId}>
                <td className="check-cell">
                  <span className="check-box" />
                </td>
                <th scope="row">{item.ingredientName}</th>
                <td className="num">
                  {formatAmountToBuy(item.quantity, item.unit)} {UNIT_LABELS[item.unit]}
                </td>
                <td className="num">
                  <Money amount={item.estimatedCost} />
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <td />
              <th scope="row">Total</th>
              <td />
              <td className="num">
                <Money amount={list.total} />
              </td>
            </tr>
          </tfoot>
        </table>
      )}
    </article>
  )
}

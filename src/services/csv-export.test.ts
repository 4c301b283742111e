import { describe, expect, it } from 'vitest'
import { makeTestDb } from '../test/make-test-db'
import { parseCsv, toCsv } from './csv-parse'
import {
  exportCostBreakdownSheet,
  exportDeliveriesSheet,
  exportRecipientsSheet,
  exportShoppingListSheet,
} from './csv-export'
import { guessRecipientColumns, importRecipients, mapRecipientRows } from './csv-recipients'
import { createSampleHoliday } from './demo/demo-data'
import { getDeliveryList } from './delivery'
import { getShoppingList } from './needs'
import { listRecipients } from './recipients'
import { getRecipeCostBreakdown } from './reports'

describe('CSV exports', () => {
  it('exports recipients in a file the import reads back into the same recipients', async () => {
    const source = makeTestDb()
    await source.run((tx) => createSampleHoliday(tx, { today: '2026-11-30' }))
    const sheet = await source.read((tx) => exportRecipientsSheet(tx))
    const table = parseCsv(toCsv(sheet.headers, sheet.rows))
    const target = makeTestDb()
    await target.run((tx) =>
      importRecipients(tx, { rows: mapRecipientRows(table, guessRecipientColumns(table.headers)) }),
    )
    const strip = ({ id: _id, createdAt: _c, updatedAt: _u, ...rest }: Record<string, unknown>) =>
      rest
    const before = (await source.read((tx) => listRecipients(tx))).map(strip)
    expect(before).toHaveLength(8)
    expect((await target.read((tx) => listRecipients(tx))).map(strip)).toEqual(before)
  })

  it('exports an event’s deliveries, shopping list and costs line for line with the screens', async () => {
    const { run, read } = makeTestDb()
    const { eventId } = await run((tx) => createSampleHoliday(tx, { today: '2026-11-30' }))
    const [deliveries, shopping, costs] = await read((tx) =>
      Promise.all([
        exportDeliveriesSheet(tx, { eventId }),
        exportShoppingListSheet(tx, eventId),
        exportCostBreakdownSheet(tx, eventId),
      ]),
    )
    const [deliveryRows, list, costRows] = await read((tx) =>
      Promise.all([
        getDeliveryList(tx, eventId),
        getShoppingList(tx, eventId),
        getRecipeCostBreakdown(tx, eventId),
      ]),
    )
    expect(deliveries.fileName).toBe('holiday-gifts-2026-2026-12-20-deliveries.csv')
    expect(deliveries.rows.map((row) => row[3])).toEqual(
      deliveryRows.map((row) => row.recipientName),
    )
    expect(new Set(deliveries.rows.map((row) => row[7]))).toEqual(new Set(['To do', 'Ready']))
    expect(shopping.rows.at(-1)).toEqual(['Total', null, null, list.total])
    expect(shopping.rows).toHaveLength(list.items.length + 1)
    expect(costs.rows.map((row) => [row[0], row[3]])).toEqual(
      costRows.map((row) => [row.recipeName, row.plannedCost]),
    )
  })
})

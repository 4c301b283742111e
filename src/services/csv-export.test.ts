import { describe, expect, it } from 'vitest'
import { makeTestDb } from '../test/make-test-db'
import { buildAssignment, buildEvent, buildPackage, buildRecipient } from '../test/builders'
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

  it('writes delivery times as the local wall-clock time of the time zone asked for', async () => {
    const { run, read } = makeTestDb()
    const eventId = await run(async (tx) => {
      const event = await buildEvent(tx, { name: 'Christmas', date: '2026-12-24' })
      const recipient = await buildRecipient(tx, { name: 'Ann' })
      const pkg = await buildPackage(tx, { name: 'Tin' })
      await buildAssignment(tx, {
        eventId: event.id,
        recipientId: recipient.id,
        packageId: pkg.id,
        status: 'delivered',
        deliveredTo: 'Ann',
        deliveredAt: '2026-12-24T15:32:10.000Z',
      })
      return event.id
    })
    const deliveredAt = async (timeZone: string) =>
      (await read((tx) => exportDeliveriesSheet(tx, { eventId, timeZone }))).rows[0]?.[9]
    expect(await deliveredAt('Europe/Berlin')).toBe('2026-12-24 16:32')
    expect(await deliveredAt('America/New_York')).toBe('2026-12-24 10:32')
    expect(await deliveredAt('Pacific/Auckland')).toBe('2026-12-25 04:32')
  })
})

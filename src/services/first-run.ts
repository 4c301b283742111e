/** Whether this tablet has never held any data: the app then offers the first-run choices. */
import type { Tx } from '../db/tx'
import { tablesOf } from '../transactions/declared-tables'

/**
 * True when there has never been an event, recipe or recipient here (deleted rows count as
 * history, so emptying the database by hand does not bring the welcome back).
 * Tables: events, recipes, recipients (one count each).
 */
export async function isDatabaseEmpty(tx: Tx): Promise<boolean> {
  const [events, recipes, recipients] = await Promise.all([
    tx.events.count(),
    tx.recipes.count(),
    tx.recipients.count(),
  ])
  return events + recipes + recipients === 0
}
isDatabaseEmpty.tables = tablesOf('events', 'recipes', 'recipients')

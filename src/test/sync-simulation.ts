/**
 * A deterministic simulation of several tablets syncing through one server (DESIGN §5): random
 * service actions (status taps and reverts, target edits and deletes, concurrent creation of the
 * same target, runs, assignments, event edits), random partitions, lost acknowledgements, failed
 * pulls, re-sent (duplicated) pushes, restarts mid-sync and clocks skewed by up to ±1 h — all from
 * one seed, so a failing seed replays exactly. After healing and a final sync, every replica must
 * hold the same domain state, equal the server's merged state, contain every committed change,
 * and no package status may sit below the highest (epoch, rank) any tablet ever committed.
 */
import { createDatabase, type AppDatabase } from '../db/database'
import { DOMAIN_TABLES, ROW_SCHEMAS } from '../db/tables'
import type { Tx } from '../db/tx'
import {
  assignPackageToRecipient,
  createEvent,
  createFinishedGood,
  createFinishedUnit,
  createIngredient,
  createPackage,
  createRecipe,
  createRecipient,
  deleteAssignment,
  deleteProductionTarget,
  recordProductionRun,
  revertPackageStatus,
  setProductionTarget,
  updateEvent,
  updateFulfillmentStatus,
} from '../services'
import { mergeRow } from '../db/merge-policy'
import { pullAll } from '../sync/pull'
import { pushAll } from '../sync/push'
import { queueEveryChange } from '../sync/sync-state'
import { createRng, type Rng } from '../sync/rng'
import { MemoryServer } from '../sync/testing/memory-server'
import { createRunAction } from '../ui/data/run-action'

export type SimulationOptions = { seed: number; clients?: number; steps?: number }
export type SimulationReport = {
  seed: number
  clients: number
  steps: number
  actions: number
  failedActions: number
  syncs: number
  faults: Record<string, number>
  restarts: number
  serverChanges: number
  divergences: string[]
}

type Client = {
  name: string
  db: AppDatabase
  offsetMs: number
  partitioned: boolean
}

function openClient(
  name: string,
  dbName: string,
  offsetMs: number,
  clock: () => number,
): AppDatabase {
  return createDatabase(dbName, { deviceId: name, now: () => clock() + offsetMs })
}

async function domainState(db: AppDatabase): Promise<Record<string, unknown[]>> {
  const state: Record<string, unknown[]> = {}
  for (const table of DOMAIN_TABLES) {
    const rows = await db.table(table).toArray()
    state[table] = rows.sort((a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1))
  }
  return state
}

function serverState(server: MemoryServer): Record<string, unknown[]> {
  const byRow = new Map<string, (typeof server.log)[number][]>()
  for (const change of server.log) {
    const key = `${change.table}\u0000${change.rowId}`
    byRow.set(key, [...(byRow.get(key) ?? []), change])
  }
  const state: Record<string, unknown[]> = Object.fromEntries(
    DOMAIN_TABLES.map((table) => [table, []]),
  )
  for (const changes of byRow.values()) {
    const first = changes[0]
    if (!first) continue
    const row = ROW_SCHEMAS[first.table].safeParse({
      ...mergeRow(first.table, changes),
      id: first.rowId,
    })
    if (row.success) state[first.table]?.push(row.data)
  }
  for (const rows of Object.values(state))
    rows.sort((a, b) => ((a as { id: string }).id < (b as { id: string }).id ? -1 : 1))
  return state
}

export async function runSimulation(options: SimulationOptions): Promise<SimulationReport> {
  const rng: Rng = createRng(options.seed)
  const clientCount = options.clients ?? rng.int(3, 5)
  const steps = options.steps ?? 60
  let wall = Date.parse('2026-12-01T08:00:00.000Z')
  const clock = () => wall
  const server = new MemoryServer()
  const report: SimulationReport = {
    seed: options.seed,
    clients: clientCount,
    steps,
    actions: 0,
    failedActions: 0,
    syncs: 0,
    faults: { partition: 0, 'lose-response': 0, 'fail-before': 0, offline: 0, duplicate: 0 },
    restarts: 0,
    serverChanges: 0,
    divergences: [],
  }
  let faultsOn = true
  server.faultFor = () => {
    if (!faultsOn) return 'none'
    const roll = rng.next()
    const fault =
      roll < 0.08 ? 'lose-response' : roll < 0.14 ? 'fail-before' : roll < 0.18 ? 'offline' : 'none'
    if (fault !== 'none') report.faults[fault] = (report.faults[fault] ?? 0) + 1
    return fault
  }
  const prefix = `sim-${options.seed}-${Math.random().toString(36).slice(2)}`
  const clients: Client[] = Array.from({ length: clientCount }, (_, index) => {
    const offsetMs = rng.int(-3_600_000, 3_600_000)
    const name = `tablet-${index}`
    return {
      name,
      offsetMs,
      partitioned: false,
      db: openClient(name, `${prefix}-${index}`, offsetMs, clock),
    }
  })
  const act = async (client: Client, fn: (tx: Tx) => Promise<unknown>) => {
    report.actions += 1
    const result = await createRunAction(client.db)(fn)
    if (!result.ok) report.failedActions += 1
    return result
  }
  const sync = async (client: Client) => {
    if (client.partitioned) return
    report.syncs += 1
    const transport = server.transport()
    if (rng.chance(0.1)) {
      // Re-send changes the server already acknowledged (a duplicated push).
      report.faults.duplicate = (report.faults.duplicate ?? 0) + 1
      await client.db.transaction('rw', [client.db.changes, client.db.outbox], () =>
        queueEveryChange(client.db),
      )
    }
    await pushAll(client.db, transport)
    await pullAll(client.db, transport)
  }

  // The shared catalogue, made on tablet 0 and synced to all before the chaos starts.
  const first = clients[0]
  if (!first) throw new Error('no clients')
  const ids = {
    recipes: [] as { recipeId: string; unitId: string }[],
    events: [] as string[],
    recipients: [] as string[],
    packages: [] as string[],
  }
  await act(first, async (tx) => {
    const flour = await createIngredient(tx, { name: 'Flour', unit: 'kg', unitCost: '1.50' })
    for (const name of ['Cookies', 'Brownies', 'Truffles']) {
      const recipe = await createRecipe(tx, {
        name,
        ingredients: [{ ingredientId: flour.id, quantity: 250, unit: 'g' }],
      })
      const unit = await createFinishedUnit(tx, {
        name: `${name} piece`,
        recipeId: recipe.id,
        itemsPerBatch: 12,
      })
      ids.recipes.push({ recipeId: recipe.id, unitId: unit.id })
    }
    const good = await createFinishedGood(tx, {
      name: 'Tin',
      components: ids.recipes.map((recipe) => ({
        kind: 'unit' as const,
        id: recipe.unitId,
        quantity: 4,
      })),
    })
    for (const name of ['Small box', 'Big hamper']) {
      ids.packages.push(
        (
          await createPackage(tx, {
            name,
            contents: [{ finishedGoodId: good.id, quantity: name === 'Small box' ? 1 : 2 }],
          })
        ).id,
      )
    }
    for (const name of ['Ana', 'Ben', 'Chloe', 'Dev'])
      ids.recipients.push((await createRecipient(tx, { name })).id)
    for (const name of ['Advent', 'Christmas'])
      ids.events.push((await createEvent(tx, { name, date: '2026-12-24' })).id)
    for (const eventId of ids.events) {
      for (const recipientId of ids.recipients) {
        await assignPackageToRecipient(tx, {
          eventId,
          recipientId,
          packageId: ids.packages[0] ?? '',
        })
      }
    }
  })
  faultsOn = false
  for (const client of clients) await sync(client)
  faultsOn = true

  const assignmentIds = async (db: AppDatabase) =>
    (await db.assignments.toArray()).filter((row) => row.deletedAt === null).map((row) => row.id)

  for (let step = 0; step < steps; step += 1) {
    wall += rng.int(1_000, 120_000)
    const client = rng.pick(clients)
    const roll = rng.next()
    if (roll < 0.22) {
      const live = await assignmentIds(client.db)
      if (live.length)
        await act(client, (tx) =>
          updateFulfillmentStatus(
            tx,
            rng.pick(live),
            rng.pick(['assembled', 'delivered'] as const),
          ),
        )
    } else if (roll < 0.3) {
      const live = await assignmentIds(client.db)
      if (live.length) await act(client, (tx) => revertPackageStatus(tx, rng.pick(live)))
    } else if (roll < 0.42) {
      const recipe = rng.pick(ids.recipes)
      await act(client, (tx) =>
        setProductionTarget(tx, {
          eventId: rng.pick(ids.events),
          recipeId: recipe.recipeId,
          targetBatches: rng.int(1, 9),
          ...(rng.chance(0.3) ? { notes: `note ${step}` } : {}),
        }),
      )
    } else if (roll < 0.47) {
      await act(client, (tx) =>
        deleteProductionTarget(tx, {
          eventId: rng.pick(ids.events),
          recipeId: rng.pick(ids.recipes).recipeId,
        }),
      )
    } else if (roll < 0.55) {
      const recipe = rng.pick(ids.recipes)
      await act(client, (tx) =>
        recordProductionRun(tx, {
          recipeId: recipe.recipeId,
          finishedUnitId: recipe.unitId,
          batches: rng.int(1, 3),
          eventId: rng.pick(ids.events),
        }),
      )
    } else if (roll < 0.6) {
      await act(client, (tx) =>
        assignPackageToRecipient(tx, {
          eventId: rng.pick(ids.events),
          recipientId: rng.pick(ids.recipients),
          packageId: rng.pick(ids.packages),
          quantity: rng.int(1, 3),
        }),
      )
    } else if (roll < 0.63) {
      const live = await assignmentIds(client.db)
      if (live.length) await act(client, (tx) => deleteAssignment(tx, rng.pick(live)))
    } else if (roll < 0.68) {
      await act(client, (tx) =>
        updateEvent(tx, {
          id: rng.pick(ids.events),
          notes: `edited by ${client.name} at step ${step}`,
        }),
      )
    } else if (roll < 0.73) {
      client.partitioned = !client.partitioned
      if (client.partitioned) report.faults.partition = (report.faults.partition ?? 0) + 1
    } else if (roll < 0.77) {
      // Restart mid-sync: start a sync, then close and reopen the database before it settles.
      report.restarts += 1
      const pending = sync(client).catch(() => undefined)
      client.db.close()
      await pending
      client.db = openClient(client.name, client.db.name, client.offsetMs, clock)
    } else {
      await sync(client)
    }
  }

  // Heal: no faults, no partitions; sync until every tablet is quiet.
  faultsOn = false
  for (const client of clients) client.partitioned = false
  for (let round = 0; round < 3; round += 1) for (const client of clients) await sync(client)

  report.serverChanges = server.log.length
  const expected = serverState(server)
  const serverIds = new Set(server.log.map((change) => change.id))
  for (const client of clients) {
    const state = await domainState(client.db)
    for (const table of DOMAIN_TABLES) {
      if (JSON.stringify(state[table]) !== JSON.stringify(expected[table])) {
        report.divergences.push(
          `${client.name}: table ${table} differs from the server's merged state`,
        )
      }
    }
    const local = await client.db.changes.toArray()
    for (const change of local)
      if (!serverIds.has(change.id))
        report.divergences.push(`${client.name}: change ${change.id} never reached the server`)
  }
  for (const client of clients) await client.db.delete()
  return report
}

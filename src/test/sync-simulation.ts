/**
 * A deterministic simulation of several tablets syncing through one server (DESIGN §5): random
 * service actions (status taps and corrections, target edits and deletes, concurrent creation of
 * the same target, runs, assignments, event edits), random partitions, lost acknowledgements,
 * failed pulls, re-sent (duplicated) pushes, restarts mid-sync, clocks skewed by up to ±1 h, stale
 * corrections (a tablet moves back a step another tablet has taken further), changes from a newer
 * app version (a field this version does not know, passed through), clocks far ahead (refused by
 * the server until the tablet's clock is corrected and its waiting changes re-stamped) and
 * reordered delivery, and a tablet joining mid-run from the server's current rows, restarted in the
 * middle of its paged first sync — all from one seed, so a failing seed replays exactly. After healing, every
 * replica must equal the server's merged state and pass the independent oracle (sync-oracle.ts).
 */
import { createDatabase, type AppDatabase } from '../db/database'
import { DOMAIN_TABLES, ROW_SCHEMAS } from '../db/tables'
import type { Tx } from '../db/tx'
import { summaryDifferences } from './event-summary-check'
import { newestClockDifference } from './newest-clock-check'
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
import { PACKAGE_STATUSES, nextStatus } from '../db/schema'
import { z } from 'zod'
import { formatHlc, type HlcState } from '../crdt/hlc'
import type { ChangeRecord } from '../db/change-record'
import { compactChanges, mergeRow } from '../db/merge-policy'
import { localStateAsChanges } from '../db/local-state'
import { restampWaitingChanges } from '../sync/restamp'
import { adoptGenerationOfPush, pullAndHeal } from '../sync/heal'
import { pushAll } from '../sync/push'
import { queueEveryChange } from '../sync/sync-state'
import { createRng, type Rng } from '../sync/rng'
import { MemoryServer } from '../sync/testing/memory-server'
import { createRunAction, type Uses } from '../transactions/run-action'
import {
  latestWrites,
  referenceStatus,
  unexplainedLostSteps,
  type LoggedChange,
} from './sync-oracle'

export type SimulationOptions = {
  seed: number
  clients?: number
  steps?: number
  /**
   * Also back the server up now and then and restore it from its last backup (an older, shorter
   * log in a new generation): the tablets must heal it (sync/heal.ts). Off by default, so the
   * other seeds replay as before.
   */
  restores?: boolean
}
export type SimulationReport = {
  seed: number
  clients: number
  steps: number
  actions: number
  failedActions: number
  syncs: number
  faults: Record<string, number>
  restarts: number
  /** Tablets that joined mid-run, restarted in the middle of their paged first sync. */
  joins: number
  /** Restores of the server from an older backup (with `restores`). */
  restores: number
  serverChanges: number
  /** Corrections the merged history voids (a stale Move back), by the oracle. */
  voidCorrections: number
  divergences: string[]
}

type Client = {
  name: string
  db: AppDatabase
  offsetMs: number
  /** The offset of this tablet's clock when it is right (±1 h); `offsetMs` jumps days ahead. */
  normalOffsetMs: number
  partitioned: boolean
  /** Joined mid-run from the server's current rows: holds the compacted history, not all of it. */
  joinedLate?: boolean
}

const DAY_MS = 24 * 60 * 60 * 1000
/** The memory server refuses changes stamped further ahead than this (normal skew is ≤ 1 h). */
const MAX_AHEAD_MS = 2 * 60 * 60 * 1000
/** A field of a newer app version that this version does not know. */
const NEWER_FIELD = 'labelColour'

const lenientSchemas = new Map<string, z.ZodType>()
/** The row schema of `table` without the strictness: unknown (newer) fields are dropped. */
function lenient(table: keyof typeof ROW_SCHEMAS): z.ZodType {
  let schema = lenientSchemas.get(table)
  if (!schema) {
    schema = z.object(ROW_SCHEMAS[table].shape)
    lenientSchemas.set(table, schema)
  }
  return schema
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
    const row = lenient(first.table).safeParse({
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
    faults: {
      partition: 0,
      'lose-response': 0,
      'fail-before': 0,
      offline: 0,
      duplicate: 0,
      'stale-correction': 0,
      'newer-version': 0,
      'clock-ahead': 0,
      'clock-refused': 0,
      'clock-corrected': 0,
      reorder: 0,
    },
    restarts: 0,
    joins: 0,
    restores: 0,
    serverChanges: 0,
    voidCorrections: 0,
    divergences: [],
  }
  const count = (fault: string) => (report.faults[fault] = (report.faults[fault] ?? 0) + 1)
  server.clockBound = { now: () => wall, maxAheadMs: MAX_AHEAD_MS }
  let faultsOn = true
  server.faultFor = () => {
    if (!faultsOn) return 'none'
    const roll = rng.next()
    const fault =
      roll < 0.08 ? 'lose-response' : roll < 0.14 ? 'fail-before' : roll < 0.18 ? 'offline' : 'none'
    if (fault !== 'none') count(fault)
    return fault
  }
  const prefix = `sim-${options.seed}-${Math.random().toString(36).slice(2)}`
  const clients: Client[] = Array.from({ length: clientCount }, (_, index) => {
    const offsetMs = rng.int(-3_600_000, 3_600_000)
    const name = `tablet-${index}`
    return {
      name,
      offsetMs,
      normalOffsetMs: offsetMs,
      partitioned: false,
      db: openClient(name, `${prefix}-${index}`, offsetMs, clock),
    }
  })
  const act = async <T>(client: Client, uses: Uses, fn: (tx: Tx) => Promise<T>) => {
    report.actions += 1
    const result = await createRunAction(client.db)(uses, fn)
    if (!result.ok) report.failedActions += 1
    return result
  }
  const committedRuns = new Set<string>()
  const sync = async (client: Client): Promise<number> => {
    if (client.partitioned) return 0
    report.syncs += 1
    const inner = server.transport()
    let transport = inner
    if (faultsOn && rng.chance(0.1)) {
      // Reordered delivery: this push arrives shuffled, and this pull comes in pages of 4–12.
      count('reorder')
      const pageSize = rng.int(4, 12)
      const seed = rng.int(0, 1_000_000)
      server.arrivalOrder = (changes) => shuffle(changes, createRng(seed))
      transport = { ...inner, pull: (after) => inner.pull(after, pageSize) }
    }
    if (faultsOn && rng.chance(0.1)) {
      // Re-send changes the server already acknowledged (a duplicated push).
      count('duplicate')
      await client.db.transaction(
        'rw',
        [client.db.changes, client.db.outbox, client.db.rowStates],
        (tx) => queueEveryChange(tx),
      )
    }
    const pushed = await pushAll(client.db, transport)
    server.arrivalOrder = (changes) => changes
    if (!pushed.ok && pushed.detail.startsWith('clock-ahead')) count('clock-refused')
    if (pushed.ok) await adoptGenerationOfPush(client.db, transport)
    // Pulls, and heals a restored server (a memory server states no generation unless asked).
    let pulled = await pullAndHeal(client.db, transport)
    let applied = pulled.ok ? pulled.applied : 0
    // Past events of a first sync come a page per round: take them all before moving on.
    for (let round = 0; pulled.ok && pulled.hasMore && round < 100; round += 1) {
      pulled = await pullAndHeal(client.db, transport)
      if (pulled.ok) applied += pulled.applied
    }
    if (pulled.ok) pulled = { ...pulled, applied }
    // How much moved (for the heal loop); a failure counts as movement still to come.
    return (pushed.ok ? pushed.pushed : 1) + (pulled.ok ? pulled.applied : 1)
  }
  /** The tablet's clock is put right: re-stamp what the server refused, then reopen. */
  const correctClock = async (client: Client) => {
    if (client.offsetMs === client.normalOffsetMs) return
    count('clock-corrected')
    client.offsetMs = client.normalOffsetMs
    client.db.close()
    client.db = openClient(client.name, client.db.name, client.offsetMs, clock)
    // The app's own re-stamping (sync/restamp.ts), with the corrected clock.
    await restampWaitingChanges(client.db, wall + MAX_AHEAD_MS)
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
  await act(
    first,
    [
      createIngredient,
      createRecipe,
      createFinishedUnit,
      createFinishedGood,
      createPackage,
      createRecipient,
      createEvent,
      assignPackageToRecipient,
    ],
    async (tx) => {
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
      // A past event with its plan: what a tablet joining later takes last, page by page.
      const lastYear = await createEvent(tx, { name: 'Last year', date: '2025-12-24' })
      for (const recipientId of ids.recipients)
        await assignPackageToRecipient(tx, {
          eventId: lastYear.id,
          recipientId,
          packageId: ids.packages[1] ?? '',
        })
      for (const eventId of ids.events) {
        for (const recipientId of ids.recipients) {
          await assignPackageToRecipient(tx, {
            eventId,
            recipientId,
            packageId: ids.packages[0] ?? '',
          })
        }
      }
    },
  )
  faultsOn = false
  for (const client of clients) await sync(client)
  faultsOn = true

  const assignmentIds = async (db: AppDatabase) =>
    (await db.assignments.toArray()).filter((row) => row.deletedAt === null).map((row) => row.id)

  server.statesGeneration = options.restores === true
  let backup: ChangeRecord[] | null = null
  for (let step = 0; step < steps; step += 1) {
    if (step === Math.floor(steps / 2)) {
      // A new tablet joins mid-run and is restarted 1–3 times in the middle of its paged first
      // sync (faults on): it must resume where it stopped and end like every other tablet.
      report.joins += 1
      const name = `tablet-${clients.length}`
      const joiner: Client = {
        name,
        offsetMs: 0,
        normalOffsetMs: 0,
        partitioned: false,
        joinedLate: true,
        db: openClient(name, `${prefix}-${clients.length}`, 0, clock),
      }
      clients.push(joiner)
      // Small pages while it restarts, so its first sync from current rows takes many.
      const pageSize = server.rowsPageSize
      server.rowsPageSize = 3
      for (let restart = rng.int(1, 3); restart > 0; restart -= 1) {
        report.restarts += 1
        const pending = sync(joiner).catch(() => undefined)
        // Let some pages land first: the close falls in the middle of the first sync.
        for (let tick = rng.int(0, 40); tick > 0; tick -= 1) await Promise.resolve()
        const stale = joiner.db
        stale.close()
        await pending
        stale.close()
        joiner.db = openClient(name, stale.name, 0, clock)
      }
      server.rowsPageSize = pageSize
    }
    wall += rng.int(1_000, 120_000)
    if (options.restores) {
      // The server backs up now and then; sometimes it is restored from its last backup.
      const chance = rng.next()
      if (chance < 0.08) backup = server.log.map((change) => ({ ...change }))
      else if (chance < 0.12 && backup) {
        report.restores += 1
        server.restoreFrom(backup)
      }
    }
    const client = rng.pick(clients)
    const roll = rng.next()
    if (roll < 0.22) {
      const live = await assignmentIds(client.db)
      if (live.length)
        await act(client, [updateFulfillmentStatus], (tx) =>
          updateFulfillmentStatus(tx, rng.pick(live), rng.pick(PACKAGE_STATUSES.slice(1))),
        )
    } else if (roll < 0.3) {
      const live = await assignmentIds(client.db)
      if (live.length)
        await act(client, [revertPackageStatus], (tx) => revertPackageStatus(tx, rng.pick(live)))
    } else if (roll < 0.42) {
      const recipe = rng.pick(ids.recipes)
      await act(client, [setProductionTarget], (tx) =>
        setProductionTarget(tx, {
          eventId: rng.pick(ids.events),
          recipeId: recipe.recipeId,
          targetBatches: rng.int(1, 9),
          ...(rng.chance(0.3) ? { notes: `note ${step}` } : {}),
        }),
      )
    } else if (roll < 0.47) {
      await act(client, [deleteProductionTarget], (tx) =>
        deleteProductionTarget(tx, {
          eventId: rng.pick(ids.events),
          recipeId: rng.pick(ids.recipes).recipeId,
        }),
      )
    } else if (roll < 0.55) {
      const recipe = rng.pick(ids.recipes)
      const result = await act(client, [recordProductionRun], (tx) =>
        recordProductionRun(tx, {
          recipeId: recipe.recipeId,
          finishedUnitId: recipe.unitId,
          batches: rng.int(1, 3),
          eventId: rng.pick(ids.events),
        }),
      )
      if (result.ok) committedRuns.add(result.value.id)
    } else if (roll < 0.6) {
      await act(client, [assignPackageToRecipient], (tx) =>
        assignPackageToRecipient(tx, {
          eventId: rng.pick(ids.events),
          recipientId: rng.pick(ids.recipients),
          packageId: rng.pick(ids.packages),
          quantity: rng.int(1, 3),
        }),
      )
    } else if (roll < 0.63) {
      const live = await assignmentIds(client.db)
      if (live.length)
        await act(client, [deleteAssignment], (tx) => deleteAssignment(tx, rng.pick(live)))
    } else if (roll < 0.68) {
      await act(client, [updateEvent], (tx) =>
        updateEvent(tx, {
          id: rng.pick(ids.events),
          notes: `edited by ${client.name} at step ${step}`,
        }),
      )
    } else if (roll < 0.71) {
      client.partitioned = !client.partitioned
      if (client.partitioned) count('partition')
    } else if (roll < 0.75) {
      // A stale correction: A takes a package a step further; B, not synced since, moves it back.
      const other = rng.pick(clients.filter((candidate) => candidate !== client))
      const shared = (await assignmentIds(client.db)).filter((id) => id)
      const onOther = new Set(await assignmentIds(other.db))
      const candidates = shared.filter((id) => onOther.has(id))
      if (candidates.length) {
        count('stale-correction')
        const id = rng.pick(candidates)
        const row = await client.db.assignments.get(id)
        const to = row && nextStatus(row.status)
        if (to)
          await act(client, [updateFulfillmentStatus], (tx) => updateFulfillmentStatus(tx, id, to))
        await act(other, [revertPackageStatus], (tx) => revertPackageStatus(tx, id))
      }
    } else if (roll < 0.77) {
      // A newer app version edits an event with a field this version does not know.
      count('newer-version')
      wall += 1
      const hlc: HlcState = { wall: wall, counter: 0, node: 'tablet-next' }
      server.store([
        {
          id: `next-${options.seed}-${step}`,
          table: 'events',
          rowId: rng.pick(ids.events),
          fields: { notes: `from the next version at step ${step}`, [NEWER_FIELD]: 'red' },
          hlc: formatHlc(hlc),
          deviceId: 'tablet-next',
        },
      ])
    } else if (roll < 0.79) {
      if (client.offsetMs === client.normalOffsetMs) {
        count('clock-ahead')
        client.offsetMs = client.normalOffsetMs + rng.int(1, 30) * DAY_MS
        client.db.close()
        client.db = openClient(client.name, client.db.name, client.offsetMs, clock)
      } else await correctClock(client)
    } else if (roll < 0.82) {
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

  // Heal: no faults, no partitions, every clock right; sync until every tablet is quiet.
  faultsOn = false
  for (const client of clients) {
    client.partitioned = false
    await correctClock(client)
  }
  // Until a whole round moves nothing (at most 4 rounds; the checks below catch a straggler).
  for (let round = 0; round < 4; round += 1) {
    let moved = 0
    for (const client of clients) moved += await sync(client)
    if (moved === 0) break
  }

  report.serverChanges = server.log.length
  const expected = serverState(server)
  const serverIds = new Set(server.log.map((change) => change.id))
  if (serverIds.size !== server.log.length)
    report.divergences.push('the server stored a change twice')
  const changesByRow = new Map<string, LoggedChange[]>()
  for (const change of server.log) {
    const key = `${change.table}\u0000${change.rowId}`
    changesByRow.set(key, [...(changesByRow.get(key) ?? []), change])
  }
  const compactedLog = compactChanges(server.log.map(({ seq: _seq, ...change }) => change))
  const verdicts = new Map<string, ReturnType<typeof referenceStatus>>()
  for (const [key, changes] of changesByRow) {
    if (!key.startsWith('assignments\u0000')) continue
    const verdict = referenceStatus(changes)
    verdicts.set(key, verdict)
    report.voidCorrections += verdict?.voidCorrections.length ?? 0
  }
  for (const client of clients) {
    const state = await domainState(client.db)
    for (const table of DOMAIN_TABLES) {
      if (JSON.stringify(state[table]) !== JSON.stringify(expected[table])) {
        report.divergences.push(
          `${client.name}: table ${table} differs from the server's merged state`,
        )
      }
    }
    // State, not history: the tablet holds row states and its waiting changes, no log. Its
    // states must be exactly the compaction of the server's log (so it got every change and
    // kept every field, a newer version's included), and all it holds reached the server.
    const held = await client.db.transaction('r', [client.db.rowStates], (tx) =>
      localStateAsChanges(tx),
    )
    const waiting = await client.db.changes.toArray()
    for (const change of [...held, ...waiting])
      if (!serverIds.has(change.id))
        report.divergences.push(`${client.name}: change ${change.id} never reached the server`)
    const canonical = (changes: readonly ChangeRecord[]) =>
      changes
        .map(({ id, table, rowId, hlc, deviceId, fields }) =>
          JSON.stringify([id, table, rowId, hlc, deviceId, Object.entries(fields).sort()]),
        )
        .sort()
    const heldKeys = canonical(held)
    const expectedKeys = canonical(compactedLog)
    if (JSON.stringify(heldKeys) !== JSON.stringify(expectedKeys))
      report.divergences.push(
        `${client.name}: its row states differ from the compacted server log (${held.length} vs ${compactedLog.length} changes)`,
      )
    report.divergences.push(...(await checkAgainstOracle(client, changesByRow, verdicts)))
    for (const difference of await summaryDifferences(client.db))
      report.divergences.push(`${client.name}: read model disagrees: ${difference}`)
    const clockDifference = await newestClockDifference(client.db)
    if (clockDifference) report.divergences.push(`${client.name}: ${clockDifference}`)
    const runs = new Set((await client.db.productionRuns.toArray()).map((run) => run.id))
    for (const id of committedRuns)
      if (!runs.has(id)) report.divergences.push(`${client.name}: committed run ${id} is missing`)
  }
  for (const client of clients) await client.db.delete()
  return report
}

function shuffle<T>(items: readonly T[], rng: Rng): T[] {
  const copy = [...items]
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = rng.int(0, index)
    ;[copy[index], copy[other]] = [copy[other] as T, copy[index] as T]
  }
  return copy
}

/** The independent checks of every assignment and every ordinary field of one replica. */
async function checkAgainstOracle(
  client: Client,
  changesByRow: ReadonlyMap<string, LoggedChange[]>,
  verdicts: ReadonlyMap<string, ReturnType<typeof referenceStatus>>,
): Promise<string[]> {
  const problems: string[] = []
  for (const table of DOMAIN_TABLES) {
    const shape = ROW_SCHEMAS[table].shape as Record<string, unknown>
    for (const row of (await client.db.table(table).toArray()) as Record<string, unknown>[]) {
      const key = `${table}\u0000${String(row.id)}`
      const changes = changesByRow.get(key) ?? []
      for (const [field, value] of latestWrites(changes)) {
        if (!Object.hasOwn(shape, field)) continue
        if (JSON.stringify(row[field]) !== JSON.stringify(value))
          problems.push(
            `${client.name}: ${table} ${String(row.id)}.${field} is not the latest write`,
          )
      }
      if (table !== 'assignments') continue
      const verdict = verdicts.get(key)
      const actual = {
        status: row.status,
        lineage: row.statusLineage ?? '',
        deliveredTo: row.deliveredTo,
        deliveredAt: row.deliveredAt,
      }
      const wanted = verdict && {
        status: verdict.status,
        lineage: verdict.lineage,
        deliveredTo: verdict.deliveredTo,
        deliveredAt: verdict.deliveredAt,
      }
      if (JSON.stringify(actual) !== JSON.stringify(wanted))
        problems.push(
          `${client.name}: assignment ${String(row.id)} is ${JSON.stringify(actual)}, the rule says ${JSON.stringify(wanted)}`,
        )
      const lost = unexplainedLostSteps(changes, {
        lineage: typeof actual.lineage === 'string' ? actual.lineage : '',
        status: typeof actual.status === 'string' ? actual.status : '',
      })
      if (lost.length > 0)
        problems.push(`${client.name}: assignment ${String(row.id)} lost steps ${lost.join(', ')}`)
    }
  }
  return problems
}

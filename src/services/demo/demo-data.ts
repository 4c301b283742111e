/**
 * The deterministic demo-data generator: the one source of realistic data for the first-run
 * "sample holiday event", tests, e2e and benchmarks. Everything is created through the services,
 * in the caller's transaction, so demo data obeys every rule real data does. The same input
 * (seed, sizes, today) always yields the same data apart from generated ids and timestamps.
 */
import { z } from 'zod'
import type { Unit } from '../../db/schema'
import type { Tx } from '../../db/tx'
import { insertMany, type InsertData } from '../../db/mutate'
import { INITIAL_STATUS_FIELDS } from '../../db/schema'
import { assignPackageToRecipient } from '../assignments'
import { createEvent } from '../events'
import { createFinishedGood } from '../finished-goods'
import { createFinishedUnit } from '../finished-units'
import { createIngredient } from '../ingredients'
import { getRecipeNeeds } from '../needs'
import { adoptAssemblyNeedsAsTargets, adoptProductionNeedsAsTargets } from '../targets-from-needs'
import { createPackage } from '../packages'
import { recordAssemblyRun } from '../assembly-runs'
import { recordProductionRun } from '../production-runs'
import { createRecipe } from '../recipes'
import { createRecipient } from '../recipients'
import { updateFulfillmentStatus } from '../status'
import { setAssemblyTarget, setProductionTarget } from '../targets'
import { parseInput } from '../validate'
import { createRng, type Rng } from '../../sync/rng'
import { tablesOf, writes } from '../../transactions/declared-tables'

type IngredientSpec = { name: string; unit: Unit; unitCost: string; density?: number }
type RecipeSpec = {
  name: string
  ingredients: { name: string; quantity: number; unit: Unit }[]
  unit: { name: string; itemsPerBatch: number; itemUnit: string }
}
type GoodSpec = {
  name: string
  components: { kind: 'unit' | 'good'; name: string; quantity: number }[]
}
type PackageSpec = { name: string; contents: { good: string; quantity: number }[] }

const INGREDIENTS: IngredientSpec[] = [
  { name: 'All-purpose flour', unit: 'kg', unitCost: '1.89', density: 0.53 },
  { name: 'Granulated sugar', unit: 'kg', unitCost: '2.15', density: 0.85 },
  { name: 'Brown sugar', unit: 'kg', unitCost: '2.79', density: 0.83 },
  { name: 'Butter', unit: 'g', unitCost: '0.0104', density: 0.91 },
  { name: 'Eggs', unit: 'each', unitCost: '0.32' },
  { name: 'Dark chocolate', unit: 'g', unitCost: '0.0185' },
  { name: 'Heavy cream', unit: 'ml', unitCost: '0.0042', density: 1.01 },
  { name: 'Ground ginger', unit: 'g', unitCost: '0.045', density: 0.45 },
  { name: 'Molasses', unit: 'ml', unitCost: '0.011', density: 1.4 },
  { name: 'Almonds', unit: 'g', unitCost: '0.021' },
  { name: 'Vanilla extract', unit: 'ml', unitCost: '0.12' },
  { name: 'Cocoa powder', unit: 'g', unitCost: '0.016', density: 0.41 },
]

const RECIPES: RecipeSpec[] = [
  {
    name: 'Sugar cookies',
    ingredients: [
      { name: 'All-purpose flour', quantity: 3, unit: 'cup' },
      { name: 'Granulated sugar', quantity: 1, unit: 'cup' },
      { name: 'Butter', quantity: 227, unit: 'g' },
      { name: 'Eggs', quantity: 1, unit: 'each' },
      { name: 'Vanilla extract', quantity: 2, unit: 'tsp' },
    ],
    unit: { name: 'Sugar cookie', itemsPerBatch: 36, itemUnit: 'cookie' },
  },
  {
    name: 'Gingerbread',
    ingredients: [
      { name: 'All-purpose flour', quantity: 3.25, unit: 'cup' },
      { name: 'Brown sugar', quantity: 0.75, unit: 'cup' },
      { name: 'Butter', quantity: 170, unit: 'g' },
      { name: 'Molasses', quantity: 0.5, unit: 'cup' },
      { name: 'Ground ginger', quantity: 1, unit: 'tbsp' },
      { name: 'Eggs', quantity: 1, unit: 'each' },
    ],
    unit: { name: 'Gingerbread person', itemsPerBatch: 24, itemUnit: 'cookie' },
  },
  {
    name: 'Chocolate truffles',
    ingredients: [
      { name: 'Dark chocolate', quantity: 340, unit: 'g' },
      { name: 'Heavy cream', quantity: 0.75, unit: 'cup' },
      { name: 'Cocoa powder', quantity: 30, unit: 'g' },
    ],
    unit: { name: 'Chocolate truffle', itemsPerBatch: 30, itemUnit: 'truffle' },
  },
  {
    name: 'Shortbread',
    ingredients: [
      { name: 'All-purpose flour', quantity: 2, unit: 'cup' },
      { name: 'Butter', quantity: 227, unit: 'g' },
      { name: 'Granulated sugar', quantity: 0.5, unit: 'cup' },
    ],
    unit: { name: 'Shortbread finger', itemsPerBatch: 32, itemUnit: 'finger' },
  },
  {
    name: 'Almond biscotti',
    ingredients: [
      { name: 'All-purpose flour', quantity: 2, unit: 'cup' },
      { name: 'Granulated sugar', quantity: 0.75, unit: 'cup' },
      { name: 'Almonds', quantity: 150, unit: 'g' },
      { name: 'Eggs', quantity: 3, unit: 'each' },
    ],
    unit: { name: 'Biscotti', itemsPerBatch: 28, itemUnit: 'biscotti' },
  },
]

const GOODS: GoodSpec[] = [
  { name: 'Truffle box', components: [{ kind: 'unit', name: 'Chocolate truffle', quantity: 6 }] },
  {
    name: 'Cookie tin',
    components: [
      { kind: 'unit', name: 'Sugar cookie', quantity: 6 },
      { kind: 'unit', name: 'Gingerbread person', quantity: 4 },
      { kind: 'unit', name: 'Shortbread finger', quantity: 4 },
    ],
  },
  {
    name: 'Gift bag',
    components: [
      { kind: 'unit', name: 'Biscotti', quantity: 4 },
      { kind: 'unit', name: 'Sugar cookie', quantity: 3 },
    ],
  },
  {
    name: 'Deluxe hamper box',
    components: [
      { kind: 'good', name: 'Cookie tin', quantity: 1 },
      { kind: 'good', name: 'Truffle box', quantity: 1 },
      { kind: 'unit', name: 'Biscotti', quantity: 6 },
    ],
  },
]

const PACKAGES: PackageSpec[] = [
  { name: 'Family hamper', contents: [{ good: 'Deluxe hamper box', quantity: 1 }] },
  { name: 'Neighbour treat', contents: [{ good: 'Gift bag', quantity: 1 }] },
  {
    name: 'Teacher thank-you',
    contents: [
      { good: 'Cookie tin', quantity: 1 },
      { good: 'Truffle box', quantity: 1 },
    ],
  },
  { name: 'Office share box', contents: [{ good: 'Cookie tin', quantity: 2 }] },
]

const FIRST_NAMES = [
  'Ana',
  'Ben',
  'Chloe',
  'Dev',
  'Elif',
  'Farah',
  'Gus',
  'Hana',
  'Ivan',
  'June',
  'Kofi',
  'Lena',
  'Marco',
  'Nia',
  'Omar',
  'Priya',
  'Quinn',
  'Rosa',
  'Sam',
  'Tomas',
]
const LAST_NAMES = [
  'Okafor',
  'Schmidt',
  'Moreau',
  'Patel',
  'Yilmaz',
  'Haddad',
  'Larsen',
  'Sato',
  'Petrov',
  'Walsh',
  'Mensah',
  'Novak',
  'Rossi',
  'Brown',
  'Aziz',
  'Iyer',
  'Kelly',
  'Garcia',
  'Lee',
  'Silva',
]
const STREETS = [
  'Maple Street',
  'Baker Lane',
  'Holly Road',
  'Station Road',
  'Mill Close',
  'Church Walk',
]
const EVENT_NAMES = [
  'Christmas gifts',
  'Advent market',
  'Neighbourhood cookie swap',
  'School fair',
  'New Year open house',
  'Hanukkah party',
  'Office party',
  'Winter bake sale',
]

type Catalogue = {
  recipes: { id: string; name: string; finishedUnitId: string }[]
  goods: { id: string; name: string }[]
  packages: { id: string; name: string }[]
}

/**
 * The recipe specs of a catalogue of `count` recipes: the demo's five, then numbered variants of
 * them ("Sugar cookies no. 2") with the same ingredients and their own finished unit.
 */
function recipeSpecs(count: number): RecipeSpec[] {
  const specs = [...RECIPES]
  for (let index = RECIPES.length; index < count; index += 1) {
    const base = RECIPES[index % RECIPES.length]
    if (!base) break
    const number = Math.floor(index / RECIPES.length) + 1
    specs.push({
      ...base,
      name: `${base.name} no. ${number}`,
      unit: { ...base.unit, name: `${base.unit.name} no. ${number}` },
    })
  }
  return specs
}

/** Create the demo catalogue (ingredients, recipes, finished units and goods, packages). */
async function createCatalogue(tx: Tx, recipeCount = RECIPES.length): Promise<Catalogue> {
  const ingredientIds = new Map<string, string>()
  for (const spec of INGREDIENTS) {
    const ingredient = await createIngredient(tx, spec)
    ingredientIds.set(spec.name, ingredient.id)
  }
  const unitIds = new Map<string, string>()
  const recipes: Catalogue['recipes'] = []
  for (const spec of recipeSpecs(recipeCount)) {
    const recipe = await createRecipe(tx, {
      name: spec.name,
      ingredients: spec.ingredients.map((line) => ({
        ingredientId: ingredientIds.get(line.name) ?? line.name,
        quantity: line.quantity,
        unit: line.unit,
      })),
    })
    const unit = await createFinishedUnit(tx, { ...spec.unit, recipeId: recipe.id })
    unitIds.set(spec.unit.name, unit.id)
    recipes.push({ id: recipe.id, name: recipe.name, finishedUnitId: unit.id })
  }
  const goodIds = new Map<string, string>()
  const goods: Catalogue['goods'] = []
  for (const spec of GOODS) {
    const good = await createFinishedGood(tx, {
      name: spec.name,
      components: spec.components.map((component) => ({
        kind: component.kind,
        id: (component.kind === 'unit' ? unitIds : goodIds).get(component.name) ?? component.name,
        quantity: component.quantity,
      })),
    })
    goodIds.set(spec.name, good.id)
    goods.push({ id: good.id, name: good.name })
  }
  const packages: Catalogue['packages'] = []
  for (const spec of PACKAGES) {
    const pkg = await createPackage(tx, {
      name: spec.name,
      contents: spec.contents.map((content) => ({
        finishedGoodId: goodIds.get(content.good) ?? content.good,
        quantity: content.quantity,
      })),
    })
    packages.push({ id: pkg.id, name: pkg.name })
  }
  return { recipes, goods, packages }
}

async function createRecipients(tx: Tx, rng: Rng, count: number): Promise<string[]> {
  const ids: string[] = []
  for (let index = 0; index < count; index += 1) {
    const first = FIRST_NAMES[index % FIRST_NAMES.length] ?? 'Guest'
    const last =
      LAST_NAMES[(index * 7 + Math.floor(index / FIRST_NAMES.length)) % LAST_NAMES.length] ??
      'Guest'
    const suffix =
      index >= FIRST_NAMES.length ? ` ${Math.floor(index / FIRST_NAMES.length) + 1}` : ''
    const recipient = await createRecipient(tx, {
      name: `${first} ${last}${suffix}`,
      household: `${last} household`,
      address: `${rng.int(1, 120)} ${rng.pick(STREETS)}`,
    })
    ids.push(recipient.id)
  }
  return ids
}

function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T12:00:00Z`)
  date.setUTCDate(date.getUTCDate() + days)
  return date.toISOString().slice(0, 10)
}

/** Plan an event: production targets from its needs (the Plan screen's rule). */
async function planTargets(
  tx: Tx,
  eventId: string,
): Promise<{ recipeId: string; batchesNeeded: number }[]> {
  await adoptProductionNeedsAsTargets(tx, eventId)
  const needs = await getRecipeNeeds(tx, eventId)
  return needs.map((need) => ({ recipeId: need.recipeId, batchesNeeded: need.batchesNeeded }))
}

export const demoDatasetInputSchema = z.strictObject({
  seed: z.number().int(),
  /** The date "today" is for the generated events (past, current, future around it). */
  today: z.iso.date(),
  events: z.number().int().min(1).max(1000),
  recipients: z.number().int().min(1).max(100_000),
  assignmentsPerEvent: z.number().int().min(0).max(100_000),
  /** Production runs per event (spread over its recipes). */
  runsPerEvent: z.number().int().min(0).max(100_000),
  /** Share of each event's assignments moved forward (assembled or delivered), 0–1. */
  progress: z.number().min(0).max(1).default(0.5),
  /** Recipes in the catalogue (default the demo's 5; more are numbered variants of them). */
  recipes: z.number().int().min(5).max(1000).optional(),
  /**
   * Targets per event (production + assembly). Without it an event gets production targets for
   * its needs and two assembly targets; with it, further recipes of the catalogue get production
   * targets until the event has this many (as far as the catalogue allows).
   */
  targetsPerEvent: z.number().int().min(0).max(2000).optional(),
})
export type DemoDatasetInput = z.input<typeof demoDatasetInputSchema>
export type DemoDatasetSummary = {
  eventIds: string[]
  recipientIds: string[]
  assignmentIds: string[]
}

/**
 * A dataset of any size for tests and benchmarks: the demo catalogue (optionally with `recipes`
 * recipes), `recipients` recipients and `events` events spread a week apart around `today`, each
 * with assignments (distinct recipient / package pairs), targets from its needs (optionally topped
 * up to `targetsPerEvent`), runs and partly advanced statuses.
 * Tables: every domain table. Runs in the caller's transaction like any service.
 */
export async function createDemoDataset(
  tx: Tx,
  input: DemoDatasetInput,
): Promise<DemoDatasetSummary> {
  const options = parseInput(demoDatasetInputSchema, input)
  const rng = createRng(options.seed)
  const catalogue = await createCatalogue(tx, options.recipes)
  const recipientIds = await createRecipients(tx, rng, options.recipients)
  const eventIds: string[] = []
  const assignmentIds: string[] = []
  const firstOffset = -7 * Math.floor(options.events / 2)
  for (let index = 0; index < options.events; index += 1) {
    const event = await createEvent(tx, {
      name: `${EVENT_NAMES[index % EVENT_NAMES.length] ?? 'Event'} ${index + 1}`,
      date: addDays(options.today, firstOffset + index * 7),
    })
    eventIds.push(event.id)
    const pairs = Math.min(
      options.assignmentsPerEvent,
      recipientIds.length * catalogue.packages.length,
    )
    // Every (recipient, package) pair is distinct by construction and both exist, so the rows
    // go through mutate's bulk path in one write per table instead of one service call each.
    const slots: InsertData<'assignments'>[] = []
    for (let slot = 0; slot < pairs; slot += 1) {
      const recipientId = recipientIds[slot % recipientIds.length] ?? ''
      const pkg =
        catalogue.packages[Math.floor(slot / recipientIds.length) % catalogue.packages.length]
      if (!pkg) continue
      slots.push({
        eventId: event.id,
        recipientId,
        packageId: pkg.id,
        quantity: rng.int(1, 2),
        notes: '',
        ...INITIAL_STATUS_FIELDS,
        deliveredTo: null,
        deliveredAt: null,
      })
    }
    const eventAssignments = (await insertMany(tx, 'assignments', slots)).map((row) => row.id)
    assignmentIds.push(...eventAssignments)
    const needs = await planTargets(tx, event.id)
    const assemblyGoods = catalogue.goods.slice(0, 2)
    for (const good of assemblyGoods) {
      await setAssemblyTarget(tx, {
        eventId: event.id,
        finishedGoodId: good.id,
        targetQuantity: rng.int(2, 20),
      })
    }
    if (options.targetsPerEvent !== undefined) {
      const targeted = new Set(needs.map((need) => need.recipeId))
      let targets = targeted.size + assemblyGoods.length
      for (const recipe of catalogue.recipes) {
        if (targets >= options.targetsPerEvent) break
        if (targeted.has(recipe.id)) continue
        await setProductionTarget(tx, {
          eventId: event.id,
          recipeId: recipe.id,
          targetBatches: rng.int(1, 4),
        })
        targets += 1
      }
    }
    for (let run = 0; run < options.runsPerEvent; run += 1) {
      const recipe =
        needs.length > 0
          ? catalogue.recipes.find((r) => r.id === needs[run % needs.length]?.recipeId)
          : rng.pick(catalogue.recipes)
      if (!recipe) continue
      await recordProductionRun(tx, {
        recipeId: recipe.id,
        finishedUnitId: recipe.finishedUnitId,
        batches: 1,
        eventId: event.id,
      })
    }
    if (options.runsPerEvent > 0) {
      await recordAssemblyRun(tx, {
        finishedGoodId: rng.pick(catalogue.goods).id,
        quantity: rng.int(1, 5),
        eventId: event.id,
      })
    }
    for (const assignmentId of eventAssignments) {
      if (!rng.chance(options.progress)) continue
      await updateFulfillmentStatus(tx, assignmentId, 'assembled')
      if (rng.chance(0.5)) await updateFulfillmentStatus(tx, assignmentId, 'delivered')
    }
  }
  return { eventIds, recipientIds, assignmentIds }
}
createDemoDataset.tables = tablesOf(
  adoptProductionNeedsAsTargets,
  createEvent,
  createFinishedGood,
  createFinishedUnit,
  createIngredient,
  createPackage,
  createRecipe,
  createRecipient,
  getRecipeNeeds,
  recordAssemblyRun,
  recordProductionRun,
  setAssemblyTarget,
  setProductionTarget,
  updateFulfillmentStatus,
  writes('assignments'),
)

export const sampleHolidayInputSchema = z.strictObject({ today: z.iso.date() })
export type SampleHolidayInput = z.input<typeof sampleHolidayInputSchema>

/** The next 20 December on or after today (the sample event's date). */
export function sampleEventDate(today: string): string {
  const year = Number(today.slice(0, 4))
  const thisYear = `${year}-12-20`
  return today <= thisYear ? thisYear : `${year + 1}-12-20`
}

/**
 * The first-run "sample holiday event": the demo catalogue, 8 recipients, one upcoming event with
 * 10 packages assigned, production targets from its needs, some baking already done and two
 * packages ready. Returns the event id. Tables: every domain table.
 */
export async function createSampleHoliday(
  tx: Tx,
  input: SampleHolidayInput,
): Promise<{ eventId: string }> {
  const { today } = parseInput(sampleHolidayInputSchema, input)
  const rng = createRng(2026)
  const catalogue = await createCatalogue(tx)
  const recipientIds = await createRecipients(tx, rng, 8)
  const date = sampleEventDate(today)
  const event = await createEvent(tx, {
    name: `Holiday gifts ${date.slice(0, 4)}`,
    date,
    notes: 'Sample event: edit or delete it whenever you like.',
  })
  const plan: [recipient: number, pkg: number, quantity: number][] = [
    [0, 0, 1],
    [1, 0, 1],
    [2, 1, 1],
    [3, 1, 2],
    [4, 2, 1],
    [5, 2, 1],
    [6, 3, 1],
    [7, 1, 1],
    [0, 1, 1],
    [2, 2, 1],
  ]
  const assignmentIds: string[] = []
  for (const [recipientIndex, packageIndex, quantity] of plan) {
    const assignment = await assignPackageToRecipient(tx, {
      eventId: event.id,
      recipientId: recipientIds[recipientIndex] ?? '',
      packageId: catalogue.packages[packageIndex]?.id ?? '',
      quantity,
    })
    assignmentIds.push(assignment.id)
  }
  const needs = await planTargets(tx, event.id)
  const truffleBox = catalogue.goods.find((good) => good.name === 'Truffle box')
  // Assembly targets from what the packages need, nested goods included (the Plan screen's rule).
  await adoptAssemblyNeedsAsTargets(tx, event.id)
  // Some baking already done: every batch of the first two recipes by name.
  for (const need of needs.slice(0, 2)) {
    const recipe = catalogue.recipes.find((candidate) => candidate.id === need.recipeId)
    if (!recipe) continue
    await recordProductionRun(tx, {
      recipeId: recipe.id,
      finishedUnitId: recipe.finishedUnitId,
      batches: need.batchesNeeded,
      eventId: event.id,
    })
  }
  if (truffleBox)
    await recordAssemblyRun(tx, { finishedGoodId: truffleBox.id, quantity: 2, eventId: event.id })
  for (const assignmentId of assignmentIds.slice(0, 2)) {
    await updateFulfillmentStatus(tx, assignmentId, 'assembled')
  }
  return { eventId: event.id }
}
createSampleHoliday.tables = tablesOf(
  adoptAssemblyNeedsAsTargets,
  adoptProductionNeedsAsTargets,
  assignPackageToRecipient,
  createEvent,
  createFinishedGood,
  createFinishedUnit,
  createIngredient,
  createPackage,
  createRecipe,
  createRecipient,
  getRecipeNeeds,
  recordAssemblyRun,
  recordProductionRun,
  updateFulfillmentStatus,
)

/**
 * The three bars on an event card, from getEventsWithProgress rows. Production and assembly are
 * the share of target batches/quantities made, each target capped at 100 % so one over-baked
 * recipe cannot hide another that is missing; deliveries are delivered ÷ assigned packages.
 * Each bar's words count the same thing as its percentage ("11 of 30 batches", never a
 * percentage of batches beside a count of recipes). `null` means "no targets set" (DOMAIN §9.8).
 */
import type { EventWithProgress } from '../../../services'

export type CardFigures = {
  productionPct: number | null
  productionDetail: string
  assemblyPct: number | null
  assemblyDetail: string
  deliveryPct: number | null
  deliveryDetail: string
}

/** Σ min(done, target) of Σ target, each target capped so over-making one cannot hide another. */
function cappedTotals(rows: { target: number; done: number }[]): { done: number; target: number } {
  return {
    done: rows.reduce((total, row) => total + Math.min(row.done, row.target), 0),
    target: rows.reduce((total, row) => total + row.target, 0),
  }
}

function share({ done, target }: { done: number; target: number }): number | null {
  return target === 0 ? null : (done / target) * 100
}

export function eventCardFigures(row: EventWithProgress): CardFigures {
  const overall = row.overallProgress
  const baking = cappedTotals(
    row.productionProgress.map((target) => ({
      target: target.targetBatches,
      done: target.producedBatches,
    })),
  )
  const assembly = cappedTotals(
    row.assemblyProgress.map((target) => ({
      target: target.targetQuantity,
      done: target.assembledQuantity,
    })),
  )
  return {
    productionPct: share(baking),
    productionDetail:
      baking.target === 0
        ? 'No targets set'
        : `${baking.done} of ${baking.target} ${baking.target === 1 ? 'batch' : 'batches'}`,
    assemblyPct: share(assembly),
    assemblyDetail:
      assembly.target === 0 ? 'No targets set' : `${assembly.done} of ${assembly.target} assembled`,
    deliveryPct:
      overall.packagesTotal === 0
        ? null
        : (overall.packagesDelivered / overall.packagesTotal) * 100,
    deliveryDetail:
      overall.packagesTotal === 0
        ? 'No packages assigned'
        : `${overall.packagesDelivered} of ${overall.packagesTotal} delivered`,
  }
}

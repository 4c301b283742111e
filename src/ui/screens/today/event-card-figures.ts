/**
 * The three bars on an event card, from getEventsWithProgress rows. Production and assembly are
 * the share of target batches/quantities made, each target capped at 100 % so one over-baked
 * recipe cannot hide another that is missing; deliveries are delivered ÷ assigned packages.
 * `null` means "no targets set" (DOMAIN §9.8), never 0 % or 100 %.
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

function cappedShare(rows: { target: number; done: number }[]): number | null {
  const target = rows.reduce((total, row) => total + row.target, 0)
  if (target === 0) return null
  const done = rows.reduce((total, row) => total + Math.min(row.done, row.target), 0)
  return (done / target) * 100
}

export function eventCardFigures(row: EventWithProgress): CardFigures {
  const overall = row.overallProgress
  const productionPct = cappedShare(
    row.productionProgress.map((target) => ({
      target: target.targetBatches,
      done: target.producedBatches,
    })),
  )
  const assemblyPct = cappedShare(
    row.assemblyProgress.map((target) => ({
      target: target.targetQuantity,
      done: target.assembledQuantity,
    })),
  )
  return {
    productionPct,
    productionDetail:
      overall.productionTargetsCount === 0
        ? 'No targets set'
        : `${overall.productionCompleteCount} of ${overall.productionTargetsCount} recipes done`,
    assemblyPct,
    assemblyDetail:
      overall.assemblyTargetsCount === 0
        ? 'No targets set'
        : `${overall.assemblyCompleteCount} of ${overall.assemblyTargetsCount} done`,
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

import { describe, expect, it } from 'vitest'
import { eventWithProgress } from '../../../test/event-progress'
import { eventCardFigures } from './event-card-figures'

const base = eventWithProgress()

describe('eventCardFigures', () => {
  it('shows "No targets set" rather than 0 % or 100 % for an event without targets', () => {
    const figures = eventCardFigures(base)
    expect(figures.productionPct).toBeNull()
    expect(figures.productionDetail).toBe('No targets set')
    expect(figures.deliveryPct).toBeNull()
  })

  it('caps each recipe at its target: 3 of 2 batches and 0 of 2 batches is 50 %, not 75 %', () => {
    const figures = eventCardFigures({
      ...base,
      productionProgress: [
        {
          recipeId: 'a',
          recipeName: 'A',
          targetBatches: 2,
          producedBatches: 3,
          producedYield: 72,
          progressPct: 150,
          isComplete: true,
        },
        {
          recipeId: 'b',
          recipeName: 'B',
          targetBatches: 2,
          producedBatches: 0,
          producedYield: 0,
          progressPct: 0,
          isComplete: false,
        },
      ],
      overallProgress: {
        ...base.overallProgress,
        productionTargetsCount: 2,
        productionCompleteCount: 1,
        productionComplete: false,
      },
    })
    expect(figures.productionPct).toBe(50)
    // The words count what the percentage counts: batches (3 capped to 2, plus 0) of 4.
    expect(figures.productionDetail).toBe('2 of 4 batches')
  })

  it('counts deliveries per assignment: 3 of 4 delivered is 75 %', () => {
    const figures = eventCardFigures({
      ...base,
      overallProgress: {
        ...base.overallProgress,
        packagesDelivered: 3,
        packagesAssembled: 1,
        packagesTotal: 4,
      },
    })
    expect(figures.deliveryPct).toBe(75)
    expect(figures.deliveryDetail).toBe('3 of 4 delivered')
  })
})

import { describe, expect, it } from 'vitest'
import { describeStatusChange } from './status-words'

describe('describeStatusChange', () => {
  it('names a step and a Move back that took effect plainly', () => {
    const step = { from: 'assembled', to: 'delivered', isCorrection: false, applied: true } as const
    const back = { from: 'delivered', to: 'assembled', isCorrection: true, applied: true } as const
    expect(describeStatusChange(step, 'delivered')).toBe('Mark delivered')
    expect(describeStatusChange(back, 'assembled')).toBe('Move back to Ready')
  })

  it('says a Move back was not applied because the package had been delivered on another tablet', () => {
    const back = { from: 'assembled', to: 'pending', isCorrection: true, applied: false } as const
    expect(describeStatusChange(back, 'delivered')).toBe(
      'Move back to To do — not applied: it had been delivered on another tablet',
    )
    expect(describeStatusChange(back, 'assembled')).toBe(
      'Move back to To do — not applied: it had already been moved further on another tablet',
    )
  })

  it('says a step made after a void Move back was not applied either', () => {
    const step = { from: 'pending', to: 'assembled', isCorrection: false, applied: false } as const
    expect(describeStatusChange(step, 'delivered')).toBe(
      'Mark ready — not applied: it followed a Move back that was not applied',
    )
  })
})

import { describe, expect, it } from 'vitest'
import { createRng } from './rng'

describe('createRng', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const a = createRng(42)
    const b = createRng(42)
    const c = createRng(43)
    const seqA = Array.from({ length: 5 }, () => a.int(0, 1000))
    expect(Array.from({ length: 5 }, () => b.int(0, 1000))).toEqual(seqA)
    expect(Array.from({ length: 5 }, () => c.int(0, 1000))).not.toEqual(seqA)
  })

  it('keeps int within its inclusive bounds', () => {
    const rng = createRng(7)
    const values = Array.from({ length: 1000 }, () => rng.int(3, 5))
    expect(new Set(values)).toEqual(new Set([3, 4, 5]))
  })
})

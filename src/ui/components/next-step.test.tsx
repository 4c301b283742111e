// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { resetUiStore } from '../stores/ui-store'
import { BUILD_ORDER, NextStep, nextStep } from './next-step'

afterEach(() => {
  cleanup()
  resetUiStore()
  window.history.replaceState(null, '', '/')
})

describe('nextStep', () => {
  it('follows ingredients → recipes → baked items → finished goods → packages → recipients → event', () => {
    expect(BUILD_ORDER.map((entry) => entry.step)).toEqual([
      'ingredients',
      'recipes',
      'finishedUnits',
      'finishedGoods',
      'packages',
      'recipients',
      'event',
    ])
    expect(nextStep('packages')?.step).toBe('recipients')
    expect(nextStep('event')).toBeUndefined()
  })
})

describe('NextStep', () => {
  it('says which step an empty list is and opens the next one', () => {
    render(
      <p>
        <NextStep step="recipes">No recipes yet.</NextStep>
      </p>,
    )
    expect(screen.getByText(/Step 2 of 7/)).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Baked items ›' }))
    expect(window.location.pathname).toBe('/catalogue/baked-items')
  })

  it('leads from packages to Recipients and from Recipients to Today for the event', () => {
    render(
      <p>
        <NextStep step="packages">No packages yet.</NextStep>
        <NextStep step="recipients">No recipients yet.</NextStep>
      </p>,
    )
    fireEvent.click(screen.getByRole('button', { name: 'Recipients ›' }))
    expect(window.location.pathname).toBe('/recipients')
    fireEvent.click(screen.getByRole('button', { name: 'An event ›' }))
    expect(window.location.pathname).toBe('/')
  })
})

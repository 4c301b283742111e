// @vitest-environment happy-dom
import { act, cleanup, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { formatMoney } from '../format'
import { resetUiStore, useUiStore } from '../stores/ui-store'
import { Money } from './money'

afterEach(() => {
  cleanup()
  resetUiStore()
})

describe('formatMoney', () => {
  it('shows a service amount as it is when no symbol is chosen', () => {
    expect(formatMoney('12.30')).toBe('12.30')
    expect(formatMoney('-9.74', '')).toBe('-9.74')
  })

  it('puts a one-character symbol before the number and after the minus sign', () => {
    expect(formatMoney('12.30', '€')).toBe('€12.30')
    expect(formatMoney('-9.74', '$')).toBe('-$9.74')
  })

  it('puts a longer symbol after the number', () => {
    expect(formatMoney('40.14', 'CHF')).toBe('40.14 CHF')
  })
})

describe('Money', () => {
  it('shows the currency symbol chosen in Settings and follows a change at once', () => {
    render(
      <p>
        Planned <Money amount="40.14" />
      </p>,
    )
    expect(screen.getByText('Planned 40.14')).toBeTruthy()
    act(() => useUiStore.getState().setCurrencySymbol('£'))
    expect(screen.getByText('Planned £40.14')).toBeTruthy()
  })
})

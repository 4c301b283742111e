// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { AppearanceSection } from '../screens/settings/appearance-section'
import { resetUiStore, UI_STORE_KEY, useUiStore } from '../stores/ui-store'
import { resolveTheme, useApplyAppearance } from './appearance'

afterEach(() => {
  cleanup()
  resetUiStore()
  localStorage.clear()
})

function Applied() {
  useApplyAppearance()
  return null
}

describe('resolveTheme', () => {
  it('follows the device unless light or dark is chosen', () => {
    expect(resolveTheme('system', true)).toBe('dark')
    expect(resolveTheme('system', false)).toBe('light')
    expect(resolveTheme('light', true)).toBe('light')
    expect(resolveTheme('dark', false)).toBe('dark')
  })
})

describe('Settings › Appearance', () => {
  it('turns the page dark and the text to 150 % when the baker chooses so', () => {
    render(
      <>
        <Applied />
        <AppearanceSection />
      </>,
    )
    const root = document.documentElement
    expect(root.dataset.textSize).toBe('100')

    fireEvent.click(screen.getByRole('radio', { name: 'Dark' }))
    fireEvent.click(screen.getByRole('radio', { name: '150 %' }))

    expect(root.dataset.theme).toBe('dark')
    expect(root.dataset.textSize).toBe('150')
    expect(useUiStore.getState()).toMatchObject({ theme: 'dark', textSize: 150 })
  })

  it('starts by following the device', () => {
    render(<AppearanceSection />)
    expect(screen.getByRole<HTMLInputElement>('radio', { name: 'Like this device' }).checked).toBe(
      true,
    )
  })

  it('chooses the currency symbol', () => {
    render(<AppearanceSection />)
    fireEvent.change(screen.getByLabelText('Currency symbol'), { target: { value: '€' } })
    expect(useUiStore.getState().currencySymbol).toBe('€')
  })
})

describe('stored preferences', () => {
  it('fall back to the defaults when a stored value is not one the app offers', async () => {
    localStorage.setItem(
      UI_STORE_KEY,
      JSON.stringify({
        state: { theme: 'purple', textSize: 300, currencySymbol: '€', screen: 'today' },
        version: 1,
      }),
    )
    await act(() => useUiStore.persist.rehydrate())
    expect(useUiStore.getState()).toMatchObject({
      theme: 'system',
      textSize: 100,
      currencySymbol: '€',
    })
  })
})

// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { useState } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { NumberField, SavedNumberField } from './number-field'

afterEach(cleanup)

function Controlled({ onCommit }: { onCommit?: (text: string) => void }) {
  const [text, setText] = useState('1')
  return (
    <NumberField
      id="batches"
      label="Batches"
      value={text}
      onChange={setText}
      {...(onCommit ? { onCommit } : {})}
    />
  )
}

function input(): HTMLInputElement {
  return screen.getByRole('textbox', { name: 'Batches' })
}

describe('NumberField', () => {
  it('can be emptied: Backspace on "1" then typing 12 gives 12, never 112', () => {
    render(<Controlled />)
    fireEvent.change(input(), { target: { value: '' } })
    expect(input().value).toBe('')
    fireEvent.change(input(), { target: { value: '1' } })
    fireEvent.change(input(), { target: { value: '12' } })
    expect(input().value).toBe('12')
  })

  it('accepts only digits for a count: "1a", "-3" and "1.5" leave the field as it was', () => {
    render(<Controlled />)
    for (const typed of ['1a', '-3', '1.5', 'e']) {
      fireEvent.change(input(), { target: { value: typed } })
      expect(input().value).toBe('1')
    }
  })

  it('commits on blur and on Enter, never per keystroke', () => {
    const onCommit = vi.fn()
    render(<Controlled onCommit={onCommit} />)
    fireEvent.change(input(), { target: { value: '' } })
    fireEvent.change(input(), { target: { value: '1' } })
    fireEvent.change(input(), { target: { value: '12' } })
    expect(onCommit).not.toHaveBeenCalled()
    fireEvent.blur(input())
    expect(onCommit).toHaveBeenLastCalledWith('12')
    fireEvent.keyDown(input(), { key: 'Enter' })
    expect(onCommit).toHaveBeenCalledTimes(2)
  })

  it('selects its content on focus, so typing replaces it', () => {
    render(<Controlled />)
    fireEvent.change(input(), { target: { value: '36' } })
    act(() => input().focus())
    expect([input().selectionStart, input().selectionEnd]).toEqual([0, 2])
  })

  it('steps with − and + and stops at the minimum of 1', () => {
    const onCommit = vi.fn()
    render(<Controlled onCommit={onCommit} />)
    expect(screen.getByRole('button', { name: 'Batches: one less' })).toHaveProperty(
      'disabled',
      true,
    )
    fireEvent.click(screen.getByRole('button', { name: 'Batches: one more' }))
    expect(input().value).toBe('2')
    expect(onCommit).toHaveBeenLastCalledWith('2')
  })

  it('takes one decimal mark for an amount: "3.49" yes, "3.4.9" no', () => {
    function Amount() {
      const [text, setText] = useState('')
      return <NumberField id="cost" label="Cost" kind="decimal" value={text} onChange={setText} />
    }
    render(<Amount />)
    const cost = screen.getByRole('textbox', { name: 'Cost' })
    fireEvent.change(cost, { target: { value: '3.49' } })
    fireEvent.change(cost, { target: { value: '3.4.9' } })
    expect((cost as HTMLInputElement).value).toBe('3.49')
    expect(screen.queryByRole('button')).toBeNull()
  })
})

describe('SavedNumberField', () => {
  it('saves a typed target of 5 on blur, once, even when Save is tapped too', async () => {
    const onSave = vi.fn(() => Promise.resolve(true))
    render(<SavedNumberField id="t" label="Target" saved={2} onSave={onSave} saveLabel="Save" />)
    const field = screen.getByRole('textbox', { name: 'Target' })
    fireEvent.change(field, { target: { value: '5' } })
    expect(onSave).not.toHaveBeenCalled()
    await act(async () => {
      fireEvent.blur(field)
      fireEvent.click(screen.getByRole('button', { name: 'Save' }))
      await Promise.resolve()
    })
    expect(onSave).toHaveBeenCalledTimes(1)
    expect(onSave).toHaveBeenCalledWith(5)
  })

  it('never drops an emptied target silently: it says why and is marked "Not saved"', async () => {
    const onSave = vi.fn(() => Promise.resolve(true))
    render(<SavedNumberField id="t" label="Target" saved={2} onSave={onSave} />)
    const field = screen.getByRole('textbox', { name: 'Target' })
    fireEvent.change(field, { target: { value: '' } })
    await act(async () => {
      fireEvent.blur(field)
      await Promise.resolve()
    })
    expect(onSave).not.toHaveBeenCalled()
    expect(screen.getByText('Enter a whole number, 1 or more')).toBeTruthy()
    expect(screen.getByRole('status').textContent).toBe('Not saved')
    expect((field as HTMLInputElement).value).toBe('')
  })
})

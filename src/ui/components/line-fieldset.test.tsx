// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { LineFieldset } from './line-fieldset'
import { useLines } from './line-list'

type Line = { text: string }

function Form({ initial }: { initial: Line[] }) {
  const lines = useLines<Line>(initial)
  return (
    <LineFieldset
      legend="Ingredients for one batch"
      lines={lines}
      lineNoun="ingredient"
      addLabel="Add ingredient"
      blank={{ text: '' }}
    >
      {(line, index) => (
        <input
          aria-label={`Line ${index + 1}`}
          value={line.text}
          onChange={(change) => lines.update(line.key, { text: change.target.value })}
        />
      )}
    </LineFieldset>
  )
}

const texts = () => screen.getAllByRole<HTMLInputElement>('textbox').map((input) => input.value)

afterEach(cleanup)

describe('LineFieldset', () => {
  it('names each Remove button by its line and the fieldset by its legend', () => {
    render(<Form initial={[{ text: 'flour' }, { text: 'sugar' }]} />)
    expect(screen.getByRole('group', { name: 'Ingredients for one batch' })).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Remove ingredient line 1' })).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Remove ingredient line 2' })).toBeTruthy()
  })

  it('adds a blank line at the end', () => {
    render(<Form initial={[{ text: 'flour' }]} />)
    fireEvent.click(screen.getByRole('button', { name: 'Add ingredient' }))
    expect(texts()).toEqual(['flour', ''])
  })

  it('removing a line in the middle keeps what was typed in the others', () => {
    render(<Form initial={[{ text: 'flour' }, { text: 'sugar' }, { text: 'butter' }]} />)
    fireEvent.change(screen.getByRole('textbox', { name: 'Line 3' }), {
      target: { value: 'salted butter' },
    })
    fireEvent.click(screen.getByRole('button', { name: 'Remove ingredient line 2' }))
    expect(texts()).toEqual(['flour', 'salted butter'])
    expect(screen.queryByRole('button', { name: 'Remove ingredient line 3' })).toBeNull()
  })
})

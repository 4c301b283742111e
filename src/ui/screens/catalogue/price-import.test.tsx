// @vitest-environment happy-dom
import { cleanup, configure, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { listIngredients } from '../../../services'
import { buildIngredient } from '../../../test/builders'
import { runAction } from '../../data/app-data'
import { useToastStore } from '../../stores/toast-store'
import { PriceImport } from './price-import-button'

// Live reads on a busy 2-core machine: wait up to 10 s, not the default 1 s.
configure({ asyncUtilTimeout: 10_000 })

async function seed(): Promise<void> {
  const result = await runAction([buildIngredient], async (tx) => {
    await buildIngredient(tx, { name: 'Flour', unit: 'kg', unitCost: 1_200_000 })
    await buildIngredient(tx, { name: 'Butter', unit: 'g', unitCost: 10_000 })
  })
  if (!result.ok) throw result.error
}

async function costs(): Promise<string[]> {
  const result = await runAction([listIngredients], (tx) => listIngredients(tx))
  if (!result.ok) throw result.error
  return result.value.map((row) => `${row.name} ${row.unitCostPrecise}`)
}

async function pick(text: string): Promise<HTMLElement> {
  fireEvent.click(await screen.findByRole('button', { name: 'Import prices (CSV)' }))
  const panel = await screen.findByRole('region', { name: 'Import prices' })
  fireEvent.change(within(panel).getByLabelText('CSV file'), {
    target: { files: [new File([text], 'prices.csv', { type: 'text/csv' })] },
  })
  return panel
}

beforeEach(() => useToastStore.setState({ toasts: [] }))
afterEach(async () => {
  cleanup()
  await runAction(['ingredients', 'changes'], async (tx) => {
    for (const table of [tx.ingredients, tx.changes]) await table.clear()
  })
})

describe('PriceImport', () => {
  it('shows each cost change from a semicolon file with decimal commas, then imports them in one go', async () => {
    await seed()
    render(<PriceImport />)
    const panel = await pick('Zutat;Einheit;Preis\nFlour;kg;1,50\nButter;kg;12,00\n')
    const changes = await within(panel).findByRole('list', { name: 'What will change' })
    expect(
      within(changes)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['Flour: 1.2 → 1.5 per kg', 'Butter: 0.01 → 0.012 per g'])
    fireEvent.click(within(panel).getByRole('button', { name: 'Import 2 prices' }))
    await screen.findByRole('button', { name: 'Import prices (CSV)' })
    expect(await costs()).toEqual(['Butter 0.012', 'Flour 1.5'])
    expect(useToastStore.getState().toasts.map((toast) => toast.message)).toEqual([
      'Updated 2 prices',
    ])
  })

  it('lists a bad row in words and, if Import is tapped anyway, saves nothing', async () => {
    await seed()
    render(<PriceImport />)
    const panel = await pick('Name,Unit,Price\nFlour,kg,1.50\nSugar,kg,2.00\n')
    const problems = await within(panel).findByRole('list', { name: 'Problems in the file' })
    expect(problems.textContent).toBe('Row 3: there is no ingredient called "Sugar"')
    fireEvent.click(within(panel).getByRole('button', { name: 'Import 2 prices' }))
    expect((await within(panel).findByRole('alert')).textContent).toBe(
      'Nothing was imported. Row 3: there is no ingredient called "Sugar".',
    )
    expect(await costs()).toEqual(['Butter 0.01', 'Flour 1.2'])
  })
})

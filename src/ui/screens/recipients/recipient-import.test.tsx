// @vitest-environment happy-dom
import { cleanup, configure, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { listRecipients } from '../../../services'
import { runAction } from '../../data/app-data'
import { useToastStore } from '../../stores/toast-store'
import { RecipientImport } from './recipient-import'

// Live reads on a busy 2-core machine: wait up to 10 s, not the default 1 s.
configure({ asyncUtilTimeout: 10_000 })

async function names(): Promise<string[]> {
  const result = await runAction([listRecipients], (tx) => listRecipients(tx))
  if (!result.ok) throw result.error
  return result.value.map((row) => row.name)
}

beforeEach(() => useToastStore.setState({ toasts: [] }))
afterEach(async () => {
  cleanup()
  await runAction(['recipients', 'changes'], async (tx) => {
    for (const table of [tx.recipients, tx.changes]) await table.clear()
  })
})

describe('RecipientImport', () => {
  it('imports the file in one action and one Undo removes exactly those recipients', async () => {
    const onDone = vi.fn()
    render(<RecipientImport onDone={onDone} />)
    const panel = screen.getByRole('region', { name: 'Import recipients' })
    fireEvent.change(within(panel).getByLabelText('CSV file'), {
      target: {
        files: [new File(['First name,Last name\nAna,Okafor\nBo,Lind\n'], 'people.csv')],
      },
    })
    expect((await within(panel).findByRole('status')).textContent).toBe(
      'All 2 rows can be imported.',
    )
    fireEvent.click(within(panel).getByRole('button', { name: 'Import 2 recipients' }))
    await vi.waitFor(() => expect(onDone).toHaveBeenCalled(), { timeout: 10_000 })
    expect(await names()).toEqual(['Ana Okafor', 'Bo Lind'])

    const [toast] = useToastStore.getState().toasts
    expect(toast?.message).toBe('Imported 2 recipients')
    await toast?.action?.run()
    expect(await names()).toEqual([])
  })
})

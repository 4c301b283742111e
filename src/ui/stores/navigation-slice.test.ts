// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest'
import { placeFromPath } from '../app/routes'
import { resetUiStore, useUiStore } from './ui-store'

afterEach(() => {
  resetUiStore()
  window.history.replaceState(null, '', '/')
})

/** What the app does on every address change. */
function showAddress(): void {
  const place = placeFromPath(window.location.pathname)
  if (place) useUiStore.getState().syncFromAddress(place)
}

describe('navigation actions', () => {
  it('put each place in the address as a new history entry', () => {
    const start = window.history.length
    const store = useUiStore.getState()

    store.openEvent('e1', 'deliver')
    expect(window.location.pathname).toBe('/events/e1/deliver')
    showAddress()
    useUiStore.getState().setEventTab('costs')
    expect(window.location.pathname).toBe('/events/e1/costs')
    useUiStore.getState().setCatalogueTab('finishedGoods')
    expect(window.location.pathname).toBe('/catalogue/finished-goods')
    useUiStore.getState().goTo('today')
    expect(window.location.pathname).toBe('/')

    expect(window.history.length).toBe(start + 4)
  })

  it('add no history entry for a tap on the place the baker is already at', () => {
    useUiStore.getState().goTo('recipients')
    const after = window.history.length
    useUiStore.getState().goTo('recipients')
    expect(window.history.length).toBe(after)
  })

  it('reopen an event on the tab the baker last had there, and a new event on Plan', () => {
    window.history.replaceState(null, '', '/events/e1/make')
    showAddress()
    useUiStore.getState().openEvent('e1')
    expect(window.location.pathname).toBe('/events/e1/make')
    useUiStore.getState().openEvent('e2')
    expect(window.location.pathname).toBe('/events/e2/plan')
  })
})

describe('syncFromAddress', () => {
  it('keeps the persisted screen, event and tab equal to the address', () => {
    useUiStore.getState().syncFromAddress({ screen: 'event', eventId: 'e1', tab: 'deliver' })
    expect(useUiStore.getState()).toMatchObject({
      screen: 'event',
      eventId: 'e1',
      eventTab: 'deliver',
    })
    useUiStore.getState().syncFromAddress({ screen: 'catalogue', tab: 'packages' })
    expect(useUiStore.getState()).toMatchObject({ screen: 'catalogue', catalogueTab: 'packages' })
  })

  it('clears the Deliver search when another event is shown, and keeps the filter', () => {
    const store = useUiStore.getState()
    store.syncFromAddress({ screen: 'event', eventId: 'e1', tab: 'deliver' })
    store.setDeliverSearch('Gran')
    store.setDeliverFilter('assembled')
    store.syncFromAddress({ screen: 'event', eventId: 'e1', tab: 'plan' })
    expect(useUiStore.getState().deliverSearch).toBe('Gran')
    store.syncFromAddress({ screen: 'event', eventId: 'e2', tab: 'deliver' })
    expect(useUiStore.getState()).toMatchObject({ deliverSearch: '', deliverFilter: 'assembled' })
  })
})

import { describe, expect, it } from 'vitest'
import {
  deliverCardPath,
  pathFor,
  placeFromPath,
  printPathFor,
  printPlaceFromPath,
  type Place,
} from './routes'

describe('pathFor and placeFromPath', () => {
  const places: Place[] = [
    { screen: 'today' },
    { screen: 'event', eventId: '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', tab: 'deliver' },
    { screen: 'event', eventId: 'e1', tab: 'plan' },
    { screen: 'event', eventId: 'e1', tab: null },
    { screen: 'catalogue', tab: 'finishedUnits' },
    { screen: 'catalogue', tab: 'finishedGoods' },
    { screen: 'catalogue', tab: null },
    { screen: 'recipients' },
    { screen: 'settings' },
  ]

  it.each(places.map((place) => [pathFor(place), place]))(
    'reads %s back as the place it was made from',
    (path, place) => {
      expect(placeFromPath(path)).toEqual(place)
    },
  )

  it('names events, tabs and catalogue sections in the address as the baker reads them', () => {
    expect(pathFor({ screen: 'event', eventId: 'e1', tab: 'deliver' })).toBe('/events/e1/deliver')
    expect(pathFor({ screen: 'catalogue', tab: 'finishedUnits' })).toBe('/catalogue/baked-items')
    expect(pathFor({ screen: 'today' })).toBe('/')
  })

  it('tolerates a trailing slash', () => {
    expect(placeFromPath('/settings/')).toEqual({ screen: 'settings' })
  })

  it.each([
    '/nowhere',
    '/events',
    '/events/e1/nowhere',
    '/events/e1/deliver/more',
    '/catalogue/cakes',
    '/settings/sync',
    '/events/%E0%A4%A',
  ])('does not know %s', (path) => {
    expect(placeFromPath(path)).toBeNull()
  })
})

describe('printPathFor and printPlaceFromPath', () => {
  it.each(['run-sheet', 'labels', 'shopping'] as const)(
    'reads the %s printout of an event back from its address',
    (sheet) => {
      const place = { eventId: '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', sheet }
      expect(printPathFor(place)).toBe(`/events/${place.eventId}/print/${sheet}`)
      expect(printPlaceFromPath(printPathFor(place))).toEqual(place)
    },
  )

  it.each([
    '/events/e1/print',
    '/events/e1/print/menu',
    '/events/e1/print/labels/x',
    '/events/e1/deliver',
  ])('knows no printout at %s', (path) => {
    expect(printPlaceFromPath(path)).toBeNull()
  })

  it('opens a package card on the Deliver tab through a query the tab reads', () => {
    expect(deliverCardPath('e1', 'a 1')).toBe('/events/e1/deliver?assignment=a%201')
  })
})

// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { putTodayUnderDeepLink, takeJoinCode } from './address'

beforeEach(() => {
  window.sessionStorage.clear()
})

afterEach(() => {
  window.history.replaceState(null, '', '/')
})

describe('takeJoinCode', () => {
  it('takes the join code out of the address and opens Settings in the same history entry', () => {
    window.history.replaceState(null, '', '/#join=abc123')
    const before = window.history.length

    expect(takeJoinCode(window)).toBe('#join=abc123')

    expect(window.location.href).not.toContain('join')
    expect(window.location.pathname).toBe('/settings')
    expect(window.history.length).toBe(before)
  })

  it('leaves an address without a join code alone', () => {
    window.history.replaceState(null, '', '/events/e1/make#top')
    expect(takeJoinCode(window)).toBe('')
    expect(window.location.pathname).toBe('/events/e1/make')
  })
})

describe('putTodayUnderDeepLink', () => {
  it('puts Today under an address opened directly, so Back goes to Today', () => {
    window.history.replaceState(null, '', '/events/e1/deliver')
    const before = window.history.length

    putTodayUnderDeepLink(window)

    expect(window.location.pathname).toBe('/events/e1/deliver')
    expect(window.history.length).toBe(before + 1)
  })

  it('adds nothing when the app starts on Today or reloads in the same tab', () => {
    window.history.replaceState(null, '', '/')
    const before = window.history.length
    putTodayUnderDeepLink(window)
    window.history.replaceState(null, '', '/recipients')
    putTodayUnderDeepLink(window)
    expect(window.history.length).toBe(before)
  })
})

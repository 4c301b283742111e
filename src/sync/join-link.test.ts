import { describe, expect, it } from 'vitest'
import { decodeJoin, encodeJoinCode, joinLink } from './join-link'

const info = {
  serverUrl: 'http://192.0.2.10:4173',
  credential: 'space_1234567.tokenABCDEFGHIJKLMNOP_-',
}

describe('join links', () => {
  it('round-trips the server address and credential through a link and through a bare code', () => {
    const link = joinLink('http://192.0.2.10:4173/', info)
    expect(link.startsWith('http://192.0.2.10:4173/#join=')).toBe(true)
    expect(decodeJoin(link)).toEqual(info)
    expect(decodeJoin(encodeJoinCode(info))).toEqual(info)
  })

  it('returns null for anything that is not a join code', () => {
    expect(decodeJoin('hello')).toBeNull()
    expect(decodeJoin('')).toBeNull()
    expect(decodeJoin(encodeJoinCode({ ...info, credential: 'short' }))).toBeNull()
  })

  it('marks an invitation link as one, and reads an older link (the space secret) as not one', () => {
    const invitation = { ...info, invitation: true }
    expect(decodeJoin(joinLink('http://192.0.2.10:4173', invitation))).toEqual(invitation)
    expect(decodeJoin(joinLink('http://192.0.2.10:4173', info))?.invitation).toBeUndefined()
  })
})

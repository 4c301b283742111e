/**
 * Per-device credentials over real loopback sockets, once per storage backend: one-time and
 * expiring invitations, device removal locking a tablet out at once (push, pull, live channel),
 * the shared space secret of older spaces traded in and retired, and no credential in any URL.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  createSpaceResponseSchema,
  devicesResponseSchema,
  invitationResponseSchema,
  splitCredential,
  wireErrorSchema,
} from '../src/sync/wire'
import { hashToken } from './auth'
import type { SyncStorage } from './storage/storage'
import { describeEachBackend } from './testing/backends'
import { makeChanges } from './testing/fixtures'
import { apiClient, openEvents, sseReader, startTestServer, type TestServer } from './testing/http'

function expectWireError(json: unknown, code: string): string {
  const parsed = wireErrorSchema.parse(json)
  expect(parsed.code).toBe(code)
  return parsed.message
}

describeEachBackend('device credentials', (backend) => {
  let storage: SyncStorage
  let server: TestServer
  let api: ReturnType<typeof apiClient>
  const secrets: string[] = []

  beforeAll(async () => {
    storage = await backend.open()
    server = await startTestServer(storage, { keepAliveMs: 100 })
    api = apiClient(server.url)
  }, 120_000)

  afterAll(async () => {
    await server.close()
    await storage.close()
  })

  async function createSpace(deviceId: string): Promise<string> {
    const result = await api.call('/api/spaces', { body: { deviceId, deviceName: 'Kitchen iPad' } })
    expect(result.status).toBe(201)
    const { spaceId, token } = createSpaceResponseSchema.parse(result.json)
    secrets.push(token)
    return `${spaceId}.${token}`
  }

  async function invite(credential: string) {
    const result = await api.call('/api/sync/invitations', { credential, method: 'POST' })
    expect(result.status).toBe(201)
    const invitation = invitationResponseSchema.parse(result.json)
    secrets.push(splitCredential(invitation.invitation).token)
    return invitation
  }

  async function join(invitation: string, deviceId: string) {
    return api.call('/api/join', { body: { invitation, deviceId, deviceName: 'Hall tablet' } })
  }

  async function joined(invitation: string, deviceId: string): Promise<string> {
    const result = await join(invitation, deviceId)
    expect(result.status, JSON.stringify(result.json)).toBe(201)
    const { spaceId, token } = createSpaceResponseSchema.parse(result.json)
    secrets.push(token)
    return `${spaceId}.${token}`
  }

  it('gives the creating tablet its own credential, stored only as a hash, and no usable space secret', async () => {
    const credential = await createSpace('tablet-a')
    const { spaceId, token } = splitCredential(credential)
    expect(await storage.deviceByTokenHash(spaceId, hashToken(token))).toEqual({
      deviceId: 'tablet-a',
      revokedAt: null,
    })
    expect(await storage.getSpaceTokenHash(spaceId)).not.toBe(hashToken(token))
    expect((await api.pull(credential, 0, 10)).status).toBe(200)
    const devices = devicesResponseSchema.parse(
      (await api.call('/api/sync/devices', { credential })).json,
    )
    expect(devices.devices.map((device) => device.name)).toEqual(['Kitchen iPad'])
  })

  it('lets an invitation be spent once, for a new device credential', async () => {
    const a = await createSpace('tablet-a')
    const { invitation, expiresAt } = await invite(a)
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(23 * 3_600_000)
    const b = await joined(invitation, 'tablet-b')
    expect(b).not.toBe(a)
    expect((await api.push(b, makeChanges(2, 3), 'tablet-b')).status).toBe(200)
    const again = await join(invitation, 'tablet-c')
    expect(again.status).toBe(401)
    expect(expectWireError(again.json, 'invitation-invalid')).toMatch(/already been used/)
    const devices = devicesResponseSchema.parse(
      (await api.call('/api/sync/devices', { credential: a })).json,
    )
    expect(devices.devices.map((device) => device.deviceId).sort()).toEqual([
      'tablet-a',
      'tablet-b',
    ])
  })

  it('refuses an expired or unknown invitation and a space credential used as one', async () => {
    const a = await createSpace('tablet-a')
    const { spaceId } = splitCredential(a)
    const code = 'E'.repeat(43)
    await storage.createInvitation(spaceId, {
      codeHash: hashToken(code),
      createdBy: 'tablet-a',
      createdAt: '2026-01-01T00:00:00.000Z',
      expiresAt: '2026-01-02T00:00:00.000Z',
    })
    const expired = await join(`${spaceId}.${code}`, 'tablet-b')
    expect(expired.status).toBe(401)
    expect(expectWireError(expired.json, 'invitation-invalid')).toMatch(/expired/)
    for (const invitation of [`${spaceId}.${'U'.repeat(43)}`, a]) {
      const unknown = await join(invitation, 'tablet-b')
      expect(unknown.status).toBe(401)
      expect(expectWireError(unknown.json, 'invitation-invalid')).toMatch(/not known/)
    }
  })

  it('locks a removed tablet out at once: push, pull, snapshot, devices and its open live stream', async () => {
    const a = await createSpace('tablet-a')
    const b = await joined((await invite(a)).invitation, 'tablet-b')
    const stream = sseReader(await openEvents(server.url, b))
    await stream.waitFor(/event: ready/, 20_000)

    const removed = await api.call('/api/sync/devices/remove', {
      credential: a,
      body: { deviceId: 'tablet-b' },
    })
    expect(removed.status).toBe(200)
    expect(
      devicesResponseSchema.parse(removed.json).devices.map((device) => device.deviceId),
    ).toEqual(['tablet-a'])

    // The open stream ends without waiting for the tablet's next request.
    await expect(stream.waitFor(/never comes/, 20_000)).rejects.toThrow(/stream ended/)
    const refusals = [
      await api.push(b, makeChanges(1, 1), 'tablet-b'),
      await api.pull(b, 0, 10),
      await api.call('/api/sync/snapshot', { credential: b }),
      await api.call('/api/sync/devices', { credential: b }),
      await api.call('/api/sync/invitations', { credential: b, method: 'POST' }),
      await openEvents(server.url, b).then(async (response) => ({
        status: response.status,
        json: (await response.json()) as unknown,
      })),
    ]
    for (const refusal of refusals) {
      expect(refusal.status).toBe(401)
      expectWireError(refusal.json, 'device-removed')
    }
    // Tablet A goes on; B can come back only with a new invitation.
    expect((await api.pull(a, 0, 10)).status).toBe(200)
    const back = await joined((await invite(a)).invitation, 'tablet-b')
    expect((await api.pull(back, 0, 10)).status).toBe(200)
    expect((await api.pull(b, 0, 10)).status).toBe(401)
  }, 60_000)

  it('closes a live stream held by another server process at its next keep-alive', async () => {
    // A second server on the same storage has its own stream hub, like a second process.
    const other = await startTestServer(storage, { keepAliveMs: 100 })
    try {
      const a = await createSpace('tablet-a')
      const b = await joined((await invite(a)).invitation, 'tablet-b')
      const stream = sseReader(await openEvents(other.url, b))
      await stream.waitFor(/event: ready/, 20_000)
      const removed = await api.call('/api/sync/devices/remove', {
        credential: a,
        body: { deviceId: 'tablet-b' },
      })
      expect(removed.status).toBe(200)
      await expect(stream.waitFor(/never comes/, 20_000)).rejects.toThrow(/stream ended/)
    } finally {
      await other.close()
    }
  }, 60_000)

  it('answers 404 for removing a device the space does not have', async () => {
    const a = await createSpace('tablet-a')
    const result = await api.call('/api/sync/devices/remove', {
      credential: a,
      body: { deviceId: 'no-such-tablet' },
    })
    expect(result.status).toBe(404)
    expectWireError(result.json, 'not-found')
  })

  it('lets a tablet on an older space secret trade it for its own credential; a removal retires the secret', async () => {
    const secret = await api.createSpace('Old space')
    secrets.push(splitCredential(secret).token)
    const trade = async (deviceId: string) =>
      api.call('/api/sync/credential', { credential: secret, body: { deviceId } })
    const traded = await trade('tablet-a')
    expect(traded.status).toBe(201)
    const a = `${splitCredential(secret).spaceId}.${createSpaceResponseSchema.parse(traded.json).token}`
    secrets.push(splitCredential(a).token)
    expect((await api.pull(a, 0, 10)).status).toBe(200)
    // A device credential is not traded again.
    const twice = await api.call('/api/sync/credential', {
      credential: a,
      body: { deviceId: 'tablet-a' },
    })
    expect(twice.status).toBe(400)
    // A second old tablet still on the secret syncs until a device is removed.
    expect((await api.push(secret, makeChanges(1, 5), 'tablet-old')).status).toBe(200)
    const removal = await api.call('/api/sync/devices/remove', {
      credential: a,
      body: { deviceId: 'tablet-old' },
    })
    expect(removal.status).toBe(200)
    const locked = await api.pull(secret, 0, 10)
    expect(locked.status).toBe(401)
    expectWireError(locked.json, 'unauthorized')
    expect((await api.pull(a, 0, 10)).status).toBe(200)
  })

  it('never logs a credential or an invitation: they travel in headers and bodies only', () => {
    expect(secrets.length).toBeGreaterThan(5)
    const logged = JSON.stringify(server.logger.records)
    for (const secret of secrets) expect(logged).not.toContain(secret)
  })
})

/**
 * Credentials: a device's own, an invitation's code, or an older space's shared secret. Each is a
 * 32-byte random token made on the server; only its SHA-256 is stored (the token is random and
 * long, so a slow hash adds nothing), and space secrets are compared in constant time. A device
 * presents `<spaceId>.<token>` (wire.ts) as a Bearer header, always (the live channel too: it is
 * read with fetch, not EventSource); an invitation travels only in a request body.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { spaceCredentialSchema, splitCredential } from '../src/sync/wire'

export function newSpaceId(): string {
  return randomBytes(12).toString('base64url')
}

export function newToken(): string {
  return randomBytes(32).toString('base64url')
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

/** A hash no token has, compared against when the space does not exist, to keep timing even. */
const NO_SPACE_HASH = hashToken(randomBytes(32).toString('base64url'))

export function tokenMatches(token: string, storedHash: string | null): boolean {
  const given = Buffer.from(hashToken(token), 'hex')
  const stored = Buffer.from(storedHash ?? NO_SPACE_HASH, 'hex')
  // Compare even when there is no space, so "no such space" and "wrong token" take equal time.
  const equal = given.length === stored.length && timingSafeEqual(given, stored)
  return equal && storedHash !== null
}

/** The credential from `Authorization: Bearer <credential>`, or null. */
export function bearerCredential(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')
  return match?.[1] ?? null
}

/** Splits a well-formed credential; null when it is not one. */
export function parseCredential(
  credential: string | null,
): { spaceId: string; token: string } | null {
  if (credential === null) return null
  const parsed = spaceCredentialSchema.safeParse(credential)
  return parsed.success ? splitCredential(parsed.data) : null
}

/**
 * Join links: how a second tablet joins a space. The link carries the server address and a
 * one-time invitation (`"k": "i"`; older links carry the space secret) in the URL fragment, never
 * sent to any server by the browser:
 * `https://host/#join=<base64url of {"s": serverUrl, "c": "<spaceId>.<code>", "k": "i"}>`. Shown
 * as a QR code in Settings; typing the code by hand works too.
 */
import { z } from 'zod'
import { spaceCredentialSchema } from './wire'

const joinPayloadSchema = z.strictObject({
  s: z.url({ protocol: /^https?$/ }),
  c: spaceCredentialSchema,
  /** `i`: `c` is an invitation, traded once for this tablet's own credential. */
  k: z.literal('i').optional(),
})
export type JoinInfo = { serverUrl: string; credential: string; invitation?: boolean }

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text)
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

function fromBase64Url(code: string): string {
  const base64 = code.replace(/-/g, '+').replace(/_/g, '/')
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4))
  return new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)))
}

/** The join code (the part after `#join=`). */
export function encodeJoinCode(info: JoinInfo): string {
  return toBase64Url(
    JSON.stringify({
      s: info.serverUrl,
      c: info.credential,
      ...(info.invitation ? { k: 'i' } : {}),
    }),
  )
}

export function joinLink(appUrl: string, info: JoinInfo): string {
  return `${appUrl.replace(/#.*$/, '').replace(/\/+$/, '')}/#join=${encodeJoinCode(info)}`
}

/** Read a join code or a whole join link; null when it is not one. */
export function decodeJoin(codeOrLink: string): JoinInfo | null {
  const trimmed = codeOrLink.trim()
  const code = trimmed.includes('#join=') ? trimmed.slice(trimmed.indexOf('#join=') + 6) : trimmed
  try {
    const parsed = joinPayloadSchema.safeParse(JSON.parse(fromBase64Url(code)))
    if (!parsed.success) return null
    const info: JoinInfo = { serverUrl: parsed.data.s, credential: parsed.data.c }
    return parsed.data.k === 'i' ? { ...info, invitation: true } : info
  } catch {
    return null
  }
}

/**
 * Checks a change must pass before the server stores it, beyond the wire schema: characters
 * PostgreSQL text cannot hold, or that would make distinct ids collide. Push and restore both
 * apply them, so nothing reaches the log by one path that the other would refuse.
 */
import type { ChangeRecord } from '../src/sync/wire'

/** Characters that PostgreSQL text cannot hold or that would make distinct ids collide. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const UNSTORABLE = /[\u0000-\u001f\u007f]|\p{Cs}/u

/** Why `change` cannot be stored (`at` names it in the message), or null. */
export function unstorableProblem(change: ChangeRecord, at: string): string | null {
  for (const key of ['id', 'rowId', 'deviceId', 'hlc'] as const) {
    if (UNSTORABLE.test(change[key])) return `${at}.${key}: control or unpaired surrogate character`
  }
  return null
}

/**
 * Events of the app's database connection the shell must react to. When another tab opens a newer
 * schema (an update installed there), IndexedDB asks this tab to let go: we close the connection
 * for good, so old code never writes to a schema it does not know, and tell the shell to offer a
 * reload (never a silent one, STYLE §6).
 */
import type { AppDatabase } from '../../db/database'
import { db } from '../../db/instance'

export function watchOtherTabUpgrades(
  onUpgrade: () => void,
  database: AppDatabase = db,
): () => void {
  // Also fires when another tab deletes the database: the same answer, reload, fits both.
  const listener = () => {
    database.close({ disableAutoOpen: true })
    onUpgrade()
    // Dexie runs the newest subscriber first; `false` stops its default handler, which would
    // close with auto-open still on and let this tab's old code reopen the upgraded database.
    return false
  }
  database.on('versionchange', listener)
  return () => database.on('versionchange').unsubscribe(listener)
}

/**
 * The app's one database instance. Only allow-listed modules import it (ui/data helpers, main.tsx,
 * the sync engine's wiring); ESLint refuses it everywhere else.
 */
import { createDatabase } from './database'

export const APP_DATABASE_NAME = 'bake-tracker'
export const db = createDatabase(APP_DATABASE_NAME)

/**
 * Global zod settings, imported FIRST by the entry point (before any schema is defined). zod
 * compiles object schemas with `new Function` unless `jitless`; under the shell's
 * Content-Security-Policy (no 'unsafe-eval', server/guards.ts) even its probe for eval is reported
 * as a violation, so the app parses without it.
 */
import { z } from 'zod'

z.config({ jitless: true })

/// <reference types="vitest/config" />
import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'
import { VitePWA } from 'vite-plugin-pwa'
import type { Plugin } from 'vite'
import { precompressDir } from './server/precompress.ts'

// The installed app's title bar matches the app header (app.css --color-primary); the splash
// screen uses the page background. The icon itself sits on teal (public/favicon.svg).
const THEME_COLOR = '#8a3b12'
const BACKGROUND_COLOR = '#fffaf3'

/**
 * After everything is written (the bundle, then the service worker vite-plugin-pwa adds), a `.br`
 * and a `.gz` copy of each text file for server/static.ts (docs/decisions.md: why no plugin).
 */
function precompress(): Plugin {
  let outDir = 'dist'
  return {
    name: 'bake-tracker:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir
    },
    closeBundle: {
      order: 'post',
      sequential: true,
      async handler() {
        const report = await precompressDir(outDir)
        this.info(
          `precompressed ${report.files} files: ${report.bytes} B → brotli ${report.brotliBytes} B, gzip ${report.gzipBytes} B`,
        )
      },
    },
  }
}

export default defineConfig({
  plugins: [
    react(),
    VitePWA({
      // Never reload under the baker: a new version waits until they tap "Reload" (ui/pwa).
      registerType: 'prompt',
      // src/ui/pwa registers the service worker itself through virtual:pwa-register.
      injectRegister: false,
      // public/ files are precached through this list and the manifest icons, not globPatterns
      // (TOOLCHAIN P6: both would precache them twice).
      includeAssets: ['favicon.svg', 'favicon.ico', 'apple-touch-icon-180x180.png'],
      manifest: {
        name: 'Bake Tracker',
        short_name: 'Bake Tracker',
        description:
          'Plan and track holiday baking on a kitchen tablet: events, production, packages and deliveries. Works offline.',
        theme_color: THEME_COLOR,
        background_color: BACKGROUND_COLOR,
        display: 'standalone',
        start_url: '/',
        scope: '/',
        icons: [
          { src: 'pwa-64x64.png', sizes: '64x64', type: 'image/png' },
          { src: 'pwa-192x192.png', sizes: '192x192', type: 'image/png' },
          { src: 'pwa-512x512.png', sizes: '512x512', type: 'image/png' },
          {
            src: 'maskable-icon-512x512.png',
            sizes: '512x512',
            type: 'image/png',
            purpose: 'maskable',
          },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html}'],
        // Any in-app URL opens the app shell offline; the sync server's API is never the shell.
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//],
        cleanupOutdatedCaches: true,
        // No clientsClaim/skipWaiting: in prompt mode the new worker waits for the baker's tap.
      },
      devOptions: { enabled: false },
    }),
    precompress(),
  ],
  // Maps are written for debugging but not referenced from the bundle, and the server never
  // serves them (server/static.ts).
  build: {
    target: 'es2022',
    sourcemap: 'hidden',
    rolldownOptions: {
      // A service module does nothing when imported but define schemas and functions, so one the
      // first screen does not use stays out of its chunk even though the services barrel names it
      // (zod calls at the top level would otherwise count as side effects).
      treeshake: { moduleSideEffects: (id: string) => !/[\\/]src[\\/]services[\\/]/.test(id) },
      // zod and its global settings (src/zod-config.ts: jitless, for the CSP) in one chunk, the
      // settings right after zod: every chunk that defines a schema imports this one, so no schema
      // exists before the settings, whichever chunk loads first.
      output: {
        codeSplitting: {
          groups: [
            { name: 'zod', test: /[\\/]node_modules[\\/]zod[\\/]|[\\/]src[\\/]zod-config\.ts$/ },
          ],
        },
      },
    },
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.{ts,tsx}', 'server/**/*.test.ts'],
    setupFiles: ['src/test/setup.ts'],
    // Sized for a loaded 2-core machine (scripts/with-load.sh): vitest's 5 s default fails
    // fake-indexeddb and PGlite work that takes a fraction of that on an idle one.
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // One PostgreSQL for the server suites: DATABASE_URL, else a throw-away cluster (or a skip reason).
    globalSetup: ['server/testing/pg-global-setup.ts'],
  },
})

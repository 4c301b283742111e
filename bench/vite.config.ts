/**
 * Builds the benchmark page (bench/index.html + bench-page.ts) into bench/dist. bench/run.ts
 * serves it under /bench/ beside the built app, from the app's origin.
 */
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

const root = fileURLToPath(new URL('.', import.meta.url))

export default defineConfig({
  root,
  base: '/bench/',
  logLevel: 'warn',
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
  },
})

/**
 * What the first screen downloads (issue 17 item 8): the production build's entry chunk and every
 * chunk it imports statically (the `modulepreload` list) stay ≤ 150 KB gzip, and hold neither the
 * local write path, the event writes, the sync engine nor the wire's schemas: those load when a
 * tap or the engine needs them. Builds in memory with the app's own build settings.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { build, loadConfigFromFile, type PluginOption, type Rolldown } from 'vite'
import { describe, expect, it } from 'vitest'

const ROOT = join(import.meta.dirname, '../../..')
type Chunk = Rolldown.OutputChunk

async function firstScreenChunks(): Promise<Chunk[]> {
  const loaded = await loadConfigFromFile(
    { command: 'build', mode: 'production' },
    join(ROOT, 'vite.config.ts'),
    ROOT,
    'silent',
  )
  if (!loaded) throw new Error('vite.config.ts did not load')
  const appConfig = loaded.config
  // The app's plugins (React, the PWA's virtual modules) but not the precompression of dist/.
  const plugins = (appConfig.plugins ?? [])
    .flat()
    .filter(
      (plugin: PluginOption) =>
        !(plugin && 'name' in plugin && plugin.name === 'bake-tracker:precompress'),
    )
  const outDir = mkdtempSync(join(tmpdir(), 'first-screen-chunks-'))
  // Vitest runs with NODE_ENV=test, which would bundle React's development build.
  const nodeEnv = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  let result
  try {
    result = await build({
      configFile: false,
      root: ROOT,
      mode: 'production',
      logLevel: 'silent',
      plugins,
      build: { ...appConfig.build, outDir, write: false, sourcemap: false },
    })
  } finally {
    process.env.NODE_ENV = nodeEnv
    rmSync(outDir, { recursive: true, force: true })
  }
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[]
  const chunks = new Map<string, Chunk>()
  for (const output of outputs)
    for (const item of output.output) if (item.type === 'chunk') chunks.set(item.fileName, item)
  const entry = [...chunks.values()].find((chunk) => chunk.isEntry)
  if (!entry) throw new Error('the build has no entry chunk')
  const seen = new Map<string, Chunk>()
  const visit = (chunk: Chunk): void => {
    if (seen.has(chunk.fileName)) return
    seen.set(chunk.fileName, chunk)
    for (const name of chunk.imports) {
      const imported = chunks.get(name)
      if (imported) visit(imported)
    }
  }
  visit(entry)
  return [...seen.values()]
}

describe('the first screen’s JavaScript', () => {
  it('is at most 150 KB gzip and leaves the write path, the sync engine and the wire’s schemas to later chunks', async () => {
    const chunks = await firstScreenChunks()
    const gzipBytes = chunks.reduce((sum, chunk) => sum + gzipSync(chunk.code).length, 0)
    const modules = chunks
      .flatMap((chunk) => chunk.moduleIds)
      .map((id) => id.slice(ROOT.length + 1).replaceAll('\\', '/'))
    const early = modules.filter(
      (id) =>
        id === 'src/db/mutate.ts' ||
        id === 'src/services/events.ts' ||
        id === 'src/db/event-summary-schema.ts' ||
        id.startsWith('src/sync/engine') ||
        id.startsWith('src/sync/wire') ||
        id === 'src/ui/data/sync-connection.ts',
    )
    expect(early).toEqual([])
    expect(gzipBytes / 1024).toBeLessThanOrEqual(150)
  }, 180_000)
})

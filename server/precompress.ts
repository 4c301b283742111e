/**
 * Writes a brotli (`.br`) and a gzip (`.gz`) copy beside every compressible file of the built app,
 * once, at build time (vite.config.ts), so the server sends compressed bytes without compressing
 * per request (server/static.ts picks one by `Accept-Encoding`). A copy is kept only when it is
 * smaller than the file; source maps are never served and so never compressed.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { extname, join } from 'node:path'
import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'

const brotli = promisify(brotliCompress)
const gzipAsync = promisify(gzip)

/** What is worth compressing: text formats and icons; PNG and WOFF2 are compressed already. */
export const COMPRESSIBLE = new Set([
  '.html',
  '.js',
  '.mjs',
  '.css',
  '.json',
  '.webmanifest',
  '.svg',
  '.ico',
  '.txt',
])

async function* filesUnder(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) yield* filesUnder(path)
    else if (entry.isFile()) yield path
  }
}

export type PrecompressReport = {
  files: number
  bytes: number
  brotliBytes: number
  gzipBytes: number
}

/** Compress every compressible file under `dir` (best brotli, gzip -9); returns the totals. */
export async function precompressDir(dir: string): Promise<PrecompressReport> {
  const report: PrecompressReport = { files: 0, bytes: 0, brotliBytes: 0, gzipBytes: 0 }
  for await (const path of filesUnder(dir)) {
    if (!COMPRESSIBLE.has(extname(path))) continue
    const content = await readFile(path)
    const [br, gz] = await Promise.all([
      brotli(content, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
        },
      }),
      gzipAsync(content, { level: 9 }),
    ])
    report.files++
    report.bytes += content.length
    if (br.length < content.length) {
      await writeFile(`${path}.br`, br)
      report.brotliBytes += br.length
    } else report.brotliBytes += content.length
    if (gz.length < content.length) {
      await writeFile(`${path}.gz`, gz)
      report.gzipBytes += gz.length
    } else report.gzipBytes += content.length
  }
  return report
}

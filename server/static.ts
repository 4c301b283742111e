/**
 * Serves the built PWA from `dist/` so one process and one URL run the whole product (DESIGN §4).
 * Hashed files under /assets/ are cached for a year; the shell and the service worker files are
 * `no-cache`, so an installed tablet always learns of a new version (DESIGN §5, PWA). A navigation
 * to an unknown path gets index.html (the app routes on the client); /api/ never does. The cache
 * policy is chosen on the path of the file actually served (so `/assets%2F..%2Fsw.js` is not
 * cached for a year), and source maps are never served (the build keeps them for debugging).
 * A file the build precompressed (server/precompress.ts) is sent as its `.br` or `.gz` copy when
 * the request's `Accept-Encoding` allows it, with the original's type and `Vary: Accept-Encoding`.
 */
import { readFile, stat } from 'node:fs/promises'
import { extname, join, relative, resolve, sep } from 'node:path'
import type { Context } from 'hono'

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
}

/** Files that must be revalidated on every load (the app shell and the PWA update path). */
const NO_CACHE = new Set(['/index.html', '/sw.js', '/manifest.webmanifest', '/registerSW.js'])

export function cacheControlFor(urlPath: string): string {
  if (NO_CACHE.has(urlPath) || urlPath.startsWith('/workbox-')) return 'no-cache'
  if (urlPath.startsWith('/assets/')) return 'public, max-age=31536000, immutable'
  return 'public, max-age=3600'
}

/** The encodings the client accepts (q > 0), by name; `*` stands for any not named. */
export function acceptedEncodings(header: string | undefined): (name: string) => boolean {
  const quality = new Map<string, number>()
  for (const part of (header ?? '').split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';')
    if (!name) continue
    const q = params.map((param) => param.trim()).find((param) => param.startsWith('q='))
    const value = q === undefined ? 1 : Number(q.slice(2))
    quality.set(name, Number.isFinite(value) ? value : 0)
  }
  return (name) => (quality.get(name) ?? quality.get('*') ?? 0) > 0
}

/** Brotli first (smaller), then gzip: the copies the build wrote, in order of preference. */
const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const

async function fileSize(path: string): Promise<number | null> {
  try {
    const info = await stat(path)
    return info.isFile() ? info.size : null
  } catch {
    return null
  }
}

function isNavigation(c: Context): boolean {
  if (c.req.header('sec-fetch-mode') === 'navigate') return true
  return (c.req.header('accept') ?? '').includes('text/html')
}

/** Returns a handler serving `distDir`; it answers 404 (null) for what it does not serve. */
export function staticFiles(distDir: string) {
  const root = resolve(distDir)

  async function fileResponse(c: Context, urlPath: string): Promise<Response | null> {
    const filePath = resolve(join(root, urlPath))
    // Never serve outside dist/ (`..`, encoded slashes).
    if (filePath !== root && !filePath.startsWith(root + sep)) return null
    if (extname(filePath) === '.map') return null
    const servedPath = `/${relative(root, filePath).split(sep).join('/')}`
    try {
      const size = await fileSize(filePath)
      if (size === null) return null
      const headers: Record<string, string> = {
        'content-type': CONTENT_TYPES[extname(filePath)] ?? 'application/octet-stream',
        'cache-control': cacheControlFor(servedPath),
        'x-content-type-options': 'nosniff',
      }
      let sendPath = filePath
      let sendSize = size
      const accepts = acceptedEncodings(c.req.header('accept-encoding'))
      for (const encoding of ENCODINGS) {
        const encodedSize = await fileSize(filePath + encoding.suffix)
        if (encodedSize === null) continue
        // A file with a compressed copy answers differently by Accept-Encoding, whichever it sends.
        headers.vary = 'Accept-Encoding'
        if (!accepts(encoding.name) || headers['content-encoding']) continue
        headers['content-encoding'] = encoding.name
        sendPath = filePath + encoding.suffix
        sendSize = encodedSize
      }
      headers['content-length'] = String(sendSize)
      const body = c.req.method === 'HEAD' ? null : new Uint8Array(await readFile(sendPath))
      return new Response(body, { status: 200, headers })
    } catch {
      return null
    }
  }

  return async (c: Context): Promise<Response | null> => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return null
    let urlPath: string
    try {
      urlPath = decodeURIComponent(new URL(c.req.url).pathname)
    } catch {
      return null
    }
    if (urlPath.includes('\u0000')) return null
    if (urlPath.endsWith('/')) urlPath = `${urlPath}index.html`
    const found = await fileResponse(c, urlPath)
    if (found) return found
    // SPA fallback: a navigation to a client route (no file extension) opens the shell.
    if (isNavigation(c) && extname(urlPath) === '') return fileResponse(c, '/index.html')
    return null
  }
}

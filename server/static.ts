/**
 * Serves the built PWA from `dist/` so one process and one URL run the whole product (DESIGN §4).
 * Hashed files under /assets/ are cached for a year; the shell and the service worker files are
 * `no-cache`, so an installed tablet always learns of a new version (DESIGN §5, PWA). A navigation
 * to an unknown path gets index.html (the app routes on the client); /api/ never does. The cache
 * policy is chosen on the path of the file actually served (so `/assets%2F..%2Fsw.js` is not
 * cached for a year), and source maps are never served (the build keeps them for debugging).
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
      const info = await stat(filePath)
      if (!info.isFile()) return null
      const body = c.req.method === 'HEAD' ? null : new Uint8Array(await readFile(filePath))
      return new Response(body, {
        status: 200,
        headers: {
          'content-type': CONTENT_TYPES[extname(filePath)] ?? 'application/octet-stream',
          'content-length': String(info.size),
          'cache-control': cacheControlFor(servedPath),
          'x-content-type-options': 'nosniff',
        },
      })
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

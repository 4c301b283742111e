/**
 * A tiny static server for the update test: serves the production build in dist/ and, on
 * `serveNewBuild()`, a second build of it: index.html carries a marker and sw.js a new precache
 * revision for index.html, exactly what a real redeploy changes. It runs on its own port, so the
 * test does not depend on how the suite's baseURL is served.
 */
import { readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url))

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.map': 'application/json',
}

export const NEW_BUILD_MARKER = 'second-build'

export type SwitchableServer = {
  url: string
  serveNewBuild: () => void
  close: () => Promise<void>
}

async function newBuildFile(path: string, original: Buffer): Promise<Buffer> {
  if (path === 'index.html') {
    const html = original.toString('utf8')
    return Buffer.from(
      html.replace(
        '<head>',
        `<head>\n    <meta name="bake-build" content="${NEW_BUILD_MARKER}" />`,
      ),
    )
  }
  if (path === 'sw.js') {
    const sw = original.toString('utf8')
    const changed = sw.replace(
      /(\{url:"index\.html",revision:")([^"]+)"/,
      (_match, head: string, revision: string) => `${head}${NEW_BUILD_MARKER}-${revision}"`,
    )
    if (changed === sw) throw new Error('sw.js has no precache entry for index.html')
    return Buffer.from(changed)
  }
  return Promise.resolve(original)
}

export async function startSwitchableServer(): Promise<SwitchableServer> {
  let newBuild = false
  const server: Server = createServer((request, response) => {
    void (async () => {
      const pathname = new URL(request.url ?? '/', 'http://localhost').pathname
      let path = normalize(decodeURIComponent(pathname)).replace(/^\/+/, '')
      if (path === '' || path.startsWith('..')) path = 'index.html'
      let body: Buffer
      try {
        body = await readFile(join(DIST, path))
      } catch {
        // Single-page app: unknown paths get the shell.
        path = 'index.html'
        body = await readFile(join(DIST, path))
      }
      if (newBuild) body = await newBuildFile(path, body)
      response.writeHead(200, {
        'content-type': CONTENT_TYPES[extname(path)] ?? 'application/octet-stream',
        // Like production: the shell and the service worker are never cached by HTTP.
        'cache-control': 'no-cache',
      })
      response.end(body)
    })().catch((error: unknown) => {
      response.writeHead(500)
      response.end(String(error))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    serveNewBuild: () => {
      newBuild = true
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}

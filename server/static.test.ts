import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { precompressDir } from './precompress'
import { acceptedEncodings, staticFiles } from './static'

const SCRIPT = `export const greeting = ${JSON.stringify('hello '.repeat(2000))}\n`
const SHELL = `<!doctype html><title>Bake Tracker</title>${'<p>shell</p>'.repeat(200)}`

let dir: string
let app: Hono

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bake-tracker-static-'))
  await mkdir(join(dir, 'assets'))
  await writeFile(join(dir, 'assets', 'index-abc.js'), SCRIPT)
  await writeFile(join(dir, 'assets', 'index-abc.js.map'), '{}'.repeat(500))
  await writeFile(join(dir, 'index.html'), SHELL)
  await writeFile(join(dir, 'tiny.txt'), 'a')
  await precompressDir(dir)
  const serve = staticFiles(dir)
  app = new Hono()
  app.all('*', async (c) => (await serve(c)) ?? c.text('not found', 404))
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

function get(path: string, headers: Record<string, string> = {}) {
  return app.request(`http://localhost${path}`, { headers })
}

describe('precompressed static files', () => {
  it('sends the brotli copy to a browser that accepts br, with the script type and Vary', async () => {
    const response = await get('/assets/index-abc.js', { 'accept-encoding': 'gzip, deflate, br' })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-encoding')).toBe('br')
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/)
    expect(response.headers.get('vary')).toBe('Accept-Encoding')
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    const body = Buffer.from(await response.arrayBuffer())
    expect(Number(response.headers.get('content-length'))).toBe(body.length)
    expect(body.length).toBeLessThan(SCRIPT.length / 10)
    expect(brotliDecompressSync(body).toString()).toBe(SCRIPT)
  })

  it('sends gzip when br is not accepted (or refused with q=0), and the file as is with no encoding', async () => {
    for (const accept of ['gzip', 'br;q=0, gzip;q=0.8']) {
      const response = await get('/assets/index-abc.js', { 'accept-encoding': accept })
      expect(response.headers.get('content-encoding'), accept).toBe('gzip')
      expect(gunzipSync(Buffer.from(await response.arrayBuffer())).toString()).toBe(SCRIPT)
    }
    const plain = await get('/assets/index-abc.js')
    expect(plain.headers.get('content-encoding')).toBeNull()
    expect(plain.headers.get('vary')).toBe('Accept-Encoding')
    expect(await plain.text()).toBe(SCRIPT)
  })

  it('compresses the shell a client route falls back to, and keeps it no-cache', async () => {
    const response = await get('/events/123/deliver', {
      accept: 'text/html',
      'accept-encoding': 'br',
    })
    expect(response.headers.get('content-encoding')).toBe('br')
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(response.headers.get('cache-control')).toBe('no-cache')
    expect(brotliDecompressSync(Buffer.from(await response.arrayBuffer())).toString()).toBe(SHELL)
  })

  it('answers HEAD with the encoded length and no body', async () => {
    const response = await app.request('http://localhost/index.html', {
      method: 'HEAD',
      headers: { 'accept-encoding': 'br' },
    })
    expect(response.headers.get('content-encoding')).toBe('br')
    expect(Number(response.headers.get('content-length'))).toBeLessThan(SHELL.length)
    expect(await response.text()).toBe('')
  })

  it('keeps no copy that is not smaller, and never compresses source maps', async () => {
    const tiny = await get('/tiny.txt', { 'accept-encoding': 'br, gzip' })
    expect(tiny.headers.get('content-encoding')).toBeNull()
    expect(tiny.headers.get('vary')).toBeNull()
    expect(await tiny.text()).toBe('a')
    expect((await get('/assets/index-abc.js.map.br')).status).toBe(404)
  })
})

describe('acceptedEncodings', () => {
  it('reads names and q-values, with * for the rest', () => {
    const accepts = acceptedEncodings('gzip;q=0.5, br;q=0, *;q=0.1')
    expect(accepts('gzip')).toBe(true)
    expect(accepts('br')).toBe(false)
    expect(accepts('zstd')).toBe(true)
    expect(acceptedEncodings(undefined)('gzip')).toBe(false)
    expect(acceptedEncodings('GZIP')('gzip')).toBe(true)
  })
})

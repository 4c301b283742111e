import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, expect, test, type APIRequestContext } from './fixtures'

type ManifestIcon = { src: string; sizes: string; type?: string; purpose?: string }
type Manifest = {
  name: string
  short_name: string
  display: string
  start_url: string
  scope: string
  theme_color: string
  background_color: string
  icons: ManifestIcon[]
}

/** Width and height from a PNG's IHDR chunk (bytes 16–23). */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a')
  expect(bytes.subarray(12, 16).toString('ascii')).toBe('IHDR')
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) }
}

async function fetchOk(request: APIRequestContext, url: string): Promise<Buffer> {
  const response = await request.get(url)
  expect(response.ok(), url).toBe(true)
  return response.body()
}

test('the manifest names the app, opens standalone at / and its icons have the declared sizes', async ({
  page,
  request,
}) => {
  await page.goto('/')
  const href = await page.locator('link[rel="manifest"]').getAttribute('href')
  expect(href).toBeTruthy()
  const manifestUrl = new URL(href!, page.url()).href
  const manifest = JSON.parse((await fetchOk(request, manifestUrl)).toString('utf8')) as Manifest

  expect(manifest).toMatchObject({
    name: 'Bake Tracker',
    short_name: 'Bake Tracker',
    display: 'standalone',
    start_url: '/',
    scope: '/',
  })
  expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i)
  expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/i)

  const anySizes = manifest.icons.filter((icon) => !icon.purpose || icon.purpose.includes('any'))
  expect(anySizes.map((icon) => icon.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']))
  expect(manifest.icons.some((icon) => icon.purpose === 'maskable')).toBe(true)

  for (const icon of manifest.icons) {
    expect(icon.type).toBe('image/png')
    const size = pngSize(await fetchOk(request, new URL(icon.src, manifestUrl).href))
    expect(`${size.width}x${size.height}`, icon.src).toBe(icon.sizes)
  }
})

test('the page links a favicon and an apple touch icon that exist', async ({ page, request }) => {
  await page.goto('/')
  const appleHref = await page.locator('link[rel="apple-touch-icon"]').getAttribute('href')
  const apple = pngSize(await fetchOk(request, new URL(appleHref!, page.url()).href))
  expect(apple).toEqual({ width: 180, height: 180 })
  for (const link of await page.locator('link[rel="icon"]').all()) {
    await fetchOk(request, new URL((await link.getAttribute('href'))!, page.url()).href)
  }
  await expect(page.locator('meta[name="theme-color"]')).toHaveAttribute('content', /^#/)
})

test('Chromium finds the app installable', async ({ launchOptions, baseURL }) => {
  // The default context is incognito, which is never installable (TOOLCHAIN P7).
  const profile = mkdtempSync(join(tmpdir(), 'bake-install-'))
  const context = await chromium.launchPersistentContext(profile, {
    ...launchOptions,
    baseURL,
    serviceWorkers: 'allow',
  })
  try {
    const page = await context.newPage()
    await page.goto('/')
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready
    })
    const cdp = await context.newCDPSession(page)
    await expect
      .poll(async () => {
        const result = await cdp.send('Page.getInstallabilityErrors')
        return result.installabilityErrors.map((error) => error.errorId)
      })
      .toEqual([])
  } finally {
    await context.close()
    rmSync(profile, { recursive: true, force: true })
  }
})

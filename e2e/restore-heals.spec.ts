/**
 * A restore never breaks sync (issue 19 item 2), in real browsers: the sync server (its own
 * process on a free port, serving the built app) writes a backup as it stops; two tablets then
 * deliver two packages through it; the server is lost and restored from that older backup. The
 * tablets heal it, so a third tablet joining afterwards sees both deliveries.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test, type Browser } from './fixtures'
import { spawnServer, type ServerProcess } from '../server/testing/processes'
import {
  inviteLink,
  joinByLink,
  MULTI_TABLET_TEST_TIMEOUT,
  openTablet,
  SYNC_TIMEOUT,
} from './pages/sync-waits'
import { DeliverTablet, twoJoinedTablets } from './pages/synced-tablets'

async function joinThirdTablet(browser: Browser, url: string, inviter: DeliverTablet) {
  await inviter.goTo('Settings')
  const link = await inviteLink(inviter.page)
  const c = new DeliverTablet(await openTablet(browser, url), 'C')
  await joinByLink(c.page, link)
  await c.goTo('Today')
  await expect(c.eventCard('Holiday gifts')).toBeVisible()
  await c.openEvent('Holiday gifts')
  await c.openTab('Deliver')
  return c
}

test('tablets heal a server restored from an older backup: a tablet joining later sees every delivery', async ({
  browser,
}) => {
  test.setTimeout(2 * MULTI_TABLET_TEST_TIMEOUT)
  const root = mkdtempSync(join(tmpdir(), 'bake-restore-e2e-'))
  const env = {
    DIST_DIR: join(process.cwd(), 'dist'),
    DATA_DIR: join(root, 'data'),
    BACKUP_DIR: join(root, 'backups'),
  }
  const servers: ServerProcess[] = []
  const start = async (extra: Record<string, string>) => {
    const server = await spawnServer({ ...env, ...extra })
    servers.push(server)
    return server
  }
  try {
    const first = await start({ BACKUP_INTERVAL_MS: '1000' })
    const url = first.url
    const port = new URL(url).port
    const { a, b } = await twoJoinedTablets(browser, url)
    const [one, two] = await a.readyPackages()
    if (!one || !two) throw new Error('the sample event should have two ready packages')
    // The backup (written each second while the space changes) holds both tablets; then the
    // server goes on, on the same data and address, without backing up any more.
    await expect
      .poll(() => devicesIn(join(root, 'backups')), { timeout: SYNC_TIMEOUT, intervals: [500] })
      .toBe(2)
    await first.kill()
    const second = await start({ PORT: port })

    // After the backup: A and B each deliver a package, and the server acknowledges both.
    await a.markDelivered(one)
    await b.markDelivered(two)
    // Each sees the other's delivery after a reload (a sync at start, and a new live channel: the
    // old one may still be waiting out its back-off from the stop).
    for (const [tablet, other] of [
      [a, two],
      [b, one],
    ] as const) {
      await tablet.page.reload()
      await tablet.openEvent('Holiday gifts')
      await tablet.openTab('Deliver')
      await tablet.expectDelivered(other, SYNC_TIMEOUT)
    }

    // The server is lost; the older backup is restored into a new data directory.
    await second.kill()
    const restoreDir = join(root, 'restored')
    const restore = await spawnRestore(join(root, 'backups'), restoreDir)
    expect(restore.code, restore.output).toBe(0)
    await start({ PORT: port, DATA_DIR: restoreDir })

    // Each tablet heals the server at its next sync (here: a reload); a new tablet then sees all.
    for (const tablet of [a, b]) {
      await tablet.page.reload()
      await tablet.openEvent('Holiday gifts')
      await tablet.openTab('Deliver')
      await expect(tablet.deliverCount('delivered')).toHaveText('2')
    }
    const c = await joinThirdTablet(browser, url, a)
    await c.expectDelivered(one, SYNC_TIMEOUT)
    await c.expectDelivered(two, SYNC_TIMEOUT)
    await expect(c.deliverCount('delivered')).toHaveText('2')
    for (const tablet of [a, b, c]) await tablet.close()
  } catch (error) {
    for (const server of servers) console.log(server.output().slice(-3000))
    throw error
  } finally {
    for (const server of servers) await server.kill()
  }
})

/** How many devices the backup of the one space holds (0 while there is none). */
function devicesIn(dir: string): number {
  const file = existsSync(dir) ? readdirSync(dir).find((name) => name.endsWith('.json')) : undefined
  if (!file) return 0
  const backup = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { devices?: unknown[] }
  return backup.devices?.length ?? 0
}

/** `server/main.ts --restore <dir>` into `dataDir`; resolves with its exit code and output. */
async function spawnRestore(
  backups: string,
  dataDir: string,
): Promise<{ code: number | null; output: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'server/main.ts', '--restore', backups],
    { cwd: process.cwd(), env: { ...process.env, DATA_DIR: dataDir }, stdio: 'pipe' },
  )
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
  return { code, output }
}

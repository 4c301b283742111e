/**
 * The real start command, as `npm start` will run it: `tsx server/main.ts` on a file-backed
 * PGlite, serving dist/ and the API on one printed URL, shutting down cleanly on SIGTERM (with a
 * last backup), `--restore` bringing a space back into an empty data directory and
 * `--new-generation` renewing its log's generation; one writer
 * per data directory (a second server and a restore while it runs are refused), and the port
 * bound before the data is touched. Every process is killed by process group, so a failing test
 * leaves nothing running.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { GENERATION_HEADER, type PullResponse } from '../src/sync/wire'
import { makeChanges } from './testing/fixtures'
import { apiClient, makeDist, openEvents, sseReader } from './testing/http'
import { killGroup } from './testing/processes'

const children = new Set<ChildProcess>()

afterEach(() => {
  for (const child of children) killGroup(child)
  children.clear()
})

type Run = { child: ChildProcess; output: () => string; exited: Promise<number | null> }

function run(args: string[], env: Record<string, string>): Run {
  // `node --import tsx` runs the server in this very process (the tsx CLI would fork a child),
  // and `detached` makes it a process group that killGroup ends whole.
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', ...args], {
    cwd: process.cwd(),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  children.add(child)
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, output: () => output, exited }
}

async function started(process: Run): Promise<string> {
  for (let waited = 0; waited < 30_000; waited += 100) {
    const match = /Bake Tracker running at (http:\/\/\S+)/.exec(process.output())
    if (match?.[1]) return match[1]
    if (process.child.exitCode !== null) break
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`server did not start:\n${process.output()}`)
}

describe('tsx server/main.ts', () => {
  it('serves app and API on one URL, backs up on SIGTERM, and --restore brings the space back', async () => {
    const root = await mkdtemp(join(tmpdir(), 'bake-main-'))
    const distDir = await makeDist()
    const env = {
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: join(root, 'data'),
      DIST_DIR: distDir,
      BACKUP_DIR: join(root, 'backups'),
      BACKUP_INTERVAL_MS: '3600000',
    }
    const server = run([], env)
    const url = await started(server)
    const api = apiClient(url)
    expect((await api.call('/api/health')).json).toEqual({ ok: true, storage: 'ok' })
    const shell = await api.call('/', { protocol: null })
    expect(shell.headers.get('cache-control')).toBe('no-cache')
    const credential = await api.createSpace('Main test')
    await api.push(credential, makeChanges(1, 20))
    const before = (await api.pull(credential, 0, 100)).json as PullResponse

    // An open live channel must not hold shutdown up: the server ends it.
    const events = await openEvents(url, credential)
    const stream = sseReader(events)
    await stream.waitFor(/event: ready/)
    server.child.kill('SIGTERM')
    expect(await server.exited).toBe(0)
    await expect(stream.waitFor(/never/)).rejects.toThrow(/ended/)
    expect(server.output()).toMatch(/"msg":"request".*"path":"\/api\/sync\/push"/)
    const backupFile = join(root, 'backups', `${credential.split('.')[0]}.json`)
    expect(existsSync(backupFile)).toBe(true)

    const restore = run(['--restore', join(root, 'backups')], {
      ...env,
      DATA_DIR: join(root, 'restored'),
    })
    expect(await restore.exited).toBe(0)
    expect(restore.output()).toMatch(/Restored 1 space\(s\)/)

    const again = run([], { ...env, DATA_DIR: join(root, 'restored'), BACKUP_INTERVAL_MS: '' })
    const againApi = apiClient(await started(again))
    const restoredPull = await againApi.pull(credential, 0, 100)
    expect(restoredPull.json).toEqual(before)
    again.child.kill('SIGINT')
    expect(await again.exited).toBe(0)

    // --new-generation (after putting back an older copy by other means) renews it.
    const renew = run(['--new-generation'], { ...env, DATA_DIR: join(root, 'restored') })
    expect(await renew.exited).toBe(0)
    expect(renew.output()).toMatch(/new log generation for 1 space\(s\)/)
    const renewed = run([], { ...env, DATA_DIR: join(root, 'restored'), BACKUP_INTERVAL_MS: '' })
    const renewedPull = await apiClient(await started(renewed)).pull(credential, 0, 100)
    expect(renewedPull.json).toEqual(before)
    expect(renewedPull.headers.get(GENERATION_HEADER)).toMatch(/^[0-9a-f-]{36}$/)
    expect(renewedPull.headers.get(GENERATION_HEADER)).not.toBe(
      restoredPull.headers.get(GENERATION_HEADER),
    )
    renewed.child.kill('SIGINT')
    expect(await renewed.exited).toBe(0)
  }, 150_000)

  it('refuses a second server on the same DATA_DIR, naming the first one’s PID', async () => {
    const root = await mkdtemp(join(tmpdir(), 'bake-main-'))
    const env = { PORT: '0', HOST: '127.0.0.1', DATA_DIR: join(root, 'data'), DIST_DIR: root }
    const first = run([], env)
    const api = apiClient(await started(first))
    const credential = await api.createSpace('First')
    await api.push(credential, makeChanges(1, 5))

    const second = run([], env)
    expect(await second.exited).toBe(1)
    expect(second.output()).toContain(
      `is in use by another Bake Tracker server (PID ${first.child.pid})`,
    )
    // The first server is unharmed and still the only writer.
    expect(((await api.pull(credential, 0, 100)).json as PullResponse).changes).toHaveLength(5)
    first.child.kill('SIGTERM')
    expect(await first.exited).toBe(0)

    // Its lock is gone with it: the next server starts on the same directory.
    const third = run([], env)
    const thirdApi = apiClient(await started(third))
    expect(((await thirdApi.pull(credential, 0, 100)).json as PullResponse).changes).toHaveLength(5)
  }, 90_000)

  it('starts after a crash that left the lock behind', async () => {
    const root = await mkdtemp(join(tmpdir(), 'bake-main-'))
    const env = { PORT: '0', HOST: '127.0.0.1', DATA_DIR: join(root, 'data'), DIST_DIR: root }
    const crashed = run([], env)
    await started(crashed)
    killGroup(crashed.child)
    await crashed.exited
    expect(existsSync(join(root, 'data', 'bake-tracker.lock'))).toBe(true)
    const again = run([], env)
    expect((await apiClient(await started(again)).call('/api/health')).status).toBe(200)
  }, 90_000)

  it('refuses --restore while a server holds DATA_DIR, and restores nothing', async () => {
    const root = await mkdtemp(join(tmpdir(), 'bake-main-'))
    const source = run([], {
      PORT: '0',
      DATA_DIR: join(root, 'source'),
      DIST_DIR: root,
      BACKUP_DIR: join(root, 'backups'),
      BACKUP_INTERVAL_MS: '3600000',
    })
    const sourceApi = apiClient(await started(source))
    const credential = await sourceApi.createSpace('Backed up')
    await sourceApi.push(credential, makeChanges(1, 3))
    source.child.kill('SIGTERM')
    expect(await source.exited).toBe(0)

    const env = { PORT: '0', DATA_DIR: join(root, 'live'), DIST_DIR: root }
    const live = run([], env)
    const liveApi = apiClient(await started(live))
    const restore = run(['--restore', join(root, 'backups')], env)
    expect(await restore.exited).toBe(1)
    expect(restore.output()).toContain(`Not restoring: The data directory`)
    expect(restore.output()).toContain(`(PID ${live.child.pid})`)
    expect((await liveApi.pull(credential, 0, 100)).status).toBe(401)
  }, 90_000)

  it('exits on a port in use before it creates or locks DATA_DIR', async () => {
    const root = await mkdtemp(join(tmpdir(), 'bake-main-'))
    const first = run([], { PORT: '0', DATA_DIR: join(root, 'first'), DIST_DIR: root })
    const port = new URL(await started(first)).port
    const second = run([], { PORT: port, DATA_DIR: join(root, 'second'), DIST_DIR: root })
    expect(await second.exited).toBe(1)
    expect(second.output()).toMatch(/Cannot start: .*EADDRINUSE/)
    expect(existsSync(join(root, 'second'))).toBe(false)
  }, 90_000)

  it('refuses to start on a DATABASE_URL it cannot use, without printing the password', async () => {
    const notPostgres = run([], { DATABASE_URL: 'mysql://localhost/bake', PORT: '0' })
    expect(await notPostgres.exited).toBe(1)
    expect(notPostgres.output()).toMatch(
      /DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL/,
    )
    // Port 1 on loopback: nothing listens, so the connection is refused at once.
    const unreachable = run([], {
      DATABASE_URL: 'postgres://bake:s3cret-pw@127.0.0.1:1/bake',
      PORT: '0',
    })
    expect(await unreachable.exited).toBe(1)
    expect(unreachable.output()).toMatch(/Cannot open PostgreSQL \(DATABASE_URL\): .*ECONNREFUSED/)
    expect(unreachable.output()).not.toContain('s3cret-pw')
  }, 30_000)
})

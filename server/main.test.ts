/**
 * The real start command, as `npm start` will run it: `tsx server/main.ts` on a file-backed
 * PGlite, serving dist/ and the API on one printed URL, shutting down cleanly on SIGTERM (with a
 * last backup), and `--restore` bringing a space back into an empty data directory.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { PullResponse } from '../src/sync/wire'
import { makeChanges } from './testing/fixtures'
import { apiClient, makeDist, openEvents, sseReader } from './testing/http'

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx')
const children = new Set<ChildProcess>()

afterEach(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL')
  children.clear()
})

type Run = { child: ChildProcess; output: () => string; exited: Promise<number | null> }

function run(args: string[], env: Record<string, string>): Run {
  const child = spawn(TSX, ['server/main.ts', ...args], {
    cwd: process.cwd(),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
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
    expect((await againApi.pull(credential, 0, 100)).json).toEqual(before)
    again.child.kill('SIGINT')
    expect(await again.exited).toBe(0)
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

/**
 * Real server processes for the multi-process, fault and load tests: `server/main.ts` on a
 * free loopback port (PORT=0, never the e2e suite's 4173), API only, with the URL it prints.
 * Each runs in its own process group, and a kill ends the whole group, so nothing a test starts
 * outlives it (the tsx CLI, for one, runs the server in a child of its own).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'

export type ServerProcess = {
  child: ChildProcess
  url: string
  output(): string
  exited: Promise<number | null>
  /** SIGKILL: no shutdown, requests in flight are cut (fault tests). */
  kill(): Promise<void>
  /** SIGTERM and wait for the exit. */
  stop(): Promise<number | null>
}

/** SIGKILLs the process group `child` leads (spawned with `detached: true`); no-op once gone. */
export function killGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): void {
  if (child.pid === undefined) return
  try {
    process.kill(-child.pid, signal)
  } catch {
    // The group is gone already.
  }
}

/** Starts `server/main.ts` with `env` added and resolves once it prints its URL. */
export async function spawnServer(env: Record<string, string>): Promise<ServerProcess> {
  // `node --import tsx`, not the tsx CLI: the CLI runs the server in a grandchild that a SIGKILL
  // to the CLI would leave running, and a kill must really end the server.
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: '0',
      DIST_DIR: join(process.cwd(), 'no-dist-for-api-tests'),
      BACKUP_INTERVAL_MS: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  let output = ''
  // One JSON line per request: under load keep only the tail, so memory stays bounded.
  const collect = (chunk: Buffer) => {
    output += chunk.toString()
    if (output.length > 1_000_000) output = output.slice(-200_000)
  }
  child.stdout.on('data', collect)
  child.stderr.on('data', collect)
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  let url: string | null = null
  for (let waited = 0; waited < 60_000 && !url; waited += 50) {
    url = /Bake Tracker running at (http:\/\/\S+)/.exec(output)?.[1] ?? null
    if (url || child.exitCode !== null) break
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  if (!url) {
    killGroup(child)
    throw new Error(`server did not start:\n${output}`)
  }
  return {
    child,
    url,
    output: () => output,
    exited,
    async kill() {
      killGroup(child)
      await exited
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      return exited
    },
  }
}

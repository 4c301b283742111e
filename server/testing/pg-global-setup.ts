/**
 * Vitest global setup: one PostgreSQL server for the whole test run, handed to test files through
 * `inject('postgres')`. DATABASE_URL when set (its role needs CREATEDB: each suite makes its own
 * database), else a throw-away cluster when PostgreSQL is installed (stopped and deleted at the
 * end), else the reason the PostgreSQL suites skip.
 */
import type { TestProject } from 'vitest/node'
import { clusterUnavailableReason, startCluster } from './pg-cluster'

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | void> {
  const fromEnv = process.env.DATABASE_URL
  if (fromEnv) {
    project.provide('postgres', { available: true, serverUrl: fromEnv })
    return
  }
  const reason = await clusterUnavailableReason()
  if (reason) {
    project.provide('postgres', { available: false, reason })
    return
  }
  const cluster = await startCluster()
  project.provide('postgres', { available: true, serverUrl: cluster.url })
  return () => cluster.stop()
}

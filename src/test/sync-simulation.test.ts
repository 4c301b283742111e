import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { setActionLogSink } from '../services/action-log'
import { runSimulation } from './sync-simulation'

const SEEDS = Number(process.env.SIM_SEEDS ?? 200)
const FIRST_SEED = Number(process.env.SIM_FIRST_SEED ?? 1)
const RESTORE_SEEDS = Number(process.env.SIM_RESTORE_SEEDS ?? 40)
// Sized for a busy 2-core machine: the soak (`npm run soak`, 2,000 seeds) gets time in proportion.
const timeoutFor = (seeds: number) => Math.max(600_000, seeds * 3_000)

// Thousands of simulated actions: keep the action log out of the output (it has its own tests).
let restoreSink: () => void = () => undefined
beforeEach(() => {
  restoreSink = setActionLogSink(() => undefined)
})
afterEach(() => restoreSink())

describe('multi-tablet sync simulation', () => {
  it(
    `converges for ${SEEDS} seeded runs with partitions, lost, duplicated and reordered messages, restarts (also in the middle of a paged first sync), skewed and far-ahead clocks, stale corrections and a newer app version, and agrees with the independent oracle`,
    async () => {
      const failures: string[] = []
      let actions = 0
      let faults = 0
      let restarts = 0
      let joins = 0
      let voidCorrections = 0
      const faultsByKind: Record<string, number> = {}
      for (let seed = FIRST_SEED; seed < FIRST_SEED + SEEDS; seed += 1) {
        const replay = `replay: SIM_FIRST_SEED=${seed} SIM_SEEDS=1 npx vitest run src/test/sync-simulation.test.ts`
        let report: Awaited<ReturnType<typeof runSimulation>>
        try {
          report = await runSimulation({ seed })
        } catch (error) {
          failures.push(`seed ${seed} threw (${replay}): ${String(error)}`)
          continue
        }
        actions += report.actions
        restarts += report.restarts
        joins += report.joins
        voidCorrections += report.voidCorrections
        for (const [kind, count] of Object.entries(report.faults)) {
          faults += count
          faultsByKind[kind] = (faultsByKind[kind] ?? 0) + count
        }
        if (report.divergences.length > 0) {
          failures.push(
            `seed ${seed} diverged (${replay}):\n  ${report.divergences.slice(0, 5).join('\n  ')}`,
          )
        }
      }
      // The figures of the run, for the record (seeds, actions, faults injected, divergences).
      console.info(
        `sync simulation: ${SEEDS} seeds from ${FIRST_SEED}, ${actions} actions, ${faults} faults ` +
          `(${Object.entries(faultsByKind)
            .map(([kind, count]) => `${kind} ${count}`)
            .join(
              ', ',
            )}), ${restarts} restarts mid-sync, ${joins} tablets joining mid-run, ${voidCorrections} void corrections, ` +
          `divergences = ${failures.length}`,
      )
      expect(failures).toEqual([])
      // The simulation really exercised the system: actions ran, every kind of fault was injected
      // and stale corrections were voided.
      expect(actions).toBeGreaterThan(SEEDS * 20)
      expect(faults).toBeGreaterThan(SEEDS)
      expect(joins).toBe(SEEDS)
      if (SEEDS >= 50) {
        for (const [kind, count] of Object.entries(faultsByKind))
          expect(count, `fault ${kind} was never injected`).toBeGreaterThan(0)
        expect(voidCorrections).toBeGreaterThan(0)
      }
    },
    timeoutFor(SEEDS),
  )

  it(
    `converges for ${RESTORE_SEEDS} seeded runs in which the server is restored from older backups, healed by the tablets`,
    async () => {
      const failures: string[] = []
      let restores = 0
      for (let seed = FIRST_SEED; seed < FIRST_SEED + RESTORE_SEEDS; seed += 1) {
        const replay = `replay: SIM_FIRST_SEED=${seed} SIM_RESTORE_SEEDS=1 npx vitest run src/test/sync-simulation.test.ts -t restored`
        let report: Awaited<ReturnType<typeof runSimulation>>
        try {
          report = await runSimulation({ seed, restores: true })
        } catch (error) {
          failures.push(`seed ${seed} threw (${replay}): ${String(error)}`)
          continue
        }
        restores += report.restores
        if (report.divergences.length > 0)
          failures.push(
            `seed ${seed} diverged (${replay}):\n  ${report.divergences.slice(0, 5).join('\n  ')}`,
          )
      }
      console.info(
        `sync simulation with restores: ${RESTORE_SEEDS} seeds, ${restores} restores, divergences = ${failures.length}`,
      )
      expect(failures).toEqual([])
      // (SIM_RESTORE_SEEDS=0, as when replaying seeds of the first test, restores nothing.)
      if (RESTORE_SEEDS > 0) expect(restores).toBeGreaterThan(RESTORE_SEEDS / 2)
    },
    timeoutFor(RESTORE_SEEDS),
  )
})

import { describe, expect, it } from 'vitest'
import { formatBytes, readStorageStatus } from './storage'

describe('readStorageStatus', () => {
  it('reports persistence, usage and quota from the Storage API', async () => {
    const status = await readStorageStatus({
      persist: () => Promise.resolve(true),
      persisted: () => Promise.resolve(true),
      estimate: () => Promise.resolve({ usage: 2_048, quota: 1_000_000 }),
    })
    expect(status).toEqual({ persisted: true, usage: 2_048, quota: 1_000_000 })
  })

  it('reports unknown figures when the browser has no Storage API or it fails', async () => {
    expect(await readStorageStatus(undefined)).toEqual({
      persisted: null,
      usage: null,
      quota: null,
    })
    const failing = await readStorageStatus({
      persist: () => Promise.reject(new Error('no')),
      persisted: () => Promise.reject(new Error('no')),
      estimate: () => Promise.reject(new Error('no')),
    })
    expect(failing).toEqual({ persisted: null, usage: null, quota: null })
  })
})

describe('formatBytes', () => {
  it('formats 512 bytes, 1.5 KB, 340 KB and 2.0 GB', () => {
    expect(formatBytes(512)).toBe('512 bytes')
    expect(formatBytes(1_536)).toBe('1.5 KB')
    expect(formatBytes(340 * 1024)).toBe('340 KB')
    expect(formatBytes(2 * 1024 ** 3)).toBe('2.0 GB')
  })
})

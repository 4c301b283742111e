/**
 * The in-process notification hub behind `GET /api/sync/events` (SSE): after a push stores
 * changes, every open stream of that space hears the new cursor and its client pulls. On the
 * embedded store the pushing process announces its own pushes; on PostgreSQL every process hears
 * every append through the storage's change feed (LISTEN/NOTIFY) and relays it here.
 */
export type SpaceListener = (latestSeq: number) => void

export class SpaceEvents {
  private readonly listeners = new Map<string, Set<SpaceListener>>()
  private readonly closers = new Set<() => void>()
  /** Who holds each open stream, so removing a device closes its streams at once. */
  private readonly holders = new Map<() => void, { spaceId: string; deviceId: string | null }>()

  subscribe(spaceId: string, listener: SpaceListener): () => void {
    const set = this.listeners.get(spaceId) ?? new Set<SpaceListener>()
    set.add(listener)
    this.listeners.set(spaceId, set)
    return () => {
      set.delete(listener)
      if (set.size === 0) this.listeners.delete(spaceId)
    }
  }

  notify(spaceId: string, latestSeq: number): void {
    for (const listener of this.listeners.get(spaceId) ?? []) listener(latestSeq)
  }

  /** The spaces with at least one open stream. */
  spaces(): string[] {
    return [...this.listeners.keys()]
  }

  /** How many streams are open for a space (tests, logs). */
  count(spaceId: string): number {
    return this.listeners.get(spaceId)?.size ?? 0
  }

  /**
   * Registers a stream's close function, so shutdown can end every open stream; `holder` names
   * the space and device (null: a tablet on the shared space secret) it was opened with.
   */
  onClose(close: () => void, holder?: { spaceId: string; deviceId: string | null }): () => void {
    this.closers.add(close)
    if (holder) this.holders.set(close, holder)
    return () => {
      this.closers.delete(close)
      this.holders.delete(close)
    }
  }

  /** Closes the space's streams opened by these devices (null: by the shared space secret). */
  closeDevices(spaceId: string, deviceIds: readonly (string | null)[]): void {
    for (const [close, holder] of [...this.holders]) {
      if (holder.spaceId === spaceId && deviceIds.includes(holder.deviceId)) {
        this.holders.delete(close)
        this.closers.delete(close)
        close()
      }
    }
  }

  closeAll(): void {
    for (const close of [...this.closers]) close()
    this.closers.clear()
    this.holders.clear()
  }
}

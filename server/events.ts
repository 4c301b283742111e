/**
 * The in-process notification hub behind `GET /api/sync/events` (SSE): after a push stores
 * changes, every open stream of that space hears the new cursor and its client pulls. With
 * several server processes each only hears its own pushes; a PostgreSQL backend would relay
 * through LISTEN/NOTIFY (later issue).
 */
export type SpaceListener = (latestSeq: number) => void

export class SpaceEvents {
  private readonly listeners = new Map<string, Set<SpaceListener>>()
  private readonly closers = new Set<() => void>()

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

  /** How many streams are open for a space (tests, logs). */
  count(spaceId: string): number {
    return this.listeners.get(spaceId)?.size ?? 0
  }

  /** Registers a stream's close function, so shutdown can end every open stream. */
  onClose(close: () => void): () => void {
    this.closers.add(close)
    return () => this.closers.delete(close)
  }

  closeAll(): void {
    for (const close of [...this.closers]) close()
    this.closers.clear()
  }
}

/**
 * Short-lived messages at the bottom of the screen, optionally with one action (e.g. "Undo" for
 * about 10 seconds after a delivery tap). UI state only; not persisted.
 */
import { create } from 'zustand'

export type Toast = {
  id: number
  message: string
  tone: 'info' | 'error'
  action?: { label: string; run: () => void | Promise<void> }
  durationMs: number
  /**
   * What the toast is about and the version of its state it describes; a screen drops the toast
   * once it sees a later version (the step the toast would undo no longer holds).
   */
  subject?: { id: string; version: number }
}

type ToastState = {
  toasts: Toast[]
  show: (
    toast: Omit<Toast, 'id' | 'durationMs' | 'tone'> & Partial<Pick<Toast, 'durationMs' | 'tone'>>,
  ) => number
  dismiss: (id: number) => void
  /** Drop every toast the predicate picks (e.g. an Undo for a step that no longer holds). */
  dismissWhere: (predicate: (toast: Toast) => boolean) => void
}

let nextToastId = 1
export const UNDO_WINDOW_MS = 10_000

export const useToastStore = create<ToastState>()((set) => ({
  toasts: [],
  show: (toast) => {
    const id = nextToastId++
    // Keep the three newest: a busy baker tapping fast should still see the latest Undo.
    const entry: Toast = { tone: 'info', durationMs: 5_000, ...toast, id }
    set((state) => ({ toasts: [...state.toasts, entry].slice(-3) }))
    return id
  },
  dismiss: (id) => set((state) => ({ toasts: state.toasts.filter((toast) => toast.id !== id) })),
  dismissWhere: (predicate) =>
    set((state) =>
      state.toasts.some(predicate)
        ? { toasts: state.toasts.filter((toast) => !predicate(toast)) }
        : state,
    ),
}))

/**
 * A small hook over runAction for forms and lists: runs an action (`act(uses, fn)`, over the
 * tables of the services it names), shows a domain error as a
 * toast (or hands it back), and reports success. A failure that is not a domain rule (a full
 * disk, a closed database) is shown as a toast too: the transaction rolled back, so nothing was
 * half-saved, and the cook must learn the tap did not count.
 */
import type { Tx } from '../../db/tx'
import type { DomainError } from '../../services/errors'
import type { Uses } from '../../transactions/run-action'
import { messageFor, messageForFailure } from '../error-messages'
import { useToastStore } from '../stores/toast-store'
import { runAction } from './app-data'

export function useAction() {
  const showToast = useToastStore((state) => state.show)
  return async function act<T>(
    uses: Uses,
    fn: (tx: Tx) => Promise<T>,
    options: { success?: string; onError?: (error: DomainError) => void } = {},
  ): Promise<T | undefined> {
    let result: Awaited<ReturnType<typeof runAction<T>>>
    try {
      result = await runAction(uses, fn)
    } catch (error) {
      console.error(error)
      showToast({ message: messageForFailure(error), tone: 'error', durationMs: 12_000 })
      return undefined
    }
    if (!result.ok) {
      if (options.onError) options.onError(result.error)
      else showToast({ message: messageFor(result.error), tone: 'error', durationMs: 8_000 })
      return undefined
    }
    if (options.success) showToast({ message: options.success })
    return result.value
  }
}

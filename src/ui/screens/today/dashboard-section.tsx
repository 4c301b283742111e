/**
 * Today's cost dashboard with its own read: a chunk of its own (the catalogue model and exact
 * money), loaded after the event cards have been shown.
 */
import { getDashboardSummary } from '../../../services'
import { useServiceQuery } from '../../data/app-data'
import { DashboardTable } from './dashboard-table'

export function DashboardSection({ onOpen }: { onOpen: (eventId: string) => void }) {
  const dashboard = useServiceQuery([getDashboardSummary], (tx) => getDashboardSummary(tx), [])
  if (dashboard === undefined) return <p aria-busy="true">Loading…</p>
  return <DashboardTable rows={dashboard} onOpen={onOpen} />
}

import type { TicketView } from '../../shared/contract'
import { queryClient } from './queryClient'

/**
 * A ticket as a payout or cancellation answered it, written into every cached list that shows it,
 * so its row is right at once; the call's refresh (invalidation.ts) follows.
 */
export function putTicket(ticket: TicketView): void {
  queryClient.setQueriesData<TicketView[]>({ queryKey: ['ticket-recent'] }, (list) =>
    list?.map((t) => (t._id === ticket._id ? ticket : t)),
  )
}

import { useEffect, useState } from 'react'
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

// When this window first saw each answer: the time left counts down from there, whatever this computer's
// clock says against the backend's trusted one.
const seen = new WeakMap<object, number>()

/**
 * Whether to offer Cancel for a ticket, and for how much longer: only where the backend said it would
 * accept it (claim/cancellable.ts), and only until that window has run out here too. Null: no Cancel.
 */
export function cancelOffer(ticket: TicketView, now = Date.now()): { minutes: number; text: string } | null {
  const c = ticket.cancel
  if (!c?.allowed || ticket.status !== 'sold') return null
  let first = seen.get(c)
  if (first === undefined) seen.set(c, (first = now))
  const left = Date.parse(c.until) - Date.parse(c.as_of) - (now - first)
  if (!(left > 0)) return null
  const minutes = Math.ceil(left / 60_000)
  const text =
    left < 60_000
      ? 'cancellable for less than a minute'
      : `cancellable for ${minutes} more ${minutes === 1 ? 'minute' : 'minutes'}`
  return { minutes, text }
}

/** The time, re-read every 15 seconds: enough for a window counted in minutes. */
export function useMinuteTick(): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 15_000)
    return () => clearInterval(t)
  }, [])
  return now
}

import { heldDrawSince } from '../claim/repo'
import { checkClock } from '../clock/trusted'
import type { Ctx } from '../core/context'
import { ticketDraw } from './repo'

export interface TicketDraw {
  lottery_id: string
  draw_date: string
  sales_cutoff_minutes: number
}

/**
 * Whether a ticket's draw is closed to printing at `now` (the trusted time): its result is known (or a later
 * draw's is), or its sales cutoff has passed. The one rule the print queue, Reprint and a job share.
 */
export function drawClosed(ctx: Ctx, t: TicketDraw, now: Date): 'result' | 'cutoff' | null {
  if (heldDrawSince(ctx.db, t.lottery_id, t.draw_date)) return 'result'
  if (now.getTime() >= Date.parse(t.draw_date) - t.sales_cutoff_minutes * 60_000) return 'cutoff'
  return null
}

/**
 * Why a ticket's print job may not print when it runs (PrintDeps.printRefusal): a job can wait behind others,
 * so what was true when it was asked for is checked again. Never once its draw's result is known; a copy
 * (or a ticket some of which may be on paper) never once its draw's sales have closed.
 */
export function printRefusal(ctx: Ctx, ticketId: string, copy: boolean): string | null {
  const t = ticketDraw(ctx.db, ticketId)
  if (!t) return null
  const closed = drawClosed(ctx, t, checkClock(ctx).effective)
  if (closed === 'result') return "Not printed: the result of this ticket's draw is known."
  if (closed === 'cutoff' && copy) return "Not printed: this ticket's draw has closed, so no copy of it is printed."
  return null
}

import { heldDrawSince } from '../claim/repo'
import { checkClock } from '../clock/trusted'
import type { Ctx } from '../core/context'
import { ticketDraw } from './repo'

/**
 * Why a ticket's print job may not print when it runs (PrintDeps.printRefusal): a job can wait behind others,
 * so what was true when it was asked for is checked again. Never once its draw's result is known; a copy
 * (or a ticket some of which may be on paper) never once its draw's sales have closed, by the trusted time.
 */
export function printRefusal(ctx: Ctx, ticketId: string, copy: boolean): string | null {
  const t = ticketDraw(ctx.db, ticketId)
  if (!t) return null
  if (heldDrawSince(ctx.db, t.lottery_id, t.draw_date)) return "Not printed: the result of this ticket's draw is known."
  const cutoff = Date.parse(t.draw_date) - t.sales_cutoff_minutes * 60_000
  if (copy && checkClock(ctx).effective.getTime() >= cutoff)
    return "Not printed: this ticket's draw has closed, so no copy of it is printed."
  return null
}

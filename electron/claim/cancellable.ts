import type { CancelEligibility, TicketView } from '../../shared/contract'
import { parseTicketNumber } from '../../shared/ticket-number'
import { getLottery, type LotteryRow } from '../catalog/repo'
import { checkClock } from '../clock/trusted'
import type { Ctx } from '../core/context'
import type { ReadDB } from '../store/db'
import { heldDrawSince } from './repo'

/**
 * The one place that decides whether a ticket can be cancelled now: ticket-cancel refuses with these
 * reasons, and the views the UI gets (a sale's tickets, the recent list, a checked ticket) carry the same
 * answer, so the counter never offers a Cancel the backend would refuse.
 */

export interface CancelSubject {
  ticket_number: string
  lottery_id: string
  status: 'sold' | 'cancelled' | 'won'
  purchase_datetime: string
  draw_date: string
}

export type CancelGame = Pick<LotteryRow, 'name' | 'cancellable' | 'cancel_window_minutes' | 'sales_cutoff_minutes'>

export interface CancelOptions {
  /** A manager's void of a never-printed ticket ignores the game's window (the draw's cutoff still holds). */
  ignoreWindow?: boolean
}

interface Here {
  store_number: number
  terminal_number: number
}

const no = (reason: string): CancelEligibility => ({ allowed: false, reason })

/**
 * The rules, without reading anything: `drawHeld` is asked for only when every other rule allows the
 * cancellation (it costs a query).
 */
export function cancelRule(
  t: CancelSubject,
  game: CancelGame,
  here: Here,
  now: Date,
  drawHeld: () => boolean,
  opts: CancelOptions = {},
): CancelEligibility {
  const parts = parseTicketNumber(t.ticket_number)
  if (!parts || parts.storeNumber !== here.store_number || parts.terminalNumber !== here.terminal_number)
    return no('Only the terminal that sold a ticket can cancel it.')
  if (t.status === 'cancelled') return no('This ticket is already cancelled.')
  if (t.status === 'won') return no('This ticket has been paid as a winner; it cannot be cancelled.')
  if (!opts.ignoreWindow && !game.cancellable) return no(`${game.name} tickets cannot be cancelled.`)
  const windowEnds = Date.parse(t.purchase_datetime) + game.cancel_window_minutes * 60_000
  if (!opts.ignoreWindow && now.getTime() > windowEnds)
    return no(`Too late: ${game.name} tickets can be cancelled within ${game.cancel_window_minutes} minutes of sale.`)
  const cutoff = Date.parse(t.draw_date) - game.sales_cutoff_minutes * 60_000
  if (now.getTime() >= cutoff)
    return no('Too late: sales for this draw have closed, so its tickets can no longer be cancelled.')
  if (drawHeld()) return no('The result of this draw is known: its tickets can no longer be cancelled.')
  // The window ends inclusive (a cancel at exactly its end is allowed), the cutoff exclusive.
  const until = opts.ignoreWindow ? cutoff - 1 : Math.min(windowEnds, cutoff - 1)
  return { allowed: true, until: new Date(until).toISOString(), as_of: now.toISOString() }
}

/** Whether ticket-cancel would accept this ticket at `now` (the latest trusted time). */
export function cancelEligibility(
  ctx: Ctx,
  t: CancelSubject,
  now: Date,
  opts: CancelOptions = {},
  db: ReadDB = ctx.db,
): CancelEligibility {
  const game = getLottery(db, t.lottery_id)
  if (!game) return { allowed: false, reason: 'This ticket is of a game this terminal no longer knows.' }
  return cancelRule(
    t,
    game,
    { store_number: ctx.store.store_number, terminal_number: ctx.device.terminal_number },
    now,
    () => heldDrawSince(db, t.lottery_id, t.draw_date) !== null,
    opts,
  )
}

/** The views with what a cancellation would answer now, by the latest trusted time. */
export function withCancel(ctx: Ctx, views: TicketView[]): TicketView[] {
  if (views.length === 0) return views
  const now = checkClock(ctx).effective
  // The list's own read connection: this never waits on the writer.
  return views.map((v) => ({ ...v, cancel: cancelEligibility(ctx, v, now, {}, ctx.read) }))
}

import { audited } from '../audit/audited'
import { PosError } from '../../shared/errors'
import { assertStoreOpen, type Ctx } from '../core/context'
import type { CallContext, HandlerTable } from '../core/dispatcher'
import type { PrintService } from '../printing/service'
import type { TicketView } from '../../shared/contract'
import { approveAsManager } from '../auth/service'
import { getLottery } from '../catalog/repo'
import { withCancel } from '../claim/cancellable'
import { heldDrawSince } from '../claim/repo'
import { assertClockTrusted } from '../clock/trusted'
import { getTicketView, recentTickets } from './repo'

/** Listing recent tickets is audited once per session in this window, not on every refresh of the list. */
export const LIST_AUDIT_WINDOW_MS = 15 * 60_000

export function ticketHandlers(
  ctx: Ctx,
  printer: PrintService,
  onChange: () => void = () => {},
): Pick<HandlerTable, 'ticket-recent' | 'ticket-preview' | 'ticket-reprint'> {
  const listed = new Map<string, { at: number; calls: number }>()
  const audit = (call: CallContext, action: string, entityId: string | null, description: string) => {
    audited(ctx, call.session!.userId, { action, entity_type: 'ticket', entity_id: entityId, description })
    // The entry is queued for central: the status bar's count of records waiting follows.
    onChange()
  }
  return {
    // Who looked at which tickets is on record too; the list carries no validation codes.
    'ticket-recent': (call, { limit }) => {
      const tickets = recentTickets(ctx.read, limit)
      // The list follows every print, so it is audited once per session per window, with the calls it stands for.
      const now = ctx.clock().getTime()
      const seen = listed.get(call.sessionId)
      if (!seen || now - seen.at >= LIST_AUDIT_WINDOW_MS || now < seen.at) {
        audit(
          call,
          'ticket.list',
          null,
          `listed up to ${limit} recent tickets${seen ? ` (${seen.calls} more listings since the last entry)` : ''}`,
        )
        listed.set(call.sessionId, { at: now, calls: 0 })
      } else seen.calls++
      // Each with what a cancellation would answer now, so the counter offers Cancel only where it works.
      return withCancel(ctx, tickets)
    },
    'ticket-preview': (call, { ticketId, reprint }) => {
      const svg = printer.preview(ticketId, reprint)
      audit(call, 'ticket.preview', ticketId, `previewed ticket ${ticketId}${reprint ? ' (reprint)' : ''}`)
      return { svg, reprint }
    },
    'ticket-reprint': (call, { ticketId, approver }) => {
      const ticket = getTicketView(ctx.db, ticketId)
      if (!ticket) throw new PosError('NOT_FOUND', 'No such ticket on this terminal.')
      checkReprint(ctx, ticket)
      // A second paper copy of a ticket that already printed is a second bearer instrument: a manager decides.
      const approvedBy =
        ticket.print_status === 'printed'
          ? approveAsManager(ctx, approver, 'Printing another copy of a ticket that already printed')
          : null
      // Every reprint is audited: a reprinted ticket is a second paper copy of a bearer instrument.
      audit(
        call,
        'ticket.reprint',
        ticket._id,
        `reprint of ticket ${ticket.ticket_number} (was ${ticket.print_status})${approvedBy ? `, approved by ${approvedBy.username}` : ''}`,
      )
      printer.enqueue([ticket._id], { reprint: true })
      return ticket
    },
  }
}

/**
 * A copy is only ever printed for a ticket still on sale: not for a cancelled or paid one, and never once
 * its draw's sales have closed (by the trusted time) or its result is known, when a copy could only serve
 * to claim a prize. The clock must be trusted, as for a sale.
 */
function checkReprint(ctx: Ctx, ticket: TicketView): void {
  assertStoreOpen(ctx)
  const effective = assertClockTrusted(ctx, 'reprint').effective
  if (ticket.status !== 'sold')
    throw new PosError('NOT_ALLOWED', `This ticket is ${ticket.status}: no copy of it is printed.`)
  const game = getLottery(ctx.db, ticket.lottery_id)
  const cutoff = Date.parse(ticket.draw_date) - (game?.sales_cutoff_minutes ?? 0) * 60_000
  if (effective.getTime() >= cutoff || heldDrawSince(ctx.db, ticket.lottery_id, ticket.draw_date))
    throw new PosError(
      'NOT_ALLOWED',
      "Sales for this ticket's draw have closed, so no copy of it can be printed. If the player holds no ticket, call a manager.",
    )
}

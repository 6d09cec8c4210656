import { PosError } from '../../shared/errors'
import { appendAudit } from '../audit/chain'
import { isoNow, type Ctx } from '../core/context'
import type { CallContext, HandlerTable } from '../core/dispatcher'
import type { PrintService } from '../printing/service'
import { inTransaction } from '../store/db'
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
    inTransaction(ctx.db, () =>
      appendAudit(ctx.db, ctx.newId(), ctx.device.device_id, isoNow(ctx), {
        user_id: call.session!.userId,
        action,
        entity_type: 'ticket',
        entity_id: entityId,
        description,
      }),
    )
    // The entry is queued for central: the status bar's count of records waiting follows.
    onChange()
  }
  return {
    // Who looked at which tickets is on record too; the list carries no validation codes.
    'ticket-recent': (call, { limit }) => {
      const tickets = recentTickets(ctx.db, limit)
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
      return tickets
    },
    'ticket-preview': (call, { ticketId, reprint }) => {
      const svg = printer.preview(ticketId, reprint)
      audit(call, 'ticket.preview', ticketId, `previewed ticket ${ticketId}${reprint ? ' (reprint)' : ''}`)
      return { svg, reprint }
    },
    'ticket-reprint': (call, { ticketId }) => {
      const ticket = getTicketView(ctx.db, ticketId)
      if (!ticket) throw new PosError('NOT_FOUND', 'No such ticket on this terminal.')
      // Every reprint is audited: a reprinted ticket is a second paper copy of a bearer instrument.
      audit(
        call,
        'ticket.reprint',
        ticket._id,
        `reprint of ticket ${ticket.ticket_number} (was ${ticket.print_status})`,
      )
      printer.enqueue([ticket._id], { reprint: true })
      return ticket
    },
  }
}

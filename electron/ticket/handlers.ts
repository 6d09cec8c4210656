import { PosError } from '../../shared/errors'
import { appendAudit } from '../audit/chain'
import { isoNow, type Ctx } from '../core/context'
import type { HandlerTable } from '../core/dispatcher'
import type { PrintService } from '../printing/service'
import { inTransaction } from '../store/db'
import { getTicketView, recentTickets } from './repo'

export function ticketHandlers(
  ctx: Ctx,
  printer: PrintService,
): Pick<HandlerTable, 'ticket-recent' | 'ticket-preview' | 'ticket-reprint'> {
  return {
    'ticket-recent': (_call, { limit }) => recentTickets(ctx.db, limit),
    'ticket-preview': (_call, { ticketId, reprint }) => ({ svg: printer.preview(ticketId, reprint), reprint }),
    'ticket-reprint': (call, { ticketId }) => {
      const ticket = getTicketView(ctx.db, ticketId)
      if (!ticket) throw new PosError('NOT_FOUND', 'No such ticket on this terminal.')
      // Every reprint is audited: a reprinted ticket is a second paper copy of a bearer instrument.
      inTransaction(ctx.db, () =>
        appendAudit(ctx.db, ctx.newId(), ctx.device.device_id, isoNow(ctx), {
          user_id: call.session!.userId,
          action: 'ticket.reprint',
          entity_type: 'ticket',
          entity_id: ticket._id,
          description: `reprint of ticket ${ticket.ticket_number} (was ${ticket.print_status})`,
        }),
      )
      printer.enqueue([ticket._id], { reprint: true })
      return ticket
    },
  }
}

import { DateTime } from 'luxon'
import { audited } from '../audit/audited'
import { PosError } from '../../shared/errors'
import { assertStoreOpen, type Ctx } from '../core/context'
import type { CallContext, HandlerTable } from '../core/dispatcher'
import type { PrintService } from '../printing/service'
import { PRINT_QUEUE_MAX, type TicketView, type UnprintedTicket } from '../../shared/contract'
import { getUser, permissionsOf } from '../auth/repo'
import { approveAsManager } from '../auth/service'
import { withCancel } from '../claim/cancellable'
import { cancelReceipt, voidRefusal, voidUnprintedTicket } from '../claim/cancel'
import { assertClockTrusted, checkClock } from '../clock/trusted'
import {
  countUnprinted,
  getTicketView,
  mayBeOnPaper,
  ticketDraw,
  recentTickets,
  unprintedTicket,
  unprintedTickets,
  type UnprintedRow,
} from './repo'
import { drawClosed } from './print-rules'

/** Listing recent tickets is audited once per session in this window, not on every refresh of the list. */
export const LIST_AUDIT_WINDOW_MS = 15 * 60_000

export function ticketHandlers(
  ctx: Ctx,
  printer: PrintService,
  onChange: () => void = () => {},
): Pick<HandlerTable, TicketHandler> {
  const listed = new Map<string, { at: number; calls: number }>()
  /** Lists follow every print, so each kind is audited once per session per window, with the calls it stands for. */
  const auditList = (call: CallContext, kind: string, action: string, what: string) => {
    const now = ctx.clock().getTime()
    const key = `${kind}:${call.sessionId}`
    const seen = listed.get(key)
    if (!seen || now - seen.at >= LIST_AUDIT_WINDOW_MS || now < seen.at) {
      audit(call, action, null, `${what}${seen ? ` (${seen.calls} more listings since the last entry)` : ''}`)
      listed.set(key, { at: now, calls: 0 })
    } else seen.calls++
  }
  const audit = (call: CallContext, action: string, entityId: string | null, description: string) => {
    audited(ctx, call.session!.userId, { action, entity_type: 'ticket', entity_id: entityId, description })
    // The entry is queued for central: the status bar's count of records waiting follows.
    onChange()
  }
  return {
    // Who looked at which tickets is on record too; the list carries no validation codes.
    'ticket-recent': (call, { limit }) => {
      // The store's day so far: yesterday's tickets (and the demo's past draws) are not the counter's business.
      const since = DateTime.fromJSDate(ctx.clock(), { zone: ctx.store.timezone }).startOf('day').toUTC().toISO()!
      const tickets = recentTickets(ctx.read, limit, since)
      auditList(call, 'recent', 'ticket.list', `listed up to ${limit} recent tickets`)
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
      // A manager (ticket.copy) approves their own request; anyone else needs a manager's PIN.
      const caller = call.session ? getUser(ctx.db, call.session.userId) : null
      const selfApproved = !!caller && permissionsOf(caller).includes('ticket.copy')
      // Any ticket some of which may be on paper (printed, or a job that failed after sending), not only one that
      // printed: its copy carries the same codes as whatever is in someone's hand.
      const approvedBy =
        ticket.print_status === 'printed' || mayBeOnPaper(ctx.db, ticket._id)
          ? selfApproved
            ? caller
            : approveAsManager(ctx, approver, 'Printing another copy of a ticket that already printed')
          : null
      // Every reprint is audited: a reprinted ticket is a second paper copy of a bearer instrument.
      audit(
        call,
        'ticket.reprint',
        ticket._id,
        `reprint of ticket ${ticket.ticket_number} (was ${ticket.print_status})${approvedBy ? `, approved by ${approvedBy.username}` : ''}`,
      )
      // Marked REPRINT on paper only if some of it may already be there (the print queue decides, per ticket).
      printer.enqueue([ticket._id])
      return ticket
    },
    'ticket-unprinted': (call, { limit }) => {
      const now = checkClock(ctx).effective
      const tickets = unprintedTickets(ctx.read, limit).map((t) => queueView(ctx, t, now, printer.isQueued(t._id)))
      auditList(call, 'unprinted', 'ticket.list_unprinted', `listed up to ${limit} tickets that did not print`)
      return { tickets, total: countUnprinted(ctx.read) }
    },
    'ticket-print': (call, { ticketId }) => {
      const rows = ticketId ? [unprintedTicket(ctx.db, ticketId)] : unprintedTickets(ctx.db, PRINT_QUEUE_MAX)
      if (ticketId) {
        const one = rows[0]
        if (!one) throw new PosError('NOT_FOUND', 'No such ticket on this terminal.')
        if (one.print_status === 'printed')
          throw new PosError('NOT_ALLOWED', 'This ticket has printed already: use Reprint for another copy.')
        if (one.never_sent !== 1)
          throw new PosError(
            'NOT_ALLOWED',
            'Some of this ticket may already be on paper: another copy needs a manager (use Reprint).',
          )
        checkReprint(ctx, one)
      } else {
        assertStoreOpen(ctx)
        assertClockTrusted(ctx, 'reprint')
      }
      const skipped: { ticket_id: string; ticket_number: string; reason: string }[] = []
      const wanted: UnprintedRow[] = []
      for (const t of rows as UnprintedRow[]) {
        const why = printer.isQueued(t._id)
          ? 'already waiting to print'
          : t.never_sent !== 1
            ? 'may already be on paper: another copy needs a manager (use Reprint)'
            : closedReason(ctx, t)
        if (why) skipped.push({ ticket_id: t._id, ticket_number: t.ticket_number, reason: why })
        else wanted.push(t)
      }
      if (wanted.length > 0) {
        const numbers = wanted.map((t) => t.ticket_number)
        audit(
          call,
          'ticket.print_queue',
          ticketId ?? null,
          `printed from the queue: ${numbers.length} ticket${numbers.length === 1 ? '' : 's'} (${numbers.slice(0, 20).join(', ')}${numbers.length > 20 ? ', ...' : ''})${skipped.length ? `, ${skipped.length} left out` : ''}`,
        )
        printer.enqueue(wanted.map((t) => t._id))
      }
      return { queued: wanted.length, skipped }
    },
    'ticket-void': async (call, args) => {
      const userId = call.session!.userId
      const plan = voidUnprintedTicket(ctx, userId, args, (id) => printer.isQueued(id))
      onChange()
      // The refund slip is the store's record of the money given back; a printer fault never undoes the void.
      const receipt = await printer.printReceipt(cancelReceipt(ctx, userId, plan))
      const { cancellation_id, price, tax, total_amount } = plan
      return { cancellation_id, price, tax, total_amount, ticket: getTicketView(ctx.db, plan.ticket._id)!, receipt }
    },
  }
}

export type TicketHandler =
  'ticket-recent' | 'ticket-preview' | 'ticket-reprint' | 'ticket-unprinted' | 'ticket-print' | 'ticket-void'

/** A row of the print queue, with what the counter may do with it now. */
function queueView(ctx: Ctx, t: UnprintedRow, now: Date, queued: boolean): UnprintedTicket {
  const { never_sent, device_id: _device, sales_cutoff_minutes: _cutoff, ...view } = t
  return {
    ...view,
    on_paper: never_sent !== 1,
    closed: closedReason(ctx, t, now) !== null,
    queued,
    voidable: voidRefusal(ctx, t, now, queued) === null,
  }
}

/** Why no copy of a ticket can print now (its draw closed, or its result is known), or null. */
function closedReason(ctx: Ctx, t: UnprintedRow, now = checkClock(ctx).effective): string | null {
  return drawClosed(ctx, t, now) ? "its draw's sales have closed" : null
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
  const draw = ticketDraw(ctx.db, ticket._id)
  if (!draw || drawClosed(ctx, draw, effective))
    throw new PosError(
      'NOT_ALLOWED',
      "Sales for this ticket's draw have closed, so no copy of it can be printed. If the player holds no ticket, call a manager.",
    )
}

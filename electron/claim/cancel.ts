import { isManagerRole } from '../../shared/users'
import type { ParsedArgsOf } from '../../shared/contract'
import { PosError } from '../../shared/errors'
import { formatMoney, minorToDecimal } from '../../shared/money'
import { approveAsManager, checkPin } from '../auth/service'
import { getUser, permissionsOf } from '../auth/repo'
import { assertStoreOpen, type Ctx } from '../core/context'
import { enqueue } from '../outbox/repo'
import type { ReceiptPrintData } from '../printing/types'
import { getSetting } from '../settings/repo'
import { inTransaction } from '../store/db'
import { audit, device, noteCodeLock, receiptBase } from './common'
import { returnToStock } from '../inventory/repo'
import {
  markTicketCancelled,
  markTicketVoided,
  ticketTaxPaid,
  unprintedTicket,
  type UnprintedRow,
} from '../ticket/repo'
import { cancelEligibility } from './cancellable'
import { heldDrawSince, insertCancellation, ticketById, type TicketRow } from './repo'
import { assessTicket } from './validate'
import { assertClockTrusted } from '../clock/trusted'
import { shiftForMoney } from '../shift/service'
import { shiftOfSale } from '../sale/repo'

export interface CancelPlan {
  cancellation_id: string
  ticket: TicketRow
  price: number
  tax: number
  total_amount: number
  approved_by: string | null
}

/**
 * Cancels a ticket sold here in error: only on this terminal, for games that
 * allow it, within the game's window and before the draw's cutoff; above the
 * approval amount a manager's PIN. Status, stock return, refund record, audit
 * and outbox commit together. A refusal writes only its audit entry.
 */
export function cancelTicket(ctx: Ctx, userId: string, args: ParsedArgsOf<'ticket-cancel'>): CancelPlan {
  assertStoreOpen(ctx)
  const clock = assertClockTrusted(ctx, 'cancel')
  const nowIso = clock.now.toISOString()
  // Windows and cutoffs by the latest trusted time, never by a clock set back.
  const now = clock.effective
  const refuse = (
    code: 'CANCEL_NOT_ALLOWED' | 'MANAGER_APPROVAL_REQUIRED' | 'NOT_FOUND' | 'CODE_WRONG',
    message: string,
    ticketId: string | null,
  ) => {
    inTransaction(ctx.db, () => audit(ctx, userId, 'ticket.cancel_refused', ticketId, message, nowIso))
    return new PosError(code, message)
  }
  // Only the ticket in the cashier's hand: its scan, or its number and validation code.
  const presented = assessTicket(ctx, args.input, userId)
  const row = presented.ticket
  if (!row) {
    noteCodeLock(ctx, userId, presented)
    const other = presented.result.outcome === 'other_store' || presented.result.outcome === 'not_found'
    throw refuse(
      presented.result.outcome === 'code_wrong' ? 'CODE_WRONG' : 'NOT_FOUND',
      other
        ? `${presented.result.message} Only the terminal that sold a ticket can cancel it.`
        : presented.result.message,
      null,
    )
  }
  // The same rules the UI was shown (cancellable.ts), so it never offers what this refuses.
  const eligible = cancelEligibility(ctx, row, now)
  if (!eligible.allowed) throw refuse('CANCEL_NOT_ALLOWED', eligible.reason, row._id)
  const tax = ticketTaxPaid(ctx.db, row._id)
  let approvedBy: string | null = null
  // A ticket that was copied exists on more than one paper: the one handed back may not be the only one, so
  // its refund is a manager's decision whatever the amount.
  const copied = row.print_count > 1
  // Sold in another shift (the cashier before, a shift since closed): its cash is in that drawer and this one
  // pays the refund, so a manager says yes, whatever the amount.
  const elsewhere = shiftOfSale(ctx.db, row.sale_id) !== shiftForMoney(ctx, userId)
  if (copied || elsewhere || row.price + tax > getSetting(ctx.db, 'cancel_approval_threshold')) {
    if (!args.approver) {
      throw refuse(
        'MANAGER_APPROVAL_REQUIRED',
        copied
          ? `This ticket was printed ${row.print_count} times: cancelling it needs a manager's PIN.`
          : elsewhere
            ? "This ticket was sold in another shift: its cash is in that drawer, so refunding it from this one needs a manager's PIN."
            : `Cancelling ${formatMoney(row.price + tax, ctx.store.currency)} needs a manager's PIN.`,
        row._id,
      )
    }
    const manager = getUser(ctx.db, args.approver.userId)
    if (!manager || manager.store_id !== ctx.store._id || manager.status !== 'active' || !isManagerRole(manager.role)) {
      throw refuse(
        'MANAGER_APPROVAL_REQUIRED',
        'Only an active manager of this store can approve a cancellation.',
        row._id,
      )
    }
    if (manager.must_change_pin === 1)
      throw refuse('MANAGER_APPROVAL_REQUIRED', `${manager.name} must choose their own PIN before approving.`, row._id)
    checkPin(ctx, manager, args.approver.pin, 'approve')
    approvedBy = manager._id
  }
  const plan = refundPlan(ctx, row, tax, approvedBy)
  const approver = approvedBy ? `, approved by ${getUser(ctx.db, approvedBy)!.username}` : ''
  recordCancellation(ctx, userId, plan, args.reason, nowIso, {
    mark: () => markTicketCancelled(ctx.db, row._id, nowIso),
    action: 'ticket.cancel',
    description: `cancelled ${row.ticket_number}, refund ${minorToDecimal(plan.total_amount)}${approver}: ${args.reason}`,
  })
  return plan
}

export function cancelReceipt(ctx: Ctx, userId: string, plan: CancelPlan): ReceiptPrintData {
  return {
    ...receiptBase(ctx, userId, plan.ticket, ctx.clock().toISOString()),
    kind: 'refund',
    amount: plan.total_amount,
    reference: plan.cancellation_id,
    refund: { price: plan.price, tax: plan.tax },
    // The refund goes back the way the sale was paid: only a cash refund opens the drawer.
    open_drawer: plan.ticket.payment_method === 'cash',
    ...(plan.approved_by ? { approved_by: getUser(ctx.db, plan.approved_by)?.name ?? '' } : {}),
  }
}

/**
 * What every cancellation commits together: the ticket's status (`mark`, false when it changed meanwhile),
 * the refund record, the stock back to its batch, the audit entry and both records for central.
 */
function recordCancellation(
  ctx: Ctx,
  userId: string,
  plan: CancelPlan,
  reason: string,
  nowIso: string,
  how: { mark: () => boolean; action: string; description: string },
): void {
  const row = plan.ticket
  inTransaction(ctx.db, () => {
    if (!how.mark()) throw new PosError('CANCEL_NOT_ALLOWED', 'This ticket changed meanwhile; look it up again.')
    const doc = {
      _id: plan.cancellation_id,
      shift_id: shiftForMoney(ctx, userId),
      ticket_id: row._id,
      sale_id: row.sale_id,
      lottery_id: row.lottery_id,
      store_id: ctx.store._id,
      user_id: userId,
      approved_by: plan.approved_by,
      price: plan.price,
      tax: plan.tax,
      total_amount: plan.total_amount,
      reason,
      device_info: JSON.stringify(device(ctx)),
      created_at: nowIso,
    }
    insertCancellation(ctx.db, doc)
    // The same idempotent stock movement as a sale's, with a positive delta.
    returnToStock(ctx.db, {
      saleId: row.sale_id,
      lotteryId: row.lottery_id,
      storeId: ctx.store._id,
      refType: 'cancellation',
      refId: plan.cancellation_id,
      now: nowIso,
      id: ctx.newId(),
    })
    audit(ctx, userId, how.action, row._id, how.description, nowIso)
    enqueue(ctx.db, 'cancellations', doc._id, 'insert', { ...doc, device_info: device(ctx) }, nowIso)
    enqueue(
      ctx.db,
      'tickets',
      row._id,
      'update',
      { _id: row._id, status: 'cancelled', cancelled_at: nowIso, updated_at: nowIso },
      nowIso,
    )
  })
}

/**
 * Why a ticket of the print queue cannot be voided now, or null. Voiding is for a sale the customer walked
 * away from before any ticket printed: the game's cancel window and whether it allows cancelling do not
 * apply, but nothing of the ticket may be on paper (no job sent any of its bytes), no job may be under way,
 * and its draw must still be on sale (by the latest trusted time) with no result known.
 */
export function voidRefusal(ctx: Ctx, t: UnprintedRow, now: Date, queued: boolean): string | null {
  if (t.status === 'cancelled') return 'This ticket is already cancelled.'
  if (t.status !== 'sold') return 'This ticket has been paid as a winner; it cannot be voided.'
  if (t.print_status === 'printed') return 'This ticket printed: cancel it with the ticket in hand.'
  if (queued || t.print_status === 'printing') return 'This ticket is being printed now: wait for its result.'
  if (t.never_sent !== 1)
    return 'Part of this ticket may have reached paper, so it cannot be voided: reprint it, or cancel it with the ticket in hand.'
  if (now.getTime() >= Date.parse(t.draw_date) - t.sales_cutoff_minutes * 60_000)
    return 'Too late: sales for this draw have closed, so its tickets can no longer be voided.'
  if (heldDrawSince(ctx.db, t.lottery_id, t.draw_date))
    return 'The result of this draw is known: its tickets can no longer be voided.'
  return null
}

/**
 * Voids a ticket that never printed, of a sale the customer walked away from: a cancellation with its refund,
 * audit entry and records for central, like cancelTicket, but for the ticket picked from the print queue (it
 * cannot be presented: its code never reached paper). A manager's own call, or a cashier's with a manager's
 * PIN. Any refusal writes nothing (a wrong PIN counts, as at every approval).
 */
export function voidUnprintedTicket(
  ctx: Ctx,
  userId: string,
  args: ParsedArgsOf<'ticket-void'>,
  queued: (ticketId: string) => boolean,
): CancelPlan {
  assertStoreOpen(ctx)
  const clock = assertClockTrusted(ctx, 'cancel')
  const nowIso = clock.now.toISOString()
  const t = unprintedTicket(ctx.db, args.ticketId)
  if (!t || t.device_id !== ctx.device.device_id)
    throw new PosError('NOT_FOUND', 'No such ticket on this terminal: only the terminal that sold it can void it.')
  const refusal = voidRefusal(ctx, t, clock.effective, queued(t._id))
  if (refusal) throw new PosError('CANCEL_NOT_ALLOWED', refusal)
  const caller = getUser(ctx.db, userId)
  const approvedBy =
    caller && permissionsOf(caller).includes('ticket.void')
      ? null
      : approveAsManager(ctx, args.approver, 'Voiding a ticket that never printed')._id
  const plan = refundPlan(ctx, ticketById(ctx.db, t._id)!, ticketTaxPaid(ctx.db, t._id), approvedBy)
  const approver = approvedBy ? `, approved by ${getUser(ctx.db, approvedBy)!.username}` : ''
  recordCancellation(ctx, userId, plan, args.reason, nowIso, {
    mark: () => markTicketVoided(ctx.db, t._id, nowIso),
    action: 'ticket.void',
    description: `voided ${t.ticket_number} of ${t.transaction_id}, never printed, refund ${minorToDecimal(plan.total_amount)}${approver}: ${args.reason}`,
  })
  return plan
}

/** What a cancellation or a void gives back: the ticket's price and the tax it paid. */
function refundPlan(ctx: Ctx, ticket: CancelPlan['ticket'], tax: number, approvedBy: string | null): CancelPlan {
  return {
    cancellation_id: ctx.newId(),
    ticket,
    price: ticket.price,
    tax,
    total_amount: ticket.price + tax,
    approved_by: approvedBy,
  }
}

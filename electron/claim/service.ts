import type { ParsedArgsOf } from '../../shared/contract'
import type { DeviceInfo, PayoutResult } from '../../shared/domain'
import { PosError } from '../../shared/errors'
import { formatMoney, minorToDecimal, taxOf } from '../../shared/money'
import { appendAudit } from '../audit/chain'
import { checkPin } from '../auth/handlers'
import { getUser } from '../auth/repo'
import type { Ctx } from '../core/context'
import { stmt } from '../core/deps'
import { enqueue } from '../outbox/repo'
import type { ReceiptPrintData } from '../printing/types'
import { getSetting } from '../settings/repo'
import { inTransaction } from '../store/db'
import { getTicketView } from '../ticket/repo'
import { batchToReturnTo, returnStock, ticketById, type TicketRow } from './repo'
import { assessTicket } from './validate'

const device = (ctx: Ctx): DeviceInfo => ({ device_id: ctx.device.device_id, pos_version: ctx.device.pos_version })

function audit(ctx: Ctx, userId: string, action: string, entityId: string | null, description: string, now: string) {
  appendAudit(ctx.db, ctx.newId(), ctx.device.device_id, now, {
    user_id: userId,
    action,
    entity_type: 'ticket',
    entity_id: entityId,
    description,
  })
}

/** Validation is read-only except for its audit entry: every check is on record, whatever it answered. */
export function validateTicket(ctx: Ctx, userId: string, input: string) {
  const { result } = assessTicket(ctx, input)
  const shown = input.replace(/[^\d -]/g, '?').slice(0, 40)
  inTransaction(ctx.db, () =>
    audit(
      ctx,
      userId,
      'ticket.validate',
      result.ticket?._id ?? null,
      `check ${shown}: ${result.outcome}`,
      ctx.clock().toISOString(),
    ),
  )
  return result
}

type Receipt = Omit<ReceiptPrintData, 'kind' | 'amount' | 'reference'>

export function receiptBase(ctx: Ctx, userId: string, ticket: TicketRow, now: string): Receipt {
  const loc = JSON.parse(ctx.store.location) as Record<string, string | undefined>
  const game = ctx.db.prepare('SELECT name FROM lotteries WHERE _id = ?').get(ticket.lottery_id) as { name: string }
  return {
    store_name: ctx.store.name,
    store_address: [loc.address, loc.city, loc.state, loc.zip].filter(Boolean).join(', '),
    timezone: ctx.store.timezone,
    currency: ctx.store.currency,
    device_id: ctx.device.device_id,
    cashier_name: getUser(ctx.db, userId)?.name ?? '',
    printed_at: now,
    ticket_number: ticket.ticket_number,
    game_name: game.name,
    draw_date: ticket.draw_date,
  }
}

export type PayPlan =
  | { status: 'paid'; reference: string; amount: number; prize_level: string; ticket: TicketRow }
  | { status: 'referred'; reference: string; amount: number; prize_level: string; ticket: TicketRow }

/**
 * Pays a winning ticket in one transaction: ticket won, winning_claims record,
 * audit entry and outbox rows. The ticket is assessed again inside the
 * transaction, so a second call (another window, a double-click) finds it
 * paid; the unique index on paid claims is the last line of defence.
 */
export function payTicket(ctx: Ctx, userId: string, args: ParsedArgsOf<'ticket-pay'>): PayPlan {
  const now = ctx.clock().toISOString()
  return inTransaction(ctx.db, () => {
    const row = ticketById(ctx.db, args.ticketId)
    if (!row) throw new PosError('NOT_FOUND', 'No such ticket at this terminal.')
    const { result } = assessTicket(ctx, row.ticket_number + row.validation_code)
    if (result.outcome === 'already_paid') throw new PosError('ALREADY_PAID', result.message)
    if (result.outcome !== 'winner' || !result.prize)
      throw new PosError('NOT_PAYABLE', result.message, { outcome: result.outcome })
    const { amount, prize_level } = result.prize
    if (!result.payable) {
      const reference = `REF-${row.ticket_number}`
      audit(
        ctx,
        userId,
        'ticket.payout_referred',
        row._id,
        `${prize_level} ${minorToDecimal(amount)} above the payout limit: referred`,
        now,
      )
      return { status: 'referred', reference, amount, prize_level, ticket: row }
    }
    if (result.needs_cash_confirmation && !args.cashConfirmed) {
      throw new PosError(
        'CONFIRMATION_REQUIRED',
        `Confirm you have ${formatMoney(amount, ctx.store.currency)} in cash to pay.`,
        {
          amount,
        },
      )
    }
    const claim = {
      _id: ctx.newId(),
      ticket_id: row._id,
      ticket_number: row.ticket_number,
      lottery_id: row.lottery_id,
      store_id: ctx.store._id,
      user_id: userId,
      draw_date: row.draw_date,
      prize_level,
      amount,
      status: 'paid',
      device_info: JSON.stringify(device(ctx)),
      source: 'local',
      created_at: now,
      updated_at: now,
    }
    stmt(
      ctx.db,
      `INSERT INTO winning_claims (_id, ticket_id, ticket_number, lottery_id, store_id, user_id, draw_date, prize_level, amount, status,
         device_info, source, created_at, updated_at)
       VALUES (@_id, @ticket_id, @ticket_number, @lottery_id, @store_id, @user_id, @draw_date, @prize_level, @amount, @status,
         @device_info, @source, @created_at, @updated_at)`,
    ).run(claim)
    stmt(
      ctx.db,
      "UPDATE tickets SET status = 'won', winning_amount = ?, prize_level = ?, paid_at = ?, updated_at = ? WHERE _id = ? AND status = 'sold'",
    ).run(amount, prize_level, now, now, row._id)
    audit(
      ctx,
      userId,
      'ticket.payout',
      row._id,
      `paid ${prize_level} ${minorToDecimal(amount)} on ${row.ticket_number}`,
      now,
    )
    const { source: _source, ...claimDoc } = claim
    enqueue(ctx.db, 'winning_claims', claim._id, 'insert', { ...claimDoc, device_info: device(ctx) }, now)
    enqueue(
      ctx.db,
      'tickets',
      row._id,
      'update',
      { _id: row._id, status: 'won', winning_amount: amount, prize_level, paid_at: now, updated_at: now },
      now,
    )
    return { status: 'paid', reference: claim._id, amount, prize_level, ticket: row }
  })
}

export function toPayoutResult(ctx: Ctx, plan: PayPlan, receipt: PayoutResult['receipt']): PayoutResult {
  return { ...plan, ticket: getTicketView(ctx.db, plan.ticket._id)!, receipt }
}

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
  const now = ctx.clock()
  const nowIso = now.toISOString()
  const refuse = (
    code: 'CANCEL_NOT_ALLOWED' | 'MANAGER_APPROVAL_REQUIRED' | 'NOT_FOUND',
    message: string,
    ticketId: string | null,
  ) => {
    inTransaction(ctx.db, () => audit(ctx, userId, 'ticket.cancel_refused', ticketId, message, nowIso))
    return new PosError(code, message)
  }
  const row = ticketById(ctx.db, args.ticketId)
  if (!row)
    throw refuse(
      'NOT_FOUND',
      'No such ticket at this terminal: only the terminal that sold a ticket can cancel it.',
      null,
    )
  const game = ctx.db.prepare('SELECT * FROM lotteries WHERE _id = ?').get(row.lottery_id) as {
    name: string
    cancellable: number
    cancel_window_minutes: number
    sales_cutoff_minutes: number
  }
  if (row.status === 'cancelled') throw refuse('CANCEL_NOT_ALLOWED', 'This ticket is already cancelled.', row._id)
  if (row.status === 'won')
    throw refuse('CANCEL_NOT_ALLOWED', 'This ticket has been paid as a winner; it cannot be cancelled.', row._id)
  if (!game.cancellable) throw refuse('CANCEL_NOT_ALLOWED', `${game.name} tickets cannot be cancelled.`, row._id)
  const windowEnds = Date.parse(row.purchase_datetime) + game.cancel_window_minutes * 60_000
  if (now.getTime() > windowEnds) {
    throw refuse(
      'CANCEL_NOT_ALLOWED',
      `Too late: ${game.name} tickets can be cancelled within ${game.cancel_window_minutes} minutes of sale.`,
      row._id,
    )
  }
  if (now.getTime() >= Date.parse(row.draw_date) - game.sales_cutoff_minutes * 60_000) {
    throw refuse(
      'CANCEL_NOT_ALLOWED',
      'Too late: sales for this draw have closed, so its tickets can no longer be cancelled.',
      row._id,
    )
  }
  const tax = taxOf(row.price, ctx.store.tax_rate_bps)
  let approvedBy: string | null = null
  if (row.price + tax > getSetting(ctx.db, 'cancel_approval_threshold')) {
    if (!args.approver) {
      throw refuse(
        'MANAGER_APPROVAL_REQUIRED',
        `Cancelling ${formatMoney(row.price + tax, ctx.store.currency)} needs a manager's PIN.`,
        row._id,
      )
    }
    const manager = getUser(ctx.db, args.approver.userId)
    if (!manager || manager.store_id !== ctx.store._id || manager.status !== 'active' || manager.role === 'staff') {
      throw refuse(
        'MANAGER_APPROVAL_REQUIRED',
        'Only an active manager of this store can approve a cancellation.',
        row._id,
      )
    }
    checkPin(ctx, manager, args.approver.pin, 'approve')
    approvedBy = manager._id
  }
  const plan: CancelPlan = {
    cancellation_id: ctx.newId(),
    ticket: row,
    price: row.price,
    tax,
    total_amount: row.price + tax,
    approved_by: approvedBy,
  }
  inTransaction(ctx.db, () => {
    const changed = stmt(
      ctx.db,
      "UPDATE tickets SET status = 'cancelled', cancelled_at = ?, updated_at = ? WHERE _id = ? AND status = 'sold'",
    ).run(nowIso, nowIso, row._id)
    if (changed.changes !== 1)
      throw new PosError('CANCEL_NOT_ALLOWED', 'This ticket changed meanwhile; look it up again.')
    const doc = {
      _id: plan.cancellation_id,
      ticket_id: row._id,
      sale_id: row.sale_id,
      lottery_id: row.lottery_id,
      store_id: ctx.store._id,
      user_id: userId,
      approved_by: approvedBy,
      price: plan.price,
      tax: plan.tax,
      total_amount: plan.total_amount,
      reason: args.reason,
      device_info: JSON.stringify(device(ctx)),
      created_at: nowIso,
    }
    stmt(
      ctx.db,
      `INSERT INTO cancellations (_id, ticket_id, sale_id, lottery_id, store_id, user_id, approved_by, price, tax, total_amount, reason, device_info, created_at)
       VALUES (@_id, @ticket_id, @sale_id, @lottery_id, @store_id, @user_id, @approved_by, @price, @tax, @total_amount, @reason, @device_info, @created_at)`,
    ).run(doc)
    const batch = batchToReturnTo(ctx.db, row.sale_id, row.lottery_id)
    if (batch) {
      returnStock(ctx.db, batch, nowIso)
      const m = {
        _id: ctx.newId(),
        inventory_id: batch,
        store_id: ctx.store._id,
        lottery_id: row.lottery_id,
        quantity_delta: 1,
        reason: 'cancel',
        ref_type: 'cancellation',
        ref_id: plan.cancellation_id,
        created_at: nowIso,
      }
      stmt(
        ctx.db,
        `INSERT INTO inventory_movements (_id, inventory_id, store_id, lottery_id, quantity_delta, reason, ref_type, ref_id, created_at)
         VALUES (@_id, @inventory_id, @store_id, @lottery_id, @quantity_delta, @reason, @ref_type, @ref_id, @created_at)`,
      ).run(m)
      // The same idempotent stock movement as a sale's, with a positive delta.
      enqueue(ctx.db, 'inventory_movements', m._id, 'inventory_decrement', m, nowIso)
    }
    const approver = approvedBy ? `, approved by ${getUser(ctx.db, approvedBy)!.username}` : ''
    audit(
      ctx,
      userId,
      'ticket.cancel',
      row._id,
      `cancelled ${row.ticket_number}, refund ${minorToDecimal(plan.total_amount)}${approver}: ${args.reason}`,
      nowIso,
    )
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
  return plan
}

export function cancelReceipt(ctx: Ctx, userId: string, plan: CancelPlan): ReceiptPrintData {
  return {
    ...receiptBase(ctx, userId, plan.ticket, ctx.clock().toISOString()),
    kind: 'refund',
    amount: plan.total_amount,
    reference: plan.cancellation_id,
    refund: { price: plan.price, tax: plan.tax },
    ...(plan.approved_by ? { approved_by: getUser(ctx.db, plan.approved_by)?.name ?? '' } : {}),
  }
}

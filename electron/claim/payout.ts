import type { ParsedArgsOf } from '../../shared/contract'
import type { PayoutResult } from '../../shared/contract'
import { PosError } from '../../shared/errors'
import { formatMoney, minorToDecimal } from '../../shared/money'
import { assertStoreOpen, type Ctx } from '../core/context'
import { enqueue } from '../outbox/repo'
import { inTransaction } from '../store/db'
import { getTicketView } from '../ticket/repo'
import { assertClockTrusted } from '../clock/trusted'
import { audit, device, noteCodeLock, presentedTicket } from './common'
import { assessTicket } from './validate'
import { insertClaim, type TicketRow } from './repo'
import { markTicketWon } from '../ticket/repo'
import { cashInDrawer, drawerShort, shiftForMoney } from '../shift/service'

export type PayPlan =
  | { status: 'paid'; reference: string; amount: number; prize_level: string; ticket: TicketRow }
  | { status: 'referred'; reference: string; amount: number; prize_level: string; ticket: TicketRow }

/** A prize the drawer cannot give: its shift, and what the drawer should hold. */
interface DrawerShort {
  shiftId: string
  shiftNumber: number
  inDrawer: number
  amount: number
}

/**
 * Pays a winning ticket in one transaction: ticket won, winning_claims record,
 * audit entry and outbox rows. The ticket is assessed again inside the
 * transaction, so a second call (another window, a double-click) finds it
 * paid; the unique index on paid claims is the last line of defence.
 */
export function payTicket(ctx: Ctx, userId: string, args: ParsedArgsOf<'ticket-pay'>): PayPlan {
  assertStoreOpen(ctx)
  const now = assertClockTrusted(ctx, 'pay').now.toISOString()
  // The presented ticket, checked once outside the transaction so a wrong code's lock is on record.
  const first = assessTicket(ctx, args.input, userId)
  if (!first.ticket) {
    noteCodeLock(ctx, userId, first)
    throw new PosError(first.result.outcome === 'code_wrong' ? 'CODE_WRONG' : 'NOT_FOUND', first.result.message)
  }
  // A prize is cash out of this drawer, as a pay out is: never more than the drawer should hold.
  let short: DrawerShort | null = null
  const pay = (): PayPlan =>
    inTransaction(ctx.db, () => {
      // Assessed inside the transaction: a second call (another window, a double-click) finds it paid.
      const { result, ticket: row } = presentedTicket(ctx, args.input)
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
      const shiftId = shiftForMoney(ctx, userId)
      const drawer = cashInDrawer(ctx, shiftId)
      if (amount > drawer.inDrawer) {
        short = { shiftId, shiftNumber: drawer.shiftNumber, inDrawer: drawer.inDrawer, amount }
        throw new PosError('DRAWER_SHORT', 'more than the drawer holds')
      }
      const claim = {
        _id: ctx.newId(),
        shift_id: shiftId,
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
      insertClaim(ctx.db, claim)
      markTicketWon(ctx.db, row._id, amount, prize_level, now)
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
  try {
    return pay()
  } catch (err) {
    const s = short as DrawerShort | null
    if (!s) throw err
    throw drawerShort(ctx, userId, 'ticket.payout_refused', 'prize', s.amount, s, now)
  }
}

export function toPayoutResult(ctx: Ctx, plan: PayPlan, receipt: PayoutResult['receipt']): PayoutResult {
  return { ...plan, ticket: getTicketView(ctx.db, plan.ticket._id)!, receipt }
}

import type { ReceiptResult } from '../../shared/contract'
import type { Ctx } from '../core/context'
import type { HandlerTable } from '../core/dispatcher'
import type { PrintService } from '../printing/service'
import { getTicketView } from '../ticket/repo'
import { latestDrawResults } from './repo'
import { cancelReceipt, cancelTicket } from './cancel'
import { receiptBase, validateTicket } from './common'
import { payTicket, toPayoutResult } from './payout'

export function claimHandlers(
  ctx: Ctx,
  printer: PrintService,
  onChange: () => void,
): Pick<HandlerTable, 'ticket-validate' | 'ticket-pay' | 'ticket-cancel' | 'draw-results'> {
  return {
    'ticket-validate': (call, { input }) => validateTicket(ctx, call.session!.userId, input),
    'ticket-pay': async (call, args) => {
      const userId = call.session!.userId
      const plan = payTicket(ctx, userId, args)
      onChange()
      // The payout is committed before the receipt prints; a printer fault never undoes or repeats it.
      const receipt: ReceiptResult = await printer.printReceipt({
        ...receiptBase(ctx, userId, plan.ticket, ctx.clock().toISOString()),
        kind: plan.status === 'paid' ? 'payout' : 'not_cashed',
        amount: plan.amount,
        prize_level: plan.prize_level,
        reference: plan.reference,
        payout_limit: ctx.store.payout_limit,
        open_drawer: plan.status === 'paid',
      })
      return toPayoutResult(ctx, plan, receipt)
    },
    'ticket-cancel': async (call, args) => {
      const userId = call.session!.userId
      const plan = cancelTicket(ctx, userId, args)
      onChange()
      const receipt = await printer.printReceipt(cancelReceipt(ctx, userId, plan))
      const { cancellation_id, price, tax, total_amount } = plan
      return { cancellation_id, price, tax, total_amount, ticket: getTicketView(ctx.db, plan.ticket._id)!, receipt }
    },
    'draw-results': (_call, { limit }) => latestDrawResults(ctx.read, limit),
  }
}

import { auditEntry } from '../audit/audited'
import type { DeviceInfo } from '../../shared/contract'
import { getUser } from '../auth/repo'
import { getLottery } from '../catalog/repo'
import type { Ctx } from '../core/context'
import type { ReceiptPrintData } from '../printing/types'
import { inTransaction } from '../store/db'
import type { TicketRow } from './repo'
import { assessTicket, type Assessment } from './validate'
import { cancelEligibility } from './cancellable'
import { checkClock } from '../clock/trusted'
import { PosError } from '../../shared/errors'
import { insertNotification } from '../notify/repo'

export const device = (ctx: Ctx): DeviceInfo => ({
  device_id: ctx.device.device_id,
  pos_version: ctx.device.pos_version,
})

export function audit(
  ctx: Ctx,
  userId: string,
  action: string,
  entityId: string | null,
  description: string,
  now: string,
) {
  auditEntry(ctx, userId, { action, entity_type: 'ticket', entity_id: entityId, description }, now)
}

/** Validation is read-only except for its audit entry: every check is on record, whatever it answered. */
export function validateTicket(ctx: Ctx, userId: string, input: string) {
  const assessment = assessTicket(ctx, input, userId)
  const { result } = assessment
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
  noteCodeLock(ctx, userId, assessment)
  // What Cancel would answer for this ticket now: the card offers it only where it can succeed.
  if (result.ticket && assessment.ticket) {
    const cancel = cancelEligibility(ctx, assessment.ticket, checkClock(ctx).effective)
    return { ...result, ticket: { ...result.ticket, cancel } }
  }
  return result
}

/** A lock after repeated wrong validation codes is a compliance matter: audited, and the managers are told. */
export function noteCodeLock(ctx: Ctx, userId: string, a: Assessment): void {
  if (!a.lockedNow) return
  const { what, key, span } = a.lockedNow
  const now = ctx.clock().toISOString()
  const user = getUser(ctx.db, userId)
  const subject = what === 'ticket' ? `ticket ${key}` : `checks by ${user?.username ?? userId}`
  inTransaction(ctx.db, () => {
    audit(
      ctx,
      userId,
      'ticket.code_locked',
      null,
      `${subject} locked for ${span / 1000} s after repeated wrong codes`,
      now,
    )
    insertNotification(ctx.db, {
      _id: ctx.newId(),
      user_id: null,
      title: 'Repeated wrong validation codes',
      message: `${ctx.device.device_id}: ${user?.name ?? 'a user'} typed wrong validation codes repeatedly; ${subject} locked. Someone may be guessing codes.`,
      type: 'compliance',
      created_at: now,
    })
  })
}

/**
 * The ticket the cashier holds: its scan, or its number and validation code,
 * checked here in the backend. Paying or cancelling needs this, never a bare
 * id, so nobody can pay a ticket they have not got in their hand.
 */
export function presentedTicket(
  ctx: Ctx,
  input: string,
  userId: string | null = null,
): Assessment & { ticket: TicketRow } {
  const a = assessTicket(ctx, input, userId)
  if (!a.ticket) throw new PosError(a.result.outcome === 'code_wrong' ? 'CODE_WRONG' : 'NOT_FOUND', a.result.message)
  return a as Assessment & { ticket: TicketRow }
}

type Receipt = Omit<ReceiptPrintData, 'kind' | 'amount' | 'reference'>

export function receiptBase(ctx: Ctx, userId: string, ticket: TicketRow, now: string): Receipt {
  const loc = JSON.parse(ctx.store.location) as Record<string, string | undefined>
  const game = getLottery(ctx.db, ticket.lottery_id)!
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

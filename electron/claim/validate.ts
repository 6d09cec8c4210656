import { timingSafeEqual } from 'node:crypto'
import { DateTime } from 'luxon'
import type { ValidationResult } from '../../shared/contract'
import { formatMoney } from '../../shared/money'
import {
  formatTicketNumber,
  isValidTicketNumber,
  parseTicketNumber,
  TICKET_NUMBER_LENGTH,
} from '../../shared/ticket-number'
import { getLottery, type LotteryRow } from '../catalog/repo'
import { checkClock } from '../clock/trusted'
import { lockoutMs, spanText } from '../auth/lockout'
import type { Ctx } from '../core/context'
import { getSetting } from '../settings/repo'
import { getTicketView } from '../ticket/repo'
import { drawResult, paidClaim, ticketByNumber, type TicketRow } from './repo'
import { evaluatePrize } from './prize'

export interface Assessment {
  /** Set when this call's wrong code locked the ticket (or the user's checks): a compliance matter. */
  lockedNow?: { what: 'ticket' | 'user'; key: string; span: number }
  result: ValidationResult
  /** Set when the input named a ticket of this terminal with the right code. */
  ticket: TicketRow | null
  game: LotteryRow | null
}

const blank = { ticket: null, prize: null, winning_numbers: null, payable: false, needs_cash_confirmation: false }

function sameCode(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b))
}

/** Wrong codes before a ticket's checks lock; and before a user's do, across tickets. */
export const WRONG_CODES_PER_TICKET = 5
export const WRONG_CODES_PER_USER = 10

interface Strikes {
  failed: number
  lockouts: number
  until: number
}
// In memory per database handle (one process owns the folder), timed by the monotonic clock so setting the
// computer's clock forward never lifts a lock.
const strikes = new WeakMap<object, Map<string, Strikes>>()

function lockedFor(ctx: Ctx, key: string): number {
  const s = strikes.get(ctx.db)?.get(key)
  return s ? Math.max(0, s.until - ctx.monotonic()) : 0
}

function strike(ctx: Ctx, key: string, limit: number): number | null {
  let m = strikes.get(ctx.db)
  if (!m) strikes.set(ctx.db, (m = new Map()))
  const s = m.get(key) ?? { failed: 0, lockouts: 0, until: 0 }
  s.failed++
  let span: number | null = null
  if (s.failed >= limit) {
    s.lockouts++
    s.failed = 0
    span = lockoutMs(s.lockouts)
    s.until = ctx.monotonic() + span
  }
  m.set(key, s)
  return span
}

/**
 * What a ticket is worth right now, without writing anything. The validation code is checked before
 * anything about the ticket is revealed, so a typed number alone tells a stranger nothing; and wrong codes
 * lock that ticket's checks (and, across tickets, the user's) with an escalating lockout, so the 8-digit
 * code cannot be guessed at the counter.
 */
export function assessTicket(ctx: Ctx, input: string, userId: string | null = null): Assessment {
  const none = (outcome: ValidationResult['outcome'], message: string): Assessment => ({
    result: { outcome, message, ...blank },
    ticket: null,
    game: null,
  })
  const digits = input.replace(/[\s-]/g, '')
  if (!/^\d+$/.test(digits) || (digits.length !== TICKET_NUMBER_LENGTH && digits.length !== TICKET_NUMBER_LENGTH + 8)) {
    return none(
      'invalid_number',
      'That is not a ticket. Scan it again, or type the 18-digit ticket number and the 8-digit code.',
    )
  }
  const number = digits.slice(0, TICKET_NUMBER_LENGTH)
  const code = digits.slice(TICKET_NUMBER_LENGTH)
  if (!isValidTicketNumber(number)) {
    return none(
      'invalid_number',
      'The ticket number has a typing or scanning error (its check digit is wrong). Try again.',
    )
  }
  if (!code) return none('invalid_number', 'Also type the 8-digit validation code printed under the barcode.')
  const parts = parseTicketNumber(number)!
  if (parts.storeNumber !== ctx.store.store_number) {
    return none(
      'other_store',
      `This ticket was sold at store ${String(parts.storeNumber).padStart(4, '0')}. Validate it there or at the lottery office.`,
    )
  }
  const row = ticketByNumber(ctx.db, number)
  if (!row) {
    return none(
      'not_found',
      parts.terminalNumber === ctx.device.terminal_number
        ? `No ticket ${formatTicketNumber(number)} was sold here.`
        : `Ticket ${formatTicketNumber(number)} was sold at terminal ${parts.terminalNumber} of this store. Validate it there.`,
    )
  }
  const ticketKey = `ticket:${number}`
  const userKey = `user:${userId ?? '-'}`
  const wait = Math.max(lockedFor(ctx, ticketKey), userId ? lockedFor(ctx, userKey) : 0)
  if (wait > 0)
    return none(
      'code_wrong',
      `Too many wrong validation codes. Checks are locked for ${spanText(wait)}; a manager can look at the paper ticket.`,
    )
  if (!sameCode(code, row.validation_code)) {
    const a = none('code_wrong', 'The validation code does not match this ticket. Check the code and try again.')
    const ticketLock = strike(ctx, ticketKey, WRONG_CODES_PER_TICKET)
    const userLock = userId ? strike(ctx, userKey, WRONG_CODES_PER_USER) : null
    if (ticketLock) a.lockedNow = { what: 'ticket', key: number, span: ticketLock }
    else if (userLock) a.lockedNow = { what: 'user', key: userId!, span: userLock }
    return a
  }
  strikes.get(ctx.db)?.delete(ticketKey)
  const game = getLottery(ctx.db, row.lottery_id)!
  const view = getTicketView(ctx.db, row._id)
  const found = (
    outcome: ValidationResult['outcome'],
    message: string,
    extra: Partial<ValidationResult> = {},
  ): Assessment => ({
    result: { ...blank, outcome, message, ticket: view, ...extra },
    ticket: row,
    game,
  })
  const when = (iso: string) => DateTime.fromISO(iso, { zone: ctx.store.timezone }).toFormat('ccc d LLL yyyy HH:mm')
  const money = (n: number) => formatMoney(n, ctx.store.currency)

  if (row.status === 'cancelled')
    return found('cancelled', `This ticket was cancelled on ${when(row.cancelled_at!)}. It has no value.`)
  const paid = paidClaim(ctx.db, number)
  if (row.status === 'won' || paid) {
    const at = row.paid_at ?? paid?.created_at
    const where = paid?.source === 'central' ? 'by another terminal or the lottery office' : 'at this terminal'
    return found('already_paid', `Already paid ${where}${at ? ` on ${when(at)}` : ''}. Do not pay it again.`)
  }
  // A ticket recorded as bought at or after its draw's cutoff was sold on a closed draw (a clock set back):
  // it is never paid, whatever its numbers.
  const cutoff = Date.parse(row.draw_date) - game.sales_cutoff_minutes * 60_000
  if (!(Date.parse(row.purchase_datetime) < cutoff)) {
    return found(
      'sold_after_cutoff',
      `This ticket was recorded as sold on ${when(row.purchase_datetime)}, after sales for its draw closed. It cannot be paid here: keep it and call a manager.`,
    )
  }
  const winning = drawResult(ctx.db, row.lottery_id, row.draw_date)
  if (!winning)
    return found(
      'draw_pending',
      `The draw of ${when(row.draw_date)} has not been held yet (or its results have not arrived).`,
    )
  const prize = evaluatePrize(JSON.parse(row.numbers) as number[], winning, JSON.parse(game.prize_structure))
  if (!prize) return found('not_winner', 'Not a winner. Thank the player.', { winning_numbers: winning })
  const expires = DateTime.fromISO(row.draw_date).plus({ days: game.claim_period_days })
  // Expiry by the latest trusted time, so a clock set back cannot revive an expired prize.
  if (checkClock(ctx).effective.getTime() > expires.toMillis()) {
    return found(
      'expired',
      `This ${prize.prize_level} prize expired on ${when(expires.toISO()!)}: ${game.claim_period_days} days to claim.`,
      {
        winning_numbers: winning,
        prize: { prize_level: prize.prize_level, amount: prize.amount },
      },
    )
  }
  const limit = ctx.store.payout_limit
  const payable = prize.amount <= limit
  return found(
    'winner',
    payable
      ? `Winner: ${prize.prize_level}, ${money(prize.amount)}. Pay the player.`
      : `Winner: ${prize.prize_level}, ${money(prize.amount)}. Above this store's ${money(limit)} limit: the player claims at the lottery office.`,
    {
      winning_numbers: winning,
      prize: { prize_level: prize.prize_level, amount: prize.amount },
      payable,
      needs_cash_confirmation: payable && prize.amount > getSetting(ctx.db, 'payout_confirm_threshold'),
    },
  )
}

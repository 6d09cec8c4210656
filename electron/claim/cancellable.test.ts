import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { TicketView } from '../../shared/contract'
import { makeTicketNumber } from '../../shared/ticket-number'
import { newRequestId, presented, testBackend, type TestBackend } from '../../tests/support/backend'
import { getLottery } from '../catalog/repo'
import { cancelRule } from './cancellable'

let b: TestBackend
let s: string
// Saturday 21 Nov 2026, 10:00 in New York; PICK3 draws at 13:00 with a 5-minute cutoff and a 10-minute window.
beforeEach(async () => {
  b = testBackend({ start: '2026-11-21T15:00:00Z' })
  s = await b.login('carlos')
})
afterEach(() => b.cleanup())

const sell = async (code: string) =>
  (
    await b.call(s, 'sale-create', {
      requestId: newRequestId(),
      paymentMethod: 'cash',
      ageConfirmed: true,
      lines: [{ lotteryId: b.gameId(code), quantity: 1 }],
    })
  ).tickets[0]
const recent = async (id: string) => (await b.call(s, 'ticket-recent', { limit: 10 })).find((t) => t._id === id)!
const tryCancel = (t: TicketView) =>
  b
    .call(s, 'ticket-cancel', { input: presented(b, t._id), reason: 'sold in error' })
    .then(() => 'cancelled')
    .catch((e: Error) => e.message)

describe('what the counter is told about cancelling', () => {
  it('a sold ticket says until when it can be cancelled; a game that never allows it says so', async () => {
    const pick3 = await sell('PICK3')
    expect(pick3.cancel).toEqual({
      allowed: true,
      until: '2026-11-21T15:10:00.000Z',
      as_of: '2026-11-21T15:00:00.000Z',
    })
    const lotto = await sell('LOTTO')
    expect(lotto.cancel).toEqual({ allowed: false, reason: 'Lotto 6/49 tickets cannot be cancelled.' })
    expect((await recent(lotto._id)).cancel).toEqual(lotto.cancel)
    // The refusal is the reason the counter was shown, word for word.
    expect(await tryCancel(lotto)).toBe('Lotto 6/49 tickets cannot be cancelled.')
  })

  it('the recent list and a checked ticket follow the clock: the window, then the answer ticket-cancel gives', async () => {
    const t = await sell('PICK3')
    b.clock.advance(3 * 60_000)
    expect((await recent(t._id)).cancel).toMatchObject({ allowed: true, until: '2026-11-21T15:10:00.000Z' })
    const checked = await b.call(s, 'ticket-validate', { input: presented(b, t._id) })
    expect(checked.ticket?.cancel).toMatchObject({ allowed: true, as_of: '2026-11-21T15:03:00.000Z' })
    b.clock.advance(7 * 60_000 + 1)
    const late = (await recent(t._id)).cancel
    expect(late).toEqual({
      allowed: false,
      reason: 'Too late: Daily Pick 3 tickets can be cancelled within 10 minutes of sale.',
    })
    expect(await tryCancel(t)).toBe(late && !late.allowed ? late.reason : '')
  })

  it('near the draw the cutoff ends the window first', async () => {
    // Sold 12:52 New York: the window would run to 13:02, but sales close at 12:55.
    b.clock.set('2026-11-21T17:52:00Z')
    const t = await sell('PICK3')
    expect(t.cancel).toMatchObject({ allowed: true, until: '2026-11-21T17:54:59.999Z' })
  })

  it('offers Cancel exactly when ticket-cancel accepts it, minute by minute through the window', async () => {
    // One ticket per minute checked: what the list said just before, against what cancelling answers.
    for (let minute = 0; minute <= 12; minute += 2) {
      const t = await sell('PICK3')
      b.clock.advance(minute * 60_000)
      const shown = (await recent(t._id)).cancel!
      const answer = await tryCancel(t)
      expect(answer).toBe(shown.allowed ? 'cancelled' : shown.reason)
      expect(shown.allowed).toBe(minute <= 10)
    }
  })

  it("never offers another terminal's ticket, nor a cancelled or paid one", () => {
    const game = getLottery(b.ctx.db, b.gameId('PICK3'))!
    const here = { store_number: 1, terminal_number: 1 }
    const ticket = {
      ticket_number: makeTicketNumber(1, 2, 5),
      lottery_id: game._id,
      status: 'sold' as const,
      purchase_datetime: '2026-11-21T15:00:00.000Z',
      draw_date: '2026-11-21T18:00:00.000Z',
    }
    const at = new Date('2026-11-21T15:01:00Z')
    expect(cancelRule(ticket, game, here, at, () => false)).toEqual({
      allowed: false,
      reason: 'Only the terminal that sold a ticket can cancel it.',
    })
    const own = { ...ticket, ticket_number: makeTicketNumber(1, 1, 5) }
    expect(cancelRule(own, game, here, at, () => false).allowed).toBe(true)
    expect(cancelRule({ ...own, status: 'cancelled' }, game, here, at, () => false)).toMatchObject({ allowed: false })
    expect(cancelRule({ ...own, status: 'won' }, game, here, at, () => false)).toMatchObject({ allowed: false })
    expect(cancelRule(own, game, here, at, () => true)).toEqual({
      allowed: false,
      reason: 'The result of this draw is known: its tickets can no longer be cancelled.',
    })
  })
})

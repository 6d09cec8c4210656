import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeTicketNumber } from '../../shared/ticket-number'
import { expectPosError, newRequestId, presented, testBackend, type TestBackend } from '../../tests/support/backend'

let b: TestBackend
let s: string
// Saturday 21 Nov 2026, 10:00 in New York: the demo draws were held in the days before.
beforeEach(async () => {
  // Carlos's drawer opened with $1,000: the prizes below are paid out of it.
  b = testBackend({ demoHistory: true, start: '2026-11-21T15:00:00Z', float: 100_000 })
  s = await b.login('carlos')
})
afterEach(() => b.cleanup())

interface Demo {
  _id: string
  ticket_number: string
  validation_code: string
}
const demo = () =>
  b.ctx.db
    .prepare(
      "SELECT t._id, t.ticket_number, t.validation_code FROM tickets t JOIN sales s ON s._id = t.sale_id WHERE s.request_id LIKE 'demo-history-%' ORDER BY t.ticket_number",
    )
    .all() as Demo[]
// In seeding order: PICK3 match 3, PICK3 match 2, PICK3 loser, LOTTO match 5, KENO expired match 6.
const [MATCH3, MATCH2, LOSER, LOTTO5, EXPIRED] = [0, 1, 2, 3, 4]
const scan = (t: Demo) => t.ticket_number + t.validation_code
const validate = (input: string) => b.call(s, 'ticket-validate', { input })
const n = (sql: string) => (b.ctx.db.prepare(sql).get() as { n: number }).n
const writes = () => ({
  claims: n('SELECT COUNT(*) AS n FROM winning_claims'),
  outbox: n('SELECT COUNT(*) AS n FROM outbox'),
  won: n("SELECT COUNT(*) AS n FROM tickets WHERE status <> 'sold'"),
  audit: n('SELECT COUNT(*) AS n FROM audit_logs'),
})
const sellOne = async (code: string) =>
  (
    await b.call(s, 'sale-create', {
      requestId: newRequestId(),
      paymentMethod: 'cash',
      ageConfirmed: true,
      lines: [{ lotteryId: b.gameId(code), quantity: 1 }],
    })
  ).tickets[0]

describe('validating a ticket', () => {
  it('answers winner, not a winner, above the limit and expired from the draw results', async () => {
    const t = demo()
    expect(t).toHaveLength(5)
    const win = await validate(scan(t[MATCH3]))
    expect(win).toMatchObject({
      outcome: 'winner',
      prize: { prize_level: 'Match 3', amount: 50_000 },
      payable: true,
      needs_cash_confirmation: true,
    })
    expect(win.message).toBe('Winner: Match 3, $500.00. Pay the player.')
    expect(win.winning_numbers).toEqual([3, 14, 27])
    expect(await validate(scan(t[MATCH2]))).toMatchObject({
      outcome: 'winner',
      prize: { amount: 500 },
      needs_cash_confirmation: false,
    })
    expect(await validate(scan(t[LOSER]))).toMatchObject({
      outcome: 'not_winner',
      message: 'Not a winner. Thank the player.',
    })
    const big = await validate(scan(t[LOTTO5]))
    expect(big).toMatchObject({ outcome: 'winner', payable: false, prize: { prize_level: 'Match 5', amount: 250_000 } })
    expect(big.message).toMatch(/Above this store's \$600\.00 limit: the player claims at the lottery office/)
    const old = await validate(scan(t[EXPIRED]))
    expect(old).toMatchObject({ outcome: 'expired', prize: { prize_level: 'Match 6' } })
    expect(old.message).toMatch(/90 days to claim/)
  })

  it('says the draw has not been held for a ticket of a coming draw', async () => {
    const tk = await sellOne('LOTTO')
    const r = await validate(`${tk.ticket_number} ${presented(b, tk._id).slice(tk.ticket_number.length)}`)
    expect(r.outcome).toBe('draw_pending')
    expect(r.message).toMatch(/has not been held yet/)
  })

  it('gives a specific answer to garbled scans, typos, a wrong code, and tickets sold elsewhere, writing only the audit entry', async () => {
    const t = demo()[MATCH3]
    const before = writes()
    const cases: [string, string, RegExp][] = [
      ['12345', 'invalid_number', /not a ticket/],
      ['@@##%%', 'invalid_number', /not a ticket/],
      [
        t.ticket_number.slice(0, 17) + ((Number(t.ticket_number[17]) + 1) % 10) + t.validation_code,
        'invalid_number',
        /check digit/,
      ],
      [t.ticket_number, 'invalid_number', /8-digit validation code/],
      [t.ticket_number + '00000000', 'code_wrong', /does not match/],
      [makeTicketNumber(2, 1, 5) + '12345678', 'other_store', /sold at store 0002/],
      [makeTicketNumber(1, 4, 5) + '12345678', 'not_found', /terminal 4 of this store/],
      [makeTicketNumber(1, 1, 999999) + '12345678', 'not_found', /was sold here/],
    ]
    for (const [input, outcome, message] of cases) {
      const r = await validate(input)
      expect(r.outcome, input).toBe(outcome)
      expect(r.message).toMatch(message)
      // A wrong code reveals nothing about the ticket.
      expect(r.ticket).toBeNull()
    }
    const after = writes()
    // Each audit entry is queued for central too; nothing else is written.
    expect(after).toEqual({ ...before, audit: before.audit + cases.length, outbox: before.outbox + cases.length })
    const last = b.ctx.db.prepare('SELECT action, description FROM audit_logs ORDER BY seq DESC LIMIT 1').get()
    expect(last).toMatchObject({ action: 'ticket.validate' })
  })

  it('rejects input too long to be a ticket with a validation error', async () => {
    await expectPosError(validate('1'.repeat(81)), 'VALIDATION')
  })

  it('knows a payout central reports from elsewhere', async () => {
    const t = demo()[MATCH2]
    b.ctx.db
      .prepare(
        `INSERT INTO winning_claims (_id, ticket_number, lottery_id, store_id, draw_date, prize_level, amount, status, device_info, source, created_at, updated_at)
         SELECT ?, ticket_number, lottery_id, store_id, draw_date, 'Match 2', 500, 'paid', '{}', 'central', ?, ? FROM tickets WHERE _id = ?`,
      )
      .run('c'.repeat(24), '2026-11-20T20:00:00.000Z', '2026-11-20T20:00:00.000Z', t._id)
    const r = await validate(scan(t))
    expect(r.outcome).toBe('already_paid')
    expect(r.message).toMatch(/by another terminal or the lottery office/)
    await expectPosError(b.call(s, 'ticket-pay', { input: scan(t) }), 'ALREADY_PAID')
  })
})

describe('paying a winner', () => {
  it('pays in one transaction and answers already paid afterwards', async () => {
    const t = demo()[MATCH2]
    const before = writes()
    const paid = await b.call(s, 'ticket-pay', { input: scan(t) })
    expect(paid).toMatchObject({ status: 'paid', amount: 500, prize_level: 'Match 2', ticket: { status: 'won' } })
    expect(paid.receipt.printed).toBe(false)
    expect(paid.receipt.error).toMatch(/printer/i)
    const after = writes()
    expect(after.claims - before.claims).toBe(1)
    // winning_claims insert, ticket update, audit entry.
    expect(after.outbox - before.outbox).toBe(3)
    expect(b.ctx.db.prepare('SELECT winning_amount, prize_level FROM tickets WHERE _id = ?').get(t._id)).toEqual({
      winning_amount: 500,
      prize_level: 'Match 2',
    })
    const again = await validate(scan(t))
    expect(again.outcome).toBe('already_paid')
    expect(again.message).toMatch(/at this terminal/)
    await expectPosError(b.call(s, 'ticket-pay', { input: scan(t) }), 'ALREADY_PAID')
  })

  it('never pays twice, even for two calls at once from two windows', async () => {
    const t = demo()[MATCH3]
    const other = await b.login('chloe', 'second-window')
    const results = await Promise.allSettled([
      b.call(s, 'ticket-pay', { input: scan(t), cashConfirmed: true }),
      b.call(other, 'ticket-pay', { input: scan(t), cashConfirmed: true }),
      b.call(s, 'ticket-pay', { input: scan(t), cashConfirmed: true }),
    ])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    for (const r of results.filter((x) => x.status === 'rejected'))
      expect((r as PromiseRejectedResult).reason.code).toBe('ALREADY_PAID')
    expect(n('SELECT COUNT(*) AS n FROM winning_claims')).toBe(1)
  })

  it('asks the cashier to confirm the cash above the configured amount, writing nothing until then', async () => {
    const t = demo()[MATCH3]
    const before = writes()
    const err = await expectPosError(b.call(s, 'ticket-pay', { input: scan(t) }), 'CONFIRMATION_REQUIRED')
    expect(err.message).toBe('Confirm you have $500.00 in cash to pay.')
    expect(writes()).toEqual(before)
  })

  it('pays nothing above the payout limit, and refers the player to the lottery office', async () => {
    const t = demo()[LOTTO5]
    const before = writes()
    const r = await b.call(s, 'ticket-pay', { input: scan(t), cashConfirmed: true })
    expect(r).toMatchObject({ status: 'referred', amount: 250_000, ticket: { status: 'sold' } })
    const after = writes()
    expect(after).toMatchObject({ claims: before.claims, won: before.won })
    expect(b.ctx.db.prepare('SELECT action FROM audit_logs ORDER BY seq DESC LIMIT 1').get()).toEqual({
      action: 'ticket.payout_referred',
    })
  })

  it('refuses to pay a loser, an expired prize, or a ticket of a coming draw', async () => {
    const t = demo()
    await expectPosError(b.call(s, 'ticket-pay', { input: scan(t[LOSER]) }), 'NOT_PAYABLE')
    const expired = await expectPosError(b.call(s, 'ticket-pay', { input: scan(t[EXPIRED]) }), 'NOT_PAYABLE')
    expect(expired.message).toMatch(/expired/)
    const coming = await sellOne('PICK3')
    await expectPosError(b.call(s, 'ticket-pay', { input: presented(b, coming._id) }), 'NOT_PAYABLE')
  })
})

describe('cancelling a ticket', () => {
  const cancel = (ticketId: string, extra: Record<string, unknown> = {}) =>
    b.call(s, 'ticket-cancel', { input: presented(b, ticketId), reason: 'sold in error', ...extra })
  const stock = (code: string) =>
    n(`SELECT SUM(remaining_stock) AS n FROM inventory WHERE lottery_id = '${b.gameId(code)}'`)

  it('cancels within the window, returns the stock and the money, and cannot cancel twice', async () => {
    const tk = await sellOne('PICK3')
    const left = stock('PICK3')
    b.clock.advance(5 * 60_000)
    const r = await cancel(tk._id)
    expect(r).toMatchObject({ price: 100, tax: 5, total_amount: 105, ticket: { status: 'cancelled' } })
    expect(stock('PICK3')).toBe(left + 1)
    expect(n("SELECT COUNT(*) AS n FROM outbox WHERE collection = 'cancellations'")).toBe(1)
    expect(n("SELECT COUNT(*) AS n FROM inventory_movements WHERE reason = 'cancel' AND quantity_delta = 1")).toBe(1)
    expect((await validate(presented(b, tk._id))).outcome).toBe('cancelled')
    const twice = await expectPosError(cancel(tk._id), 'CANCEL_NOT_ALLOWED')
    expect(twice.message).toBe('This ticket is already cancelled.')
    expect(stock('PICK3')).toBe(left + 1)
  })

  it('refuses games that do not allow it, after the window, and after the cutoff, auditing each refusal only', async () => {
    const lotto = await sellOne('LOTTO')
    const before = writes()
    expect((await expectPosError(cancel(lotto._id), 'CANCEL_NOT_ALLOWED')).message).toBe(
      'Lotto 6/49 tickets cannot be cancelled.',
    )
    const late = await sellOne('PICK3')
    const mid = writes()
    b.clock.advance(11 * 60_000)
    expect((await expectPosError(cancel(late._id), 'CANCEL_NOT_ALLOWED')).message).toMatch(/within 10 minutes of sale/)
    expect(writes()).toEqual({ ...mid, audit: mid.audit + 1, outbox: mid.outbox + 1 })
    // PICK3 draws at 13:00 New York with a 5-minute cutoff: sold 12:52, cancelled 12:56.
    b.clock.set('2026-11-21T17:52:00Z')
    const cut = await sellOne('PICK3')
    b.clock.set('2026-11-21T17:56:00Z')
    expect((await expectPosError(cancel(cut._id), 'CANCEL_NOT_ALLOWED')).message).toMatch(
      /sales for this draw have closed/,
    )
    expect(before.claims).toBe(writes().claims)
  })

  it('needs an active manager PIN above the approval amount', async () => {
    const m = await b.login('maria')
    await b.call(m, 'settings-set', { cancel_approval_threshold: 100 })
    const tk = await sellOne('PICK3')
    const users = await b.call(s, 'auth-users')
    const id = (u: string) => users.find((x) => x.username === u)!._id
    expect((await expectPosError(cancel(tk._id), 'MANAGER_APPROVAL_REQUIRED')).message).toBe(
      "Cancelling $1.05 needs a manager's PIN.",
    )
    await expectPosError(
      cancel(tk._id, { approver: { userId: id('chloe'), pin: '2222' } }),
      'MANAGER_APPROVAL_REQUIRED',
    )
    await expectPosError(cancel(tk._id, { approver: { userId: id('maria'), pin: '0000' } }), 'PIN_WRONG')
    await cancel(tk._id, { approver: { userId: id('maria'), pin: '2580' } })
    expect(b.ctx.db.prepare('SELECT approved_by FROM cancellations').get()).toEqual({ approved_by: id('maria') })
  })
})

describe('a prize the drawer cannot give', () => {
  it('is refused, nothing paid, as a pay out would be; a cashier is not told what the drawer holds', async () => {
    await b.close()
    b = testBackend({ demoHistory: true, start: '2026-11-21T15:00:00Z', float: 20_000 })
    s = await b.login('carlos')
    const before = writes()
    // $500 from a drawer that should hold $200.
    const err = await expectPosError(
      b.call(s, 'ticket-pay', { input: scan(demo()[MATCH3]), cashConfirmed: true }),
      'DRAWER_SHORT',
    )
    expect(err.message).toBe(
      '$500.00 is more than this drawer can give. Nothing was paid: ask a manager to put cash in from the safe (a pay in), then pay the prize.',
    )
    expect(writes()).toEqual({ ...before, audit: before.audit + 1, outbox: before.outbox + 1 })
    expect(b.ctx.db.prepare('SELECT action FROM audit_logs ORDER BY seq DESC LIMIT 1').get()).toEqual({
      action: 'ticket.payout_refused',
    })
    // Cash from the safe, then it is paid.
    await b.call(s, 'shift-move', { kind: 'pay_in', amount: 50_000, reason: 'prize money from the safe' })
    expect((await b.call(s, 'ticket-pay', { input: scan(demo()[MATCH3]), cashConfirmed: true })).status).toBe('paid')
  })
})

describe('cancelling a ticket of another shift', () => {
  it("needs a manager's PIN, whatever the amount: the sale's cash is in the other drawer", async () => {
    const tk = await sellOne('PICK3')
    const shift = (await b.call(s, 'shift-current')).shift!
    const paid = n("SELECT SUM(total_amount) AS n FROM sales WHERE request_id NOT LIKE 'demo-history-%'")
    // The demo's instant pack on display is counted at the close: none of it sold.
    const m = await b.login('maria')
    const books = (await b.call(m, 'pack-list', { status: 'activated' })).map((p) => ({ packId: p._id, nextTicket: 0 }))
    await b.call(s, 'shift-close', {
      shiftId: shift._id,
      count: { cash: { total: shift.opening_float + paid } },
      books,
    })
    // Chloe takes the till with her own shift; the player comes back within the window.
    const c = await b.login('chloe')
    await b.call(c, 'shift-open', { float: { total: 0 } })
    const before = writes()
    const cancel = (extra: Record<string, unknown> = {}) =>
      b.call(c, 'ticket-cancel', { input: presented(b, tk._id), reason: 'sold in error', ...extra })
    expect((await expectPosError(cancel(), 'MANAGER_APPROVAL_REQUIRED')).message).toBe(
      "This ticket was sold in another shift: its cash is in that drawer, so refunding it from this one needs a manager's PIN.",
    )
    expect(n('SELECT COUNT(*) AS n FROM cancellations')).toBe(0)
    expect(writes().won).toBe(before.won)
    const maria = (await b.call(c, 'auth-users')).find((u) => u.username === 'maria')!._id
    const r = await cancel({ approver: { userId: maria, pin: '2580' } })
    expect(r.ticket.status).toBe('cancelled')
    // The refund is counted in Chloe's shift, approved by the manager.
    const chloeShift = (await b.call(c, 'shift-current')).shift!._id
    expect(b.ctx.db.prepare('SELECT shift_id, approved_by FROM cancellations').get()).toEqual({
      shift_id: chloeShift,
      approved_by: maria,
    })
  })

  it('in the same shift, below the approval amount, the cashier cancels alone', async () => {
    const tk = await sellOne('PICK3')
    const r = await b.call(s, 'ticket-cancel', { input: presented(b, tk._id), reason: 'sold in error' })
    expect(r.ticket.status).toBe('cancelled')
  })
})

describe('responsible play and results', () => {
  it('requires the age confirmation for games that ask for it, in the backend', async () => {
    const sell = (ageConfirmed: boolean) =>
      b.call(s, 'sale-create', {
        requestId: newRequestId(),
        paymentMethod: 'cash',
        ageConfirmed,
        lines: [{ lotteryId: b.gameId('KENO'), quantity: 1 }],
      })
    const err = await expectPosError(sell(false), 'AGE_CONFIRMATION_REQUIRED')
    expect(err.message).toBe('Keno Express: confirm the player is of legal age.')
    expect((await sell(true)).tickets).toHaveLength(1)
  })

  it('caps the total of one sale', async () => {
    const m = await b.login('maria')
    await b.call(m, 'settings-set', { max_sale_amount: 1000 })
    const err = await expectPosError(
      b.call(s, 'sale-create', {
        requestId: newRequestId(),
        paymentMethod: 'cash',
        lines: [{ lotteryId: b.gameId('MEGA'), quantity: 2 }],
      }),
      'SALE_LIMIT',
    )
    expect(err.message).toBe('One sale may total at most $10.00.')
  })

  it('lists the latest draw results per game, newest first', async () => {
    const r = await b.call(s, 'draw-results', {})
    // Friday's Pick 3, Wednesday's Lotto, Tuesday's Mega Jackpot (its draw days), the old Keno.
    expect(r.map((x) => x.game_code)).toEqual(['PICK3', 'LOTTO', 'MEGA', 'KENO'])
    expect(r[0]).toMatchObject({ game_name: 'Daily Pick 3', winning_numbers: [3, 14, 27] })
  })
})

describe('possession of the ticket', () => {
  it('pays and cancels only the presented ticket: never by id, never with a wrong code', async () => {
    const t = demo()[MATCH3]
    const before = writes()
    await expectPosError(b.call(s, 'ticket-pay', { ticketId: t._id, cashConfirmed: true } as never), 'VALIDATION')
    const wrongCode = t.ticket_number + (t.validation_code === '00000000' ? '11111111' : '00000000')
    await expectPosError(b.call(s, 'ticket-pay', { input: wrongCode, cashConfirmed: true }), 'CODE_WRONG')
    const sold = await sellOne('PICK3')
    await expectPosError(
      b.call(s, 'ticket-cancel', { input: sold.ticket_number, reason: 'sold in error' }),
      'NOT_FOUND',
    )
    expect(writes().claims).toBe(before.claims)
    expect(n("SELECT COUNT(*) AS n FROM tickets WHERE status = 'cancelled'")).toBe(0)
    // With the ticket in hand, it works.
    expect((await b.call(s, 'ticket-pay', { input: scan(t), cashConfirmed: true })).status).toBe('paid')
  })
})

describe('guessing validation codes', () => {
  it('locks a ticket after five wrong codes, even for the right code, tells the managers, and unlocks with time', async () => {
    const t = demo()[MATCH3]
    const wrong = (i: number) => t.ticket_number + String((Number(t.validation_code) + 1 + i) % 1e8).padStart(8, '0')
    for (let i = 0; i < 5; i++) expect((await validate(wrong(i))).outcome).toBe('code_wrong')
    const locked = await validate(scan(t))
    expect(locked.outcome).toBe('code_wrong')
    expect(locked.message).toMatch(/Too many wrong validation codes/)
    await expectPosError(b.call(s, 'ticket-pay', { input: scan(t), cashConfirmed: true }), 'CODE_WRONG')
    expect(n("SELECT COUNT(*) AS n FROM notifications WHERE type = 'compliance'")).toBe(1)
    // Setting the computer's clock forward does not help; real time passing does.
    b.clock.set('2026-11-21T18:00:00Z')
    expect((await validate(scan(t))).outcome).toBe('code_wrong')
    b.clock.advance(61_000)
    expect((await validate(scan(t))).outcome).toBe('winner')
  })

  it("locks a user's checks after ten wrong codes across tickets", async () => {
    const [a, c] = [demo()[MATCH2], demo()[LOSER]]
    const bad = (t: Demo, i: number) =>
      t.ticket_number + String((Number(t.validation_code) + 1 + i) % 1e8).padStart(8, '0')
    for (let i = 0; i < 4; i++) await validate(bad(a, i))
    for (let i = 0; i < 4; i++) await validate(bad(c, i))
    for (let i = 0; i < 2; i++) await validate(bad(demo()[LOTTO5], i))
    expect((await validate(scan(demo()[EXPIRED]))).message).toMatch(/Too many wrong validation codes/)
    // Another cashier is not held up.
    const other = await b.login('chloe', 'other')
    expect((await b.call(other, 'ticket-validate', { input: scan(demo()[EXPIRED]) })).outcome).toBe('expired')
  })
})

import { dayDocument } from '../../shared/report-doc'
import { instantCode } from '../../shared/instant'
import { afterEach, describe, expect, it } from 'vitest'
import type { PaymentMethod } from '../../shared/contract'
import { expectPosError, newRequestId, presented, testBackend, type TestBackend } from '../../tests/support/backend'
import { startFakePrinter, type FakePrinter } from '../../tests/support/fake-printer'
import { EPSON_DRAWER_PULSE } from '../printing/escpos'
import { shiftTotals } from './repo'

let b: TestBackend
const printers: FakePrinter[] = []
afterEach(async () => {
  await b?.cleanup()
  await Promise.all(printers.splice(0).map((p) => p.close()))
})

const id = (username: string) =>
  (b.ctx.db.prepare('SELECT _id FROM users WHERE username = ?').get(username) as { _id: string })._id
const n = (sql: string, ...args: unknown[]) => (b.ctx.db.prepare(sql).get(...args) as { n: number }).n
/** Every table the cash office writes: a refusal leaves each as it was. */
const writes = () => ({
  shifts: n('SELECT COUNT(*) AS n FROM shifts'),
  changed: n('SELECT COUNT(*) AS n FROM shifts WHERE status <> ?', 'open'),
  movements: n('SELECT COUNT(*) AS n FROM shift_movements'),
  reports: n('SELECT COUNT(*) AS n FROM reports'),
  sales: n('SELECT COUNT(*) AS n FROM sales'),
  outbox: n('SELECT COUNT(*) AS n FROM outbox'),
  audit: n('SELECT COUNT(*) AS n FROM audit_logs'),
  drafts: n('SELECT COUNT(*) AS n FROM shifts WHERE count_draft IS NOT NULL'),
})
const manager = () => ({ userId: id('maria'), pin: '2580' })

async function sell(s: string, code: string, quantity: number, paymentMethod: PaymentMethod = 'cash') {
  return b.call(s, 'sale-create', {
    requestId: newRequestId(),
    paymentMethod,
    confirmed: true,
    ageConfirmed: true,
    lines: [{ lotteryId: b.gameId(code), quantity }],
  })
}

/** A counter with no shift open, Carlos logged in: what a terminal looks like in the morning. */
async function morning(opts: { demoHistory?: boolean } = {}) {
  b = testBackend({ shift: false, start: '2026-11-21T15:00:00Z', ...opts })
  return b.login('carlos')
}

const demoWinner = () =>
  (
    b.ctx.db
      .prepare(
        "SELECT t._id FROM tickets t JOIN sales s ON s._id = t.sale_id WHERE s.request_id LIKE 'demo-history-%' ORDER BY t.ticket_number LIMIT 1 OFFSET 1",
      )
      .get() as { _id: string }
  )._id

describe('opening a shift', () => {
  it('is needed to sell, pay or cancel, and opens with a float typed or counted by denomination', async () => {
    const s = await morning({ demoHistory: true })
    const before = writes()
    await expectPosError(sell(s, 'PICK3', 1), 'NO_SHIFT')
    await expectPosError(b.call(s, 'ticket-pay', { input: presented(b, demoWinner()) }), 'NO_SHIFT')
    expect(writes()).toEqual(before)

    const current = await b.call(s, 'shift-current')
    expect(current).toMatchObject({ shift: null, may_open: true })
    expect(current.denominations[0]).toEqual({ key: 'bill:10000', value: 10000, kind: 'bill' })

    // 2 x $20 + 5 x $5 + 4 quarters: $66.00.
    const view = await b.call(s, 'shift-open', { float: { pieces: { 'bill:2000': 2, 'bill:500': 5, 'coin:25': 4 } } })
    expect(view).toMatchObject({ status: 'open', opening_float: 6600, mine: true, may_sell: true })
    expect(view.business_day).toBe('2026-11-21')
    const sale = await sell(s, 'PICK3', 2)
    expect(n('SELECT COUNT(*) AS n FROM sales WHERE shift_id = ?', view._id)).toBe(1)
    expect(sale.total_amount).toBeGreaterThan(0)
    // The shift went to central with the float's count, in the transaction that opened it.
    const queued = JSON.parse(
      (b.ctx.db.prepare("SELECT payload FROM outbox WHERE collection = 'shifts'").get() as { payload: string }).payload,
    )
    expect(queued).toMatchObject({
      _id: view._id,
      opening_float: 6600,
      status: 'open',
      opening_count: { pieces: { 'bill:2000': 2 } },
    })
  })

  it('refuses a bad float with a clear message and writes nothing', async () => {
    const s = await morning()
    const before = writes()
    for (const float of [
      { total: -100 },
      { total: 12.5 },
      { total: 1e12 },
      { pieces: { 'bill:2000': -1 } },
      { pieces: { 'bill:2000': 1.5 } },
      { pieces: { 'bill:2000': 1_000_000 } },
      { pieces: { 'bill:hello': 1 } },
    ])
      await expectPosError(b.call(s, 'shift-open', { float } as never), 'VALIDATION')
    // A well-formed key that is no bill or coin of the store's currency.
    const odd = await expectPosError(b.call(s, 'shift-open', { float: { pieces: { 'bill:300': 1 } } }), 'COUNT_INVALID')
    expect(odd.message).toMatch(/bill:300 is not a USD bill or coin/)
    expect(writes()).toEqual(before)
  })

  it('one drawer, one shift: another cashier cannot open or sell in it; a manager covers in it', async () => {
    const s = await morning()
    await b.call(s, 'shift-open', { float: { total: 10_000 } })
    const chloe = await b.login('chloe')
    const before = writes()
    await expectPosError(b.call(chloe, 'shift-open', { float: { total: 0 } }), 'SHIFT_ALREADY_OPEN')
    const notYours = await expectPosError(sell(chloe, 'PICK3', 1), 'SHIFT_NOT_YOURS')
    expect(notYours.message).toMatch(/Carlos Cashier's/)
    expect(await b.call(chloe, 'shift-current')).toMatchObject({
      may_open: false,
      shift: { mine: false, may_sell: false },
    })
    expect(writes()).toEqual(before)
    const m = await b.login('maria')
    const sale = await sell(m, 'PICK3', 1)
    expect(
      b.ctx.db.prepare('SELECT shift_id, user_id FROM sales WHERE transaction_id = ?').get(sale.transaction_id),
    ).toEqual({
      shift_id: (await b.call(s, 'shift-current')).shift!._id,
      user_id: id('maria'),
    })
  })
})

describe('during the shift', () => {
  it('attributes every sale, payout, refund and movement to the shift, and the X report adds them up', async () => {
    const s = await morning({ demoHistory: true })
    const shift = await b.call(s, 'shift-open', { float: { total: 10_000 } })
    const cash = await sell(s, 'PICK3', 2)
    await sell(s, 'LOTTO', 1, 'card')
    // The $5 demo winner, paid in cash.
    const paid = await b.call(s, 'ticket-pay', { input: presented(b, demoWinner()) })
    expect(paid.status).toBe('paid')
    const refund = await b.call(s, 'ticket-cancel', {
      input: presented(b, cash.tickets[0]._id),
      reason: 'sold in error',
    })
    await b.call(s, 'shift-move', { kind: 'pay_in', amount: 5_000, reason: 'change from the safe' })
    await b.call(s, 'shift-move', { kind: 'pay_out', amount: 2_000, reason: 'window cleaner' })
    await b.call(s, 'shift-move', { kind: 'drop', amount: 3_000, reason: 'to the safe' })
    // In the shift, each in the transaction that wrote it (the demo's history has its own past shifts).
    expect(n('SELECT COUNT(*) AS n FROM sales WHERE shift_id = ?', shift._id)).toBe(2)
    expect(n("SELECT COUNT(*) AS n FROM winning_claims WHERE shift_id = ? AND source = 'local'", shift._id)).toBe(1)
    expect(n('SELECT COUNT(*) AS n FROM cancellations WHERE shift_id = ?', shift._id)).toBe(1)
    expect(n('SELECT COUNT(*) AS n FROM shift_movements WHERE shift_id = ?', shift._id)).toBe(3)

    // The cashier never sees what the drawer should hold while the shift is open.
    const view = (await b.call(s, 'shift-current')).shift!
    expect(JSON.stringify(view)).not.toMatch(/expected/)
    await expectPosError(b.call(s, 'shift-x-report'), 'FORBIDDEN')

    const m = await b.login('maria')
    const x = await b.call(m, 'shift-x-report')
    const lotto = x.totals.by_game.find((g) => g.code === 'LOTTO')!
    expect(x.totals).toMatchObject({
      sales: { transactions: 2, tickets: 3, amount: cash.total_amount + lotto.amount },
      cancellations: { count: 1, amount: refund.total_amount, by_method: { cash: refund.total_amount, card: 0 } },
      payouts: { count: 1, amount: paid.amount },
      opening_float: 10_000,
      pay_in: 5_000,
      pay_out: 2_000,
      drops: 3_000,
    })
    expect(x.totals.expected.cash).toBe(
      10_000 + cash.total_amount - refund.total_amount - paid.amount + 5_000 - 2_000 - 3_000,
    )
    expect(x.totals.expected.card).toBe(lotto.amount)
    expect(x.svg).toMatch(/X REPORT/)
    expect(x.movements.map((mv) => [mv.kind, mv.amount, mv.reason])).toEqual([
      ['pay_in', 5_000, 'change from the safe'],
      ['pay_out', 2_000, 'window cleaner'],
      ['drop', 3_000, 'to the safe'],
    ])
    // A cashier's no sale is refused; a manager's is recorded with its reason.
    await expectPosError(b.call(s, 'shift-no-sale', { reason: 'jammed coin' }), 'FORBIDDEN')
    expect((await b.call(m, 'shift-no-sale', { reason: 'jammed coin' })).movement).toMatchObject({
      kind: 'no_sale',
      amount: 0,
    })
    expect(
      n(
        "SELECT COUNT(*) AS n FROM audit_logs WHERE action IN ('shift.pay_in','shift.pay_out','shift.drop','shift.no_sale')",
      ),
    ).toBe(4)
  })

  it('refuses a pay out or drop larger than the drawer should hold, telling only a manager the figure', async () => {
    const s = await morning()
    await b.call(s, 'shift-open', { float: { total: 5_000 } })
    const before = writes()
    const e = await expectPosError(
      b.call(s, 'shift-move', { kind: 'pay_out', amount: 5_001, reason: 'supplier' }),
      'DRAWER_SHORT',
    )
    // The cashier counts blind: no figure in the words or the details.
    expect(e.message).toMatch(/\$50\.01 is more than this drawer can give/)
    expect(e.message).not.toMatch(/50\.00/)
    expect(e.details).toBeUndefined()
    await expectPosError(
      b.call(s, 'shift-move', { kind: 'drop', amount: 9_000, reason: 'to the safe' }),
      'DRAWER_SHORT',
    )
    await expectPosError(b.call(s, 'shift-move', { kind: 'pay_out', amount: 0, reason: 'nothing' }), 'VALIDATION')
    await expectPosError(b.call(s, 'shift-move', { kind: 'pay_out', amount: 100, reason: '' }), 'VALIDATION')
    // Printer commands in a reason are refused (and would print as '?' anyway).
    await expectPosError(
      b.call(s, 'shift-move', { kind: 'pay_in', amount: 100, reason: 'tip\u001bp\u0000 jar' }),
      'VALIDATION',
    )
    // No movement, nothing for central but the two refusals on the audit trail, for a manager to see any probing.
    const after = writes()
    expect({ ...after, audit: before.audit, outbox: before.outbox }).toEqual(before)
    expect(after.audit - before.audit).toBe(2)
    expect(
      b.ctx.db.prepare("SELECT action FROM audit_logs WHERE action LIKE 'shift.%_refused' ORDER BY seq").all(),
    ).toEqual([{ action: 'shift.pay_out_refused' }, { action: 'shift.drop_refused' }])
    // A manager is told what the drawer should hold.
    const m = await b.login('maria')
    const told = await expectPosError(
      b.call(m, 'shift-move', { kind: 'pay_out', amount: 5_001, reason: 'supplier' }),
      'DRAWER_SHORT',
    )
    expect(told.message).toMatch(/should hold \$50\.00/)
    await b.call(s, 'shift-move', { kind: 'pay_out', amount: 5_000, reason: 'supplier' })
  })

  it('opens the drawer for cash sales, payouts, refunds and movements, never for a card sale', async () => {
    const s = await morning({ demoHistory: true })
    const m = await b.login('maria')
    const p = await startFakePrinter({ mode: 'ok' })
    printers.push(p)
    await b.call(m, 'printer-set', { uri: p.uri, timeout_ms: 2000 })
    await b.call(s, 'shift-open', { float: { total: 10_000 } })
    const pulses = () => p.jobs().map((j) => j.includes(EPSON_DRAWER_PULSE))

    await sell(s, 'PICK3', 2)
    await b.printer.idle()
    // Two tickets, two jobs: the drawer opens with the first, once.
    expect(pulses()).toEqual([true, false])
    await sell(s, 'LOTTO', 1, 'card')
    await b.printer.idle()
    expect(pulses().slice(2)).toEqual([false])
    await b.call(s, 'ticket-pay', { input: presented(b, demoWinner()) })
    await b.call(s, 'shift-move', { kind: 'pay_in', amount: 100, reason: 'change' })
    expect(pulses().slice(3)).toEqual([true, true])
    expect(p.jobs()[4].toString('latin1')).toMatch(/PAY IN/)
  })
})

describe('closing with a blind count', () => {
  it('shows expected and counted only after the count, closes within the tolerance, and prints a Z numbered per terminal', async () => {
    const s = await morning()
    const m = await b.login('maria')
    const p = await startFakePrinter({ mode: 'ok' })
    printers.push(p)
    await b.call(m, 'printer-set', { uri: p.uri, timeout_ms: 2000 })
    const shift = await b.call(s, 'shift-open', { float: { total: 10_000 } })
    const sale = await sell(s, 'PICK3', 1)
    const card = await sell(s, 'LOTTO', 1, 'card')
    await b.printer.idle()

    // The count typed so far is kept (a crash, a reload), then submitted.
    const draft = { cash: { pieces: { 'bill:10000': 1 } }, card: card.total_amount, wallet: 0 }
    await b.call(s, 'shift-count-save', { shiftId: shift._id, count: draft })
    expect((await b.call(s, 'shift-current')).shift!.draft).toEqual(draft)

    const expectedCash = 10_000 + sale.total_amount
    // $1 short: within the $2 tolerance.
    const r = await b.call(s, 'shift-close', {
      shiftId: shift._id,
      count: { cash: { total: expectedCash - 100 }, card: card.total_amount },
    })
    if (r.status !== 'closed') throw new Error('expected the shift to close')
    expect(r.reconciliation).toMatchObject({
      expected: { cash: expectedCash, card: card.total_amount, wallet: 0 },
      counted: { cash: expectedCash - 100 },
      over_short: -100,
      needs_sign_off: false,
    })
    expect(r.report).toMatchObject({ kind: 'z', z_number: 1 })
    expect(r.receipt.printed).toBe(true)
    expect(p.received().toString('latin1')).toMatch(/Z REPORT 1/)
    expect(r.receipt.svg).toMatch(/SHORT \$1\.00/)

    // Stored, immutable, closed for good: a second close, a sale, a movement are refused.
    const stored = await b.call(s, 'report-z', { shiftId: shift._id })
    expect(stored.totals).toEqual(r.report.totals)
    expect(stored.svg).toMatch(/COPY/)
    await expectPosError(
      b.call(s, 'shift-close', { shiftId: shift._id, count: { cash: { total: 0 } } }),
      'SHIFT_CLOSED',
    )
    await expectPosError(sell(s, 'PICK3', 1), 'NO_SHIFT')
    expect(() => b.ctx.db.prepare('UPDATE shifts SET over_short = 0 WHERE _id = ?').run(shift._id)).toThrow(
      /closed shift cannot change/,
    )
    expect(() => b.ctx.db.prepare('UPDATE reports SET body = ?').run('{}')).toThrow(/never changes/)
    expect(() => b.ctx.db.prepare('DELETE FROM shifts').run()).toThrow(/never deleted/)

    // The next shift's Z is number 2.
    const next = await b.call(s, 'shift-open', { float: { total: 0 } })
    const r2 = await b.call(s, 'shift-close', { shiftId: next._id, count: { cash: { total: 0 } } })
    expect(r2).toMatchObject({ status: 'closed', report: { z_number: 2 } })
  })

  it('beyond the tolerance waits for a manager: a wrong PIN changes nothing, the right one and a note close it', async () => {
    const s = await morning()
    const shift = await b.call(s, 'shift-open', { float: { total: 10_000 } })
    await sell(s, 'PICK3', 1)
    const r = await b.call(s, 'shift-close', { shiftId: shift._id, count: { cash: { total: 9_000 } } })
    if (r.status !== 'counted') throw new Error('expected a sign-off to be needed')
    expect(r.reconciliation.needs_sign_off).toBe(true)
    expect(r.reconciliation.over_short).toBeLessThan(-200)
    // Another cashier is not told what this drawer should have held.
    const chloe = await b.login('chloe')
    expect((await b.call(chloe, 'shift-current')).shift).toMatchObject({ status: 'counted', reconciliation: null })
    // Counted: the count is fixed and nothing more goes into the shift.
    await expectPosError(sell(s, 'PICK3', 1), 'SHIFT_COUNTED')
    await expectPosError(
      b.call(s, 'shift-close', { shiftId: shift._id, count: { cash: { total: 99_999 } } }),
      'SHIFT_COUNTED',
    )
    expect(() => b.ctx.db.prepare('UPDATE shifts SET counted_cash = 1').run()).toThrow(/can only be closed/)

    const before = writes()
    await expectPosError(
      b.call(s, 'shift-sign-off', {
        shiftId: shift._id,
        approver: { userId: id('maria'), pin: '0000' },
        note: 'miscount',
      }),
      'PIN_WRONG',
    )
    await expectPosError(
      b.call(s, 'shift-sign-off', {
        shiftId: shift._id,
        approver: { userId: id('chloe'), pin: '2222' },
        note: 'miscount',
      }),
      'MANAGER_APPROVAL_REQUIRED',
    )
    await expectPosError(
      b.call(s, 'shift-sign-off', { shiftId: shift._id, approver: manager(), note: '' }),
      'VALIDATION',
    )
    // Nothing of the shift changed; the one record is the wrong PIN itself, on the audit trail (and for central).
    const after = writes()
    expect({ ...after, audit: before.audit, outbox: before.outbox }).toEqual(before)
    expect(after.audit - before.audit).toBe(1)
    expect(b.ctx.db.prepare('SELECT action FROM audit_logs ORDER BY seq DESC LIMIT 1').get()).toEqual({
      action: 'auth.approve_failed',
    })

    const closed = await b.call(s, 'shift-sign-off', {
      shiftId: shift._id,
      approver: manager(),
      note: 'a $10 note was short-changed',
    })
    expect(closed).toMatchObject({
      status: 'closed',
      report: { signed_off_by: 'Maria Manager', note: 'a $10 note was short-changed' },
    })
    const pushed = b.ctx.db
      .prepare("SELECT collection, op FROM outbox WHERE collection IN ('shifts','reports') ORDER BY seq")
      .all()
    expect(pushed).toEqual([
      { collection: 'shifts', op: 'insert' },
      { collection: 'shifts', op: 'update' },
      { collection: 'reports', op: 'insert' },
    ])
    // Signed off is explained, not balanced: the day says so, and how many drawers were off.
    const m = await b.login('maria')
    expect(await b.call(m, 'report-day', {})).toMatchObject({
      balanced: false,
      signed_off_differences: 1,
      open_shifts: 0,
    })
    // A drawer within the tolerance the next shift: the day still did not balance.
    const next = await b.call(s, 'shift-open', { float: { total: 0 } })
    await b.call(s, 'shift-close', { shiftId: next._id, count: { cash: { total: 0 } } })
    expect(await b.call(m, 'report-day', {})).toMatchObject({ balanced: false, signed_off_differences: 1 })
    // A tolerance raised afterwards does not turn the past difference into a balanced day.
    await b.call(m, 'settings-set', { over_short_tolerance: 100_000 })
    expect(await b.call(m, 'report-day', {})).toMatchObject({ balanced: false, cash_balanced: false })
  })

  it('a manager never signs off their own shortage while another manager can; the only manager may, flagged', async () => {
    b = testBackend({ shift: false, start: '2026-11-21T15:00:00Z' })
    // The demo's admin away: Maria is the one manager-level user.
    b.ctx.db.prepare("UPDATE users SET status = 'inactive' WHERE username = 'alex'").run()
    const m = await b.login('maria')
    const countShort = async () => {
      const shift = await b.call(m, 'shift-open', { float: { total: 10_000 } })
      expect((await b.call(m, 'shift-close', { shiftId: shift._id, count: { cash: { total: 5_000 } } })).status).toBe(
        'counted',
      )
      return shift
    }
    // Maria is the store's only manager: a one-manager store is never stuck. It is flagged for compliance.
    const alone = await countShort()
    expect((await b.call(m, 'shift-current')).shift!.sign_off_excluded).toEqual([])
    const closed = await b.call(m, 'shift-sign-off', { shiftId: alone._id, approver: manager(), note: 'I lost it' })
    expect(closed).toMatchObject({ status: 'closed', report: { note: expect.stringMatching(/only manager/) } })
    expect(
      b.ctx.db.prepare("SELECT title FROM notifications WHERE type = 'compliance' ORDER BY created_at, _id").all(),
    ).toEqual([
      { title: expect.stringMatching(/waits for a sign-off/) },
      { title: expect.stringMatching(/signed off by its own manager/) },
    ])
    // The alert that asked for the sign-off is answered by it: read, and so queued for central; the flag stays.
    expect(
      b.ctx.db
        .prepare("SELECT title, is_read FROM notifications WHERE type = 'compliance' ORDER BY created_at, _id")
        .all(),
    ).toEqual([
      { title: expect.stringMatching(/waits for a sign-off/), is_read: 1 },
      { title: expect.stringMatching(/signed off by its own manager/), is_read: 0 },
    ])
    expect(
      b.ctx.db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE collection = 'notifications' AND op = 'update'").get(),
    ).toEqual({ n: 1 })
    // With a second manager (same PIN, for the test), Maria may not sign off her own; Max may.
    const maria = b.ctx.db.prepare("SELECT * FROM users WHERE username = 'maria'").get() as Record<string, unknown>
    b.ctx.db
      .prepare(
        `INSERT INTO users (_id, name, email, role, username, password_hash, store_id, status, permissions, created_at, updated_at)
         VALUES ('00000000000000000000abcd', 'Max Manager', 'max@demo.invalid', 'manager', 'max', ?, ?, 'active', '[]', ?, ?)`,
      )
      .run(maria.password_hash, maria.store_id, maria.created_at, maria.created_at)
    const own = await countShort()
    expect((await b.call(m, 'shift-current')).shift!.sign_off_excluded).toEqual([id('maria')])
    const refused = await expectPosError(
      b.call(m, 'shift-sign-off', { shiftId: own._id, approver: manager(), note: 'I lost it' }),
      'MANAGER_APPROVAL_REQUIRED',
    )
    expect(refused.message).toMatch(/another manager/)
    expect(b.ctx.db.prepare('SELECT status FROM shifts WHERE _id = ?').get(own._id)).toEqual({ status: 'counted' })
    expect(
      await b.call(m, 'shift-sign-off', {
        shiftId: own._id,
        approver: { userId: '00000000000000000000abcd', pin: '2580' },
        note: 'recounted with Max: a $50 note in the coin tray',
      }),
    ).toMatchObject({ status: 'closed', report: { signed_off_by: 'Max Manager' } })
  })

  it('refuses a day that does not exist or is out of reach', async () => {
    const s = await morning()
    const m = await b.login('maria')
    for (const day of ['2026-02-30', '2023-02-29', '1999-12-31', '2101-01-01', '0050-01-01', '2026-13-01'])
      await expectPosError(b.call(m, 'report-day', { day }), 'VALIDATION')
    await expectPosError(b.call(m, 'report-settlement', { weekOf: '9999-12-31' }), 'VALIDATION')
    expect((await b.call(m, 'report-day', { day: '2024-02-29' })).business_day).toBe('2024-02-29')
    void s
  })

  it("refuses a bad count and someone else's shift, writing nothing", async () => {
    const s = await morning()
    const shift = await b.call(s, 'shift-open', { float: { total: 1_000 } })
    const chloe = await b.login('chloe')
    const before = writes()
    for (const count of [
      { cash: { total: -1 } },
      { cash: { total: 0.5 } },
      { cash: { pieces: { 'coin:25': 99_999 } } },
      { cash: { total: 0 }, card: -5 },
    ])
      await expectPosError(b.call(s, 'shift-close', { shiftId: shift._id, count } as never), 'VALIDATION')
    await expectPosError(
      b.call(s, 'shift-close', { shiftId: shift._id, count: { cash: { pieces: { 'coin:3': 1 } } } }),
      'COUNT_INVALID',
    )
    const other = await expectPosError(
      b.call(chloe, 'shift-close', { shiftId: shift._id, count: { cash: { total: 1_000 } } }),
      'SHIFT_NOT_YOURS',
    )
    expect(other.message).toMatch(/only they or a manager/)
    await expectPosError(
      b.call(chloe, 'shift-count-save', { shiftId: shift._id, count: { cash: { total: 1 } } }),
      'SHIFT_NOT_YOURS',
    )
    expect(writes()).toEqual(before)
    // A manager may close anyone's.
    const m = await b.login('maria')
    expect(await b.call(m, 'shift-close', { shiftId: shift._id, count: { cash: { total: 1_000 } } })).toMatchObject({
      status: 'closed',
    })
  })

  it('a sale racing the close lands in the shift, and its Z counts it; after the close it is refused', async () => {
    const s = await morning()
    const shift = await b.call(s, 'shift-open', { float: { total: 0 } })
    const args = {
      requestId: newRequestId(),
      paymentMethod: 'cash' as const,
      lines: [{ lotteryId: b.gameId('PICK3'), quantity: 1 }],
    }
    const [sale, close] = await Promise.all([
      b.call(s, 'sale-create', args),
      b.call(s, 'shift-close', { shiftId: shift._id, count: { cash: { total: 0 } } }),
    ])
    expect(close.reconciliation.expected.cash).toBe(sale.total_amount)
    const late = await b.dispatcher.dispatch(s, 'sale-create', { ...args, requestId: newRequestId() })
    expect(late).toMatchObject({
      ok: false,
      error: { code: close.status === 'closed' ? 'NO_SHIFT' : 'SHIFT_COUNTED' },
    })
    expect(n('SELECT COUNT(*) AS n FROM sales WHERE shift_id IS NULL')).toBe(0)
  })
})

describe('book counts of instant packs', () => {
  it('counts every activated pack at the close, shows the tickets gone without a sale on the Z, and audits them', async () => {
    const s = await morning({ demoHistory: true })
    const m = await b.login('maria')
    const shift = await b.call(s, 'shift-open', { float: { total: 0 } })
    const [pack] = await b.call(m, 'pack-list', { status: 'activated' })
    // Tickets 000-002 sold at the counter ($5 each, 5% tax).
    for (const t of [0, 1, 2])
      await b.call(s, 'sale-create', {
        requestId: newRequestId(),
        paymentMethod: 'cash',
        lines: [{ instant: instantCode(pack.game_number, pack.pack_number, t) }],
      })
    const cash = 3 * 525
    const close = (nextTicket: number | null, packId = pack._id) =>
      b.call(s, 'shift-close', {
        shiftId: shift._id,
        count: { cash: { total: cash } },
        books: nextTicket === null ? [] : [{ packId, nextTicket }],
      })
    const before = n('SELECT COUNT(*) AS n FROM book_counts')
    expect((await expectPosError(close(null), 'COUNT_INVALID')).message).toMatch(/Cash Blast 100001 has no next ticket/)
    expect((await expectPosError(close(61), 'COUNT_INVALID')).message).toMatch(/at most 60/)
    // Ticket 002 was sold: a count at or below it would hide tickets.
    expect((await expectPosError(close(2), 'COUNT_INVALID')).message).toMatch(/next ticket is at least 003/)
    await expectPosError(close(5, shift._id), 'COUNT_INVALID')
    await expectPosError(close(-1), 'VALIDATION')
    expect(n('SELECT COUNT(*) AS n FROM book_counts')).toBe(before)
    expect(n("SELECT COUNT(*) AS n FROM shifts WHERE status = 'open'")).toBe(1)

    // The next ticket is 005: 000-004 left the pack, 3 were sold, 2 are missing.
    const r = await close(5)
    expect(r.status).toBe('closed')
    if (r.status !== 'closed') return
    expect(r.report.books).toEqual([
      expect.objectContaining({ pack_number: '100001', next_ticket: 5, sold: 3, missing: 2, ticket_price: 500 }),
    ])
    expect(r.report.totals.by_game).toContainEqual(expect.objectContaining({ code: 'BLAST', tickets: 3, amount: cash }))
    expect(
      b.ctx.db.prepare("SELECT description FROM audit_logs WHERE action = 'pack.book_count'").pluck().all(),
    ).toEqual(['book count: Cash Blast 100001 2 missing'])
    // The paper prints them, and the stored Z has them.
    expect(r.receipt.svg).toContain('MISSING x2')
    expect(r.receipt.svg).toContain('next 005')
    expect((await b.call(m, 'report-z', { shiftId: shift._id })).books).toEqual(r.report.books)
    // The drawer is right, but two $5 tickets left the pack unsold: the day did not balance, and says why.
    expect(await b.call(m, 'report-day', {})).toMatchObject({
      over_short: 0,
      balanced: false,
      instant_missing: {
        tickets: 2,
        value: 1000,
        recovered: 0,
        packs: [{ game_name: 'Cash Blast', pack_number: '100001', ticket_price: 500, missing: 2 }],
      },
    })

    // The next shift: the 2 missing are not counted again; a count below the last is refused.
    const next = await b.call(s, 'shift-open', { float: { total: 0 } })
    const again = (nextTicket: number) =>
      b.call(s, 'shift-close', {
        shiftId: next._id,
        count: { cash: { total: 0 } },
        books: [{ packId: pack._id, nextTicket }],
      })
    expect((await expectPosError(again(4), 'COUNT_INVALID')).message).toMatch(/at ticket 5 at the last count/)
    const r2 = await again(6)
    expect(r2.status === 'closed' && r2.report.books[0]).toMatchObject({ next_ticket: 6, sold: 3, missing: 1 })
    // The day adds its counts up: 3 gone unsold over the two shifts, and its document (the PDF) names them.
    const day = await b.call(m, 'report-day', {})
    expect(day.instant_missing).toMatchObject({ tickets: 3, value: 1500 })
    const doc = dayDocument(day)
    expect(doc.scope).toMatch(/^NOT balanced/)
    expect(doc.kpis.find((k) => k.id === 'instant_missing')?.value).toBe(3)
    expect(doc.tables.find((t) => t.id === 'instant_missing')?.rows).toEqual([['Cash Blast', '100001', 3, 1500]])

    // The next day the three turn up in the dispenser and are sold: that day balances, and says what it found.
    const firstDay = day.business_day
    b.clock.advance(24 * 3600_000)
    const third = await b.call(s, 'shift-open', { float: { total: 0 } })
    for (const t of [3, 4, 5])
      await b.call(s, 'sale-create', {
        requestId: newRequestId(),
        paymentMethod: 'cash',
        lines: [{ instant: instantCode(pack.game_number, pack.pack_number, t) }],
      })
    const r3 = await b.call(s, 'shift-close', {
      shiftId: third._id,
      count: { cash: { total: 3 * 525 } },
      books: [{ packId: pack._id, nextTicket: 6 }],
    })
    expect(r3.status === 'closed' && r3.report.books[0]).toMatchObject({ next_ticket: 6, sold: 6, missing: -3 })
    const found = await b.call(m, 'report-day', {})
    expect(found.business_day).not.toBe(firstDay)
    expect(found).toMatchObject({
      balanced: true,
      cash_balanced: true,
      instant_missing: { tickets: 0, value: 0, recovered: 3, packs: [expect.objectContaining({ missing: -3 })] },
    })
    // The first day's verdict stands: its count had them gone.
    expect(await b.call(m, 'report-day', { day: firstDay })).toMatchObject({ balanced: false, cash_balanced: true })
  })
})

describe('end of day and the lottery week', () => {
  it('tells the packs reported stolen in the day and in the week, apart from the figures, and on paper', async () => {
    const s = await morning({ demoHistory: true })
    const m = await b.login('maria')
    const shift = await b.call(s, 'shift-open', { float: { total: 0 } })
    const [onSale] = await b.call(m, 'pack-list', { status: 'activated' })
    // Two tickets of the pack on display sold, two gone without a sale at the book count, the cash square.
    for (const t of [0, 1])
      await b.call(s, 'sale-create', {
        requestId: newRequestId(),
        paymentMethod: 'cash',
        lines: [{ instant: instantCode(onSale.game_number, onSale.pack_number, t) }],
      })
    await b.call(s, 'shift-close', {
      shiftId: shift._id,
      count: { cash: { total: 2 * 525 } },
      books: [{ packId: onSale._id, nextTicket: 4 }],
    })
    const clean = await b.call(m, 'report-day', {})
    expect(clean).toMatchObject({
      balanced: false,
      cash_balanced: true,
      instant_missing: { tickets: 2 },
      packs_stolen: { tickets: 0, value: 0, packs: [] },
    })
    const cleanWeek = await b.call(m, 'report-settlement', {})
    // A pack delivered and not yet activated goes, then the one on sale: reported with their reasons.
    const delivered = await b.call(s, 'pack-receive', { label: instantCode(onSale.game_number, '200001') })
    b.clock.advance(60_000)
    await b.call(m, 'pack-move', { packId: delivered._id, to: 'stolen', note: 'police report 4411' })
    await b.call(m, 'report-day-close', { day: '2026-11-21' })
    b.clock.advance(60_000)
    await b.call(m, 'pack-move', { packId: onSale._id, to: 'stolen', note: 'taken from the dispenser' })

    const day = await b.call(m, 'report-day', {})
    // The pack on display had 60: 2 sold, 2 already missing at the count (the day has those), 56 left when it went.
    expect(day.packs_stolen).toEqual({
      tickets: 60 + 56,
      value: (60 + 56) * 500,
      packs: [
        {
          game_name: 'Cash Blast',
          pack_number: '200001',
          tickets: 60,
          value: 30_000,
          activated: false,
          reported_at: '2026-11-21T15:01:00.000Z',
          note: 'police report 4411',
        },
        {
          game_name: 'Cash Blast',
          pack_number: onSale.pack_number,
          tickets: 56,
          value: 28_000,
          activated: true,
          reported_at: '2026-11-21T15:02:00.000Z',
          note: 'taken from the dispenser',
        },
      ],
    })
    // Not a difference of the day and not in the lottery's figures: those are what they were.
    expect(day).toMatchObject({
      balanced: false,
      cash_balanced: true,
      instant_missing: clean.instant_missing,
      lottery_cash_due: clean.lottery_cash_due,
      net_sales: clean.net_sales,
      over_short: 0,
    })
    // The day report stored before the second pack went says what changed.
    expect(day.stored?.changed).toEqual([{ figure: 'stolen', then: 30_000, now: 58_000 }])
    expect(day.svg).toContain('PACKS REPORTED STOLEN')
    expect(day.svg).toContain('Cash Blast 200001')
    // The PDF: a figure apart, and a table with the reason given.
    const doc = dayDocument(day)
    expect(doc.kpis.find((k) => k.id === 'packs_stolen_value')?.value).toBe(58_000)
    expect(doc.tables.find((t) => t.id === 'packs_stolen')?.rows).toEqual([
      ['Cash Blast', '200001', 60, 30_000, 'not activated', 'police report 4411'],
      ['Cash Blast', onSale.pack_number, 56, 28_000, 'on sale', 'taken from the dispenser'],
    ])
    const week = await b.call(m, 'report-settlement', {})
    expect(week.packs_stolen).toEqual(day.packs_stolen)
    expect(week.total).toEqual(cleanWeek.total)
    expect(week.svg).toContain('PACKS REPORTED STOLEN')
    // The day before had none; the week after has none.
    expect((await b.call(m, 'report-day', { day: '2026-11-20' })).packs_stolen?.packs).toEqual([])
    expect((await b.call(m, 'report-settlement', { weekOf: '2026-11-30' })).packs_stolen?.packs).toEqual([])
  })

  it('adds up every shift of the day, stores the day report and tells the managers', async () => {
    const s = await morning({ demoHistory: true })
    const m = await b.login('maria')
    const first = await b.call(s, 'shift-open', { float: { total: 10_000 } })
    const a = await sell(s, 'PICK3', 2)
    await b.call(s, 'ticket-pay', { input: presented(b, demoWinner()) })
    // The demo's instant pack on display is counted at each close: none of it sold, none gone.
    const books = (await b.call(m, 'pack-list', { status: 'activated' })).map((p) => ({ packId: p._id, nextTicket: 0 }))
    await b.call(s, 'shift-close', {
      shiftId: first._id,
      count: { cash: { total: 10_000 + a.total_amount - 500 } },
      books,
    })
    b.clock.advance(3 * 3600_000)
    const second = await b.call(m, 'shift-open', { float: { total: 0 } })
    const c = await sell(m, 'LOTTO', 1, 'card')
    await expectPosError(b.call(m, 'report-day-close', { day: '2026-11-21' }), 'DAY_OPEN')
    await b.call(m, 'shift-close', { shiftId: second._id, count: { cash: { total: 0 }, card: c.total_amount }, books })

    const day = await b.call(m, 'report-day', {})
    expect(day).toMatchObject({
      business_day: '2026-11-21',
      open_shifts: 0,
      balanced: true,
      instant_missing: { tickets: 0, value: 0, recovered: 0, packs: [] },
      prizes_cashed: 500,
      // The lottery's figures are ticket prices: the sales tax collected is not the lottery's.
      net_sales: a.price + c.price,
      lottery_cash_due: a.price + c.price - 500,
      commissions: {
        sales_rate_bps: 500,
        cashing_rate_bps: 100,
        sales: Math.round((a.price + c.price) * 0.05),
        cashing: 5,
      },
    })
    expect(day.shifts.map((x) => x.shift_number)).toEqual([second.shift_number, first.shift_number])
    // Store time: 10:00 and 13:00 in New York.
    expect(day.by_hour).toEqual([
      { hour: '10', tickets: 2, amount: a.total_amount },
      { hour: '13', tickets: 1, amount: c.total_amount },
    ])
    expect(day.totals.sales.by_method).toEqual({ cash: a.total_amount, card: c.total_amount, wallet: 0 })

    // The day report's file is written once the close committed: scheduled, then completed.
    const written = new Promise<void>((resolve) =>
      b.events.subscribe((event, p) => {
        if (event === 'report-progress' && (p as { status: string }).status !== 'running') resolve()
      }),
    )
    expect((await b.call(s, 'shift-current', {})).day_ended).toBeNull()
    const stored = await b.call(m, 'report-day-close', { day: '2026-11-21' })
    expect(stored.stored).toMatchObject({ revision: 1, generated_by: 'Maria Manager' })
    // The counter is told the day was ended (whoever is logged in there), not stopped.
    expect((await b.call(s, 'shift-current', {})).day_ended).toEqual({
      business_day: '2026-11-21',
      at: stored.stored!.created_at,
      by: 'Maria Manager',
      revision: 1,
    })
    const dayRow = () =>
      b.ctx.db
        .prepare("SELECT report_type, status, generated_by, period_start, period_end FROM reports WHERE kind = 'day'")
        .get()
    expect(dayRow()).toMatchObject({ status: 'scheduled' })
    await written
    expect(dayRow()).toEqual({
      report_type: 'sales',
      status: 'completed',
      generated_by: id('maria'),
      period_start: '2026-11-21T05:00:00.000Z',
      period_end: '2026-11-22T05:00:00.000Z',
    })
    const note = b.ctx.db.prepare("SELECT title, message FROM notifications WHERE type = 'sales_summary'").get() as {
      title: string
      message: string
    }
    expect(note.title).toMatch(/Day 2026-11-21 closed/)
    expect(note.message).toMatch(/balanced/)
    expect((await b.call(m, 'report-day', {})).stored?.changed).toEqual([])
    // Trading after the day was ended: the stored report no longer says what the records do, and the day says so.
    const late = await b.call(m, 'shift-open', { float: { total: 0 } })
    const after = await sell(m, 'PICK3', 1)
    const now = await b.call(m, 'report-day', {})
    expect(now.stored?.changed).toEqual([
      {
        figure: 'sales',
        then: a.total_amount + c.total_amount,
        now: a.total_amount + c.total_amount + after.total_amount,
      },
      { figure: 'shifts', then: 2, now: 3 },
    ])
    expect(late.status).toBe('open')
    await expectPosError(b.call(s, 'report-day', {}), 'FORBIDDEN')
    // The late shift runs past midnight: its sales still count in the ended day, and the counter still says so.
    b.clock.advance(20 * 3600_000)
    expect((await b.call(m, 'shift-current', {})).day_ended).toMatchObject({ business_day: '2026-11-21' })
  })

  it('settles the lottery week Sunday to Saturday: sales - cancellations - prizes - commissions', async () => {
    // Saturday 21 Nov: the week is Sun 15 to Sat 21.
    const s = await morning({ demoHistory: true })
    const m = await b.login('maria')
    await b.call(s, 'shift-open', { float: { total: 10_000 } })
    const sale = await sell(s, 'PICK3', 4)
    await b.call(s, 'ticket-pay', { input: presented(b, demoWinner()) })
    const week = await b.call(m, 'report-settlement', {})
    // Today is its last day: still running, so its figures are so far; the week before is over.
    expect(week.week).toEqual({ first: '2026-11-15', last: '2026-11-21', week_start: 7, in_progress: true })
    expect((await b.call(m, 'report-settlement', { weekOf: '2026-11-10' })).week.in_progress).toBe(false)
    expect(week.days.map((d) => d.business_day)).toEqual([
      '2026-11-15',
      '2026-11-16',
      '2026-11-17',
      '2026-11-18',
      '2026-11-19',
      '2026-11-20',
      '2026-11-21',
    ])
    const sat = week.days[6]
    const commission = Math.round(sale.price * 0.05) + 5
    expect(sat).toMatchObject({
      sales: sale.price,
      prizes_cashed: 500,
      commissions: commission,
      due: sale.price - 500 - commission,
    })
    expect(week.total.due).toBe(week.days.reduce((x, d) => x + d.due, 0))
    expect(week.svg).toMatch(/LOTTERY SETTLEMENT/)
    // A store whose lottery week starts on Monday.
    await b.call(m, 'settings-set', { lottery_week_start: 1 })
    expect((await b.call(m, 'report-settlement', {})).week).toMatchObject({ first: '2026-11-16', last: '2026-11-22' })
  })
})

describe('a terminal upgraded mid-week', () => {
  it("keeps the sales it made before it had shifts in that week's settlement", async () => {
    const s = await morning()
    const m = await b.login('maria')
    // A sale as version 10 wrote it, on Thursday 19 November: no shift (its trigger came with migration 11).
    const sale = await (async () => {
      await b.call(s, 'shift-open', { float: { total: 0 } })
      return sell(s, 'LOTTO', 2)
    })()
    const db = b.ctx.db
    db.exec('DROP TRIGGER sales_shift_fixed')
    db.prepare("UPDATE sales SET shift_id = NULL, sale_time = '2026-11-19T17:00:00.000Z' WHERE transaction_id = ?").run(
      sale.transaction_id,
    )
    const week = await b.call(m, 'report-settlement', {})
    const thursday = week.days.find((d) => d.business_day === '2026-11-19')!
    expect(thursday.sales).toBe(sale.price)
    expect(week.days.find((d) => d.business_day === '2026-11-21')!.sales).toBe(0)
    expect(week.total.sales).toBe(sale.price)
  })
})

describe('the records a Z is made of', () => {
  it('equal the Z totals recomputed from the database', async () => {
    const s = await morning()
    const shift = await b.call(s, 'shift-open', { float: { total: 2_500 } })
    for (const code of ['PICK3', 'LOTTO', 'PICK3']) await sell(s, code, 1)
    const r = await b.call(s, 'shift-close', { shiftId: shift._id, count: { cash: { total: 0 } } })
    const m = await b.login('maria')
    if (r.status === 'counted')
      await b.call(m, 'shift-sign-off', { shiftId: shift._id, approver: manager(), note: 'test' })
    const z = await b.call(m, 'report-z', { shiftId: shift._id })
    expect(z.totals).toEqual(shiftTotals(b.ctx.db, [shift._id]))
    expect(Object.fromEntries(z.totals.by_game.map((g) => [g.code, g.tickets]))).toEqual({ LOTTO: 1, PICK3: 2 })
    expect(z.totals.sales.transactions).toBe(3)
  })

  it('count a cart of several games as one transaction, as many as the distinct transaction ids', async () => {
    const s = await morning()
    const shift = await b.call(s, 'shift-open', { float: { total: 0 } })
    await sell(s, 'PICK3', 2)
    // One cart, three lines: three sale records of one transaction (a transaction is counted by its line 0).
    await b.call(s, 'sale-create', {
      requestId: newRequestId(),
      paymentMethod: 'card',
      confirmed: true,
      ageConfirmed: true,
      lines: ['LOTTO', 'PICK3', 'KENO'].map((code) => ({ lotteryId: b.gameId(code), quantity: 1 })),
    })
    const totals = shiftTotals(b.ctx.db, [shift._id])
    expect(n('SELECT COUNT(*) AS n FROM sales WHERE shift_id = ?', shift._id)).toBe(4)
    expect(totals.sales.transactions).toBe(2)
    expect(totals.sales.transactions).toBe(
      n('SELECT COUNT(DISTINCT transaction_id) AS n FROM sales WHERE shift_id = ?', shift._id),
    )
    expect(totals.sales.tickets).toBe(5)
  })
})

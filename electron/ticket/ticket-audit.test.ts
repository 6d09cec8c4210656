import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { expectPosError, newRequestId, testBackend, type TestBackend } from '../../tests/support/backend'
import { LIST_AUDIT_WINDOW_MS } from './handlers'

let b: TestBackend
let s: string
beforeEach(async () => {
  b = testBackend()
  s = await b.login('carlos')
})
afterEach(() => b.cleanup())

const actions = () =>
  (b.ctx.db.prepare('SELECT action FROM audit_logs ORDER BY seq').all() as { action: string }[]).map((r) => r.action)

describe('what reaches the screen is on record, and never a validation code', () => {
  it('audits previews and listings, and neither carries a validation code or a scannable code', async () => {
    const sale = await b.call(s, 'sale-create', {
      requestId: newRequestId(),
      paymentMethod: 'cash',
      lines: [{ lotteryId: b.gameId('PICK3'), quantity: 2 }],
    })
    const code = (b.ctx.db.prepare('SELECT validation_code FROM tickets LIMIT 1').get() as { validation_code: string })
      .validation_code
    expect(JSON.stringify(sale)).not.toContain(code)
    const list = await b.call(s, 'ticket-recent', {})
    expect(list).toHaveLength(2)
    for (const t of list) expect(t).not.toHaveProperty('validation_code')
    const preview = await b.call(s, 'ticket-preview', { ticketId: list[0]._id })
    expect(preview.svg).toContain('PREVIEW')
    for (const row of b.ctx.db.prepare('SELECT validation_code FROM tickets').all() as { validation_code: string }[])
      expect(preview.svg).not.toContain(row.validation_code)
    expect(actions()).toEqual(expect.arrayContaining(['ticket.list', 'ticket.preview']))
  })

  it('audits a listing once per session in a window, not on every refresh', async () => {
    for (let i = 0; i < 5; i++) await b.call(s, 'ticket-recent', {})
    expect(actions().filter((a) => a === 'ticket.list')).toHaveLength(1)
    b.clock.advance(LIST_AUDIT_WINDOW_MS)
    await b.call(s, 'ticket-recent', {})
    const last = b.ctx.db
      .prepare("SELECT description FROM audit_logs WHERE action = 'ticket.list' ORDER BY seq DESC")
      .get()
    expect(last).toEqual({ description: 'listed up to 20 recent tickets (4 more listings since the last entry)' })
  })

  it('audits a failed test print', async () => {
    const m = await b.login('maria')
    await expectPosError(b.call(m, 'printer-test'), 'PRINTER_NOT_CONFIGURED')
    expect(actions()).toContain('printer.test_failed')
  })
})

describe('a copy of a ticket', () => {
  const sellOne = async (code = 'PICK3') =>
    (
      await b.call(s, 'sale-create', {
        requestId: newRequestId(),
        paymentMethod: 'cash',
        lines: [{ lotteryId: b.gameId(code), quantity: 1 }],
      })
    ).tickets[0]
  const printed = (id: string) => b.ctx.db.prepare("UPDATE tickets SET print_status = 'printed' WHERE _id = ?").run(id)
  const managerId = () =>
    (b.ctx.db.prepare("SELECT _id FROM users WHERE username = 'maria'").get() as { _id: string })._id

  it('prints for a ticket that never printed, and needs a manager for one that did', async () => {
    const t = await sellOne()
    expect((await b.call(s, 'ticket-reprint', { ticketId: t._id })).ticket_number).toBe(t.ticket_number)
    // The copy's print attempt (no printer here) settles first; then the ticket is one that printed.
    await b.printer.idle()
    printed(t._id)
    const err = await expectPosError(b.call(s, 'ticket-reprint', { ticketId: t._id }), 'MANAGER_APPROVAL_REQUIRED')
    expect(err.message).toMatch(/needs a manager's PIN/)
    await expectPosError(
      b.call(s, 'ticket-reprint', { ticketId: t._id, approver: { userId: managerId(), pin: '0000' } }),
      'PIN_WRONG',
    )
    await b.call(s, 'ticket-reprint', { ticketId: t._id, approver: { userId: managerId(), pin: '2580' } })
    expect(
      b.ctx.db.prepare("SELECT description FROM audit_logs WHERE action = 'ticket.reprint' ORDER BY seq DESC").get(),
    ).toMatchObject({ description: expect.stringMatching(/approved by maria/) })
    // A manager at the counter approves their own copy: no second PIN, and the record says who.
    const m = await b.login('maria', '2580')
    await b.printer.idle()
    printed(t._id)
    await b.call(m, 'ticket-reprint', { ticketId: t._id })
    expect(
      b.ctx.db
        .prepare("SELECT user_id, description FROM audit_logs WHERE action = 'ticket.reprint' ORDER BY seq DESC")
        .get(),
    ).toMatchObject({ user_id: managerId(), description: expect.stringMatching(/approved by maria/) })
  })

  it('never prints once the draw has closed or its result is known, approved or not', async () => {
    const t = await sellOne()
    // Pick 3 closes at 12:55 New York; the ticket is for today's 13:00 draw.
    b.clock.set('2026-11-21T17:56:00Z')
    const late = await expectPosError(
      b.call(s, 'ticket-reprint', { ticketId: t._id, approver: { userId: managerId(), pin: '2580' } }),
      'NOT_ALLOWED',
    )
    expect(late.message).toMatch(/draw have closed/)
    b.ctx.db
      .prepare(
        "INSERT INTO draw_results (_id, lottery_id, draw_date, winning_numbers, status, created_at, updated_at) VALUES ('d'||hex(randomblob(11)), ?, ?, '[1,2,3]', 'official', ?, ?)",
      )
      .run(t.lottery_id, t.draw_date, t.draw_date, t.draw_date)
    await expectPosError(b.call(s, 'ticket-reprint', { ticketId: t._id }), 'NOT_ALLOWED')
  })
})

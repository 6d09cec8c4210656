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

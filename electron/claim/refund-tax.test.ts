import { afterEach, describe, expect, it } from 'vitest'
import { newRequestId, presented, testBackend, type TestBackend } from '../../tests/support/backend'
import { catalogChanged } from '../catalog/repo'
import { ticketPrintData } from '../ticket/repo'

let b: TestBackend
afterEach(() => b.cleanup())

describe('the tax a cancellation refunds', () => {
  it('is the tax each ticket paid: a whole line refunded gives back exactly its tax, never a cent more', async () => {
    // 8.875% (New York City) on seven $1 tickets: the line paid 62 cents, while 8.875% of one $1 rounds to 9.
    b = testBackend({ start: '2026-11-21T15:00:00Z' })
    b.ctx.db.prepare('UPDATE stores SET tax_rate_bps = 888').run()
    catalogChanged(b.ctx.db)
    const s = await b.login('maria', '2580')
    const sale = await b.call(s, 'sale-create', {
      requestId: newRequestId(),
      paymentMethod: 'cash',
      confirmed: true,
      lines: [{ lotteryId: b.gameId('PICK3'), quantity: 7 }],
    })
    expect(sale.tax).toBe(62)
    // Central raises the tax rate after the sale: what was paid is refunded, not today's rate.
    b.ctx.db.prepare('UPDATE stores SET tax_rate_bps = 1000').run()
    catalogChanged(b.ctx.db)
    const refunded: number[] = []
    for (const t of sale.tickets) {
      const printed = ticketPrintData(b.ctx.db, t._id)!.tax
      const r = await b.call(s, 'ticket-cancel', { input: presented(b, t._id), reason: 'sold in error' })
      expect(r.tax, t.ticket_number).toBe(printed)
      refunded.push(r.tax)
    }
    expect(refunded.reduce((x, y) => x + y, 0)).toBe(62)
    expect(b.ctx.db.prepare('SELECT SUM(tax) AS t, SUM(total_amount) AS total FROM cancellations').get()).toEqual({
      t: 62,
      total: 762,
    })
  })
})

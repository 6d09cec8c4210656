import { afterEach, describe, expect, it } from 'vitest'
import { expectPosError, newRequestId, testBackend, type TestBackend } from '../../tests/support/backend'

let b: TestBackend
afterEach(() => b?.cleanup())

const sum = (sql: string, ...args: unknown[]) => (b.ctx.db.prepare(sql).get(...args) as { n: number }).n

describe('the sales report', () => {
  it("adds up a period's sales, by day, hour, game and product, against the period before", async () => {
    // Tuesday 1 December 2026, 10:00 in New York.
    b = testBackend({ start: '2026-12-01T15:00:00Z' })
    const s = await b.login('carlos')
    const m = await b.login('maria')
    const sell = (lines: object[], paymentMethod: 'cash' | 'card' = 'cash') =>
      b.call(s, 'sale-create', { requestId: newRequestId(), paymentMethod, lines } as never)
    const supplier = await b.call(m, 'supplier-save', { supplier: { name: 'Metro' } })
    const cola = await b.call(m, 'product-save', { product: { product_name: 'Cola', sku: 'COLA-1', price: 150 } })
    await b.call(m, 'purchase-create', {
      supplierId: supplier._id,
      reference: 'PO-1',
      lines: [{ productId: cola._id, quantity: 10, unitPrice: 80 }],
    })
    await b.call(m, 'purchase-receive', { reference: 'PO-1' })
    await sell([
      { lotteryId: b.gameId('PICK3'), quantity: 2 },
      { productId: cola._id, quantity: 3 },
    ])
    b.clock.advance(3 * 3600_000) // 13:00
    await sell([{ lotteryId: b.gameId('LOTTO'), quantity: 1 }], 'card')
    b.clock.advance(21 * 3600_000) // Wednesday 10:00
    await sell([{ lotteryId: b.gameId('PICK3'), quantity: 1 }])

    const yesterday = await b.call(m, 'report-sales', { period: { kind: 'yesterday' } })
    expect(yesterday.period).toMatchObject({ first: '2026-12-01', last: '2026-12-01', days: 1 })
    // Every figure against the rows themselves, summed here.
    const range = [b.ctx.store._id, yesterday.period.start, yesterday.period.end]
    const rows = 'FROM sales WHERE store_id = ? AND sale_time >= ? AND sale_time < ?'
    expect(yesterday.figures).toMatchObject({
      transactions: 2,
      tickets: sum(`SELECT SUM(quantity) AS n ${rows}`, ...range),
      amount: sum(`SELECT SUM(total_amount) AS n ${rows}`, ...range),
      tax: sum(`SELECT SUM(tax) AS n ${rows}`, ...range),
      net_sales: sum(`SELECT SUM(price) AS n ${rows}`, ...range),
      merchandise: { items: 3, amount: 3 * 150 + Math.round(3 * 150 * 0.05) },
      cancellations: { count: 0, amount: 0 },
      payouts: { count: 0, amount: 0 },
    })
    expect(yesterday.figures.tickets).toBe(3)
    expect(yesterday.figures.by_method.card).toBe(
      sum(`SELECT SUM(total_amount) AS n ${rows} AND payment_method = 'card'`, ...range),
    )
    expect(yesterday.figures.commissions.sales).toBe(Math.round(yesterday.figures.net_sales * 0.05))
    // Store hours: 10:00 and 13:00.
    expect(yesterday.by_hour.filter((h) => h.tickets)).toEqual([
      { hour: '10', tickets: 2, amount: 210 },
      { hour: '13', tickets: 1, amount: 315 },
    ])
    expect(yesterday.by_game.map((g) => [g.code, g.tickets])).toEqual([
      ['LOTTO', 1],
      ['PICK3', 2],
    ])
    expect(yesterday.by_product).toEqual([expect.objectContaining({ sku: 'COLA-1', items: 3, amount: 473 })])

    const today = await b.call(m, 'report-sales', { period: { kind: 'today' } })
    expect(today.figures.tickets).toBe(1)
    // Compared with yesterday, the period of the same length just before.
    expect(today.previous).toMatchObject({ first: '2026-12-01' })
    expect(today.previous_figures).toEqual(yesterday.figures)
    expect(today.by_game.find((g) => g.code === 'PICK3')).toMatchObject({ amount: 105, previous_amount: 210 })

    const week = await b.call(m, 'report-sales', { period: { kind: 'this_week' } })
    expect(week.by_day.map((d) => d.day)).toEqual([
      '2026-11-30',
      '2026-12-01',
      '2026-12-02',
      '2026-12-03',
      '2026-12-04',
      '2026-12-05',
      '2026-12-06',
    ])
    expect(week.by_day.map((d) => d.tickets)).toEqual([0, 3, 1, 0, 0, 0, 0])
    expect(week.figures.amount).toBe(yesterday.figures.amount + today.figures.amount)
  })

  it("refuses a bad period, and a cashier without the seed's view_reports; that permission grants them", async () => {
    b = testBackend()
    const s = await b.login('carlos')
    const m = await b.login('maria')
    for (const [period, words] of [
      [{ kind: 'custom', from: '2026-05-02', to: '2026-05-01' }, /before the first/],
      [{ kind: 'custom', from: '2019-01-01', to: '2026-01-01' }, /five years/],
      [{ kind: 'custom' }, /first and the last/],
    ] as const)
      expect((await expectPosError(b.call(m, 'report-sales', { period }), 'PERIOD_INVALID')).message).toMatch(words)
    await expectPosError(b.call(m, 'report-sales', { period: { kind: 'custom', from: 'x', to: 'y' } }), 'VALIDATION')
    await expectPosError(b.call(s, 'report-sales', { period: { kind: 'today' } }), 'FORBIDDEN')
    b.ctx.db.prepare(`UPDATE users SET permissions = '["view_reports"]' WHERE username = 'carlos'`).run()
    expect((await b.call(s, 'report-sales', { period: { kind: 'today' } })).period.kind).toBe('today')
  })
})

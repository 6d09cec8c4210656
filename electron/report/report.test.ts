import { afterEach, describe, expect, it } from 'vitest'
import { expectPosError, newRequestId, presented, testBackend, type TestBackend } from '../../tests/support/backend'

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

  it("refuses a bad period; a cashier without the seed's view_reports sees only their own figures", async () => {
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
    const sell = (who: string, quantity: number) =>
      b.call(who, 'sale-create', {
        requestId: newRequestId(),
        paymentMethod: 'cash',
        lines: [{ lotteryId: b.gameId('PICK3'), quantity }],
      } as never)
    await sell(s, 2)
    await sell(m, 3) // the manager sells in Carlos's shift, as her own sale
    const own = await b.call(s, 'report-sales', { period: { kind: 'today' } })
    expect(own.scope).toMatchObject({ kind: 'own', cashier: 'Carlos Cashier' })
    expect(own.figures.tickets).toBe(2)
    expect(own.by_game).toEqual([expect.objectContaining({ code: 'PICK3', tickets: 2 })])
    const perf = await b.call(s, 'report-performance', { period: { kind: 'today' } })
    expect(perf.cashiers.map((c) => c.cashier)).toEqual(['Carlos Cashier'])
    // Stock and exports are the store's: not for a cashier.
    await expectPosError(b.call(s, 'report-inventory', { period: { kind: 'today' } }), 'FORBIDDEN')
    await expectPosError(
      b.call(s, 'report-export', { report: 'sales', period: { kind: 'today' }, format: 'pdf' }),
      'FORBIDDEN',
    )
    expect((await b.call(m, 'report-sales', { period: { kind: 'today' } })).figures.tickets).toBe(5)
    b.ctx.db.prepare(`UPDATE users SET permissions = '["view_reports"]' WHERE username = 'carlos'`).run()
    const granted = await b.call(s, 'report-sales', { period: { kind: 'today' } })
    expect(granted.scope.kind).toBe('store')
    expect(granted.figures.tickets).toBe(5)
    expect((await b.call(s, 'report-inventory', { period: { kind: 'today' } })).period.kind).toBe('today')
  })
})

describe('the inventory report', () => {
  it('holds stock per game, batch, pack and product, movements by reason and adjustments by type', async () => {
    b = testBackend({ start: '2026-12-01T15:00:00Z' })
    const s = await b.login('carlos')
    const m = await b.login('maria')
    const lotto = b.gameId('LOTTO')
    const restocked = await b.call(m, 'stock-restock', {
      lotteryId: lotto,
      batchNumber: 'B-77',
      quantity: 100,
      reorderThreshold: 20,
      reference: 'Lottery delivery 77',
    })
    const batch = restocked.batches.find((x) => x.batch_number === 'B-77')!
    await b.call(m, 'stock-adjust', {
      inventoryId: batch._id,
      adjustmentType: 'damage',
      quantity: -5,
      reason: 'water damage',
    })
    await b.call(s, 'sale-create', {
      requestId: newRequestId(),
      paymentMethod: 'cash',
      lines: [{ lotteryId: b.gameId('PICK3'), quantity: 2 }],
    } as never)
    const supplier = await b.call(m, 'supplier-save', { supplier: { name: 'Metro' } })
    const cola = await b.call(m, 'product-save', { product: { product_name: 'Cola', sku: 'COLA-1', price: 150 } })
    await b.call(m, 'purchase-create', {
      supplierId: supplier._id,
      reference: 'PO-1',
      lines: [{ productId: cola._id, quantity: 10, unitPrice: 80 }],
    })
    await b.call(m, 'purchase-receive', { reference: 'PO-1' })
    await b.call(s, 'sale-create', {
      requestId: newRequestId(),
      paymentMethod: 'cash',
      lines: [{ productId: cola._id, quantity: 7 }],
    } as never)

    const r = await b.call(m, 'report-inventory', { period: { kind: 'today' } })
    // Stock per game is the Stock screen's, batch by batch.
    const stock = await b.call(m, 'stock-list', {})
    for (const g of stock) expect(r.games.find((x) => x.lottery_id === g.lottery_id)?.remaining_stock).toBe(g.remaining)
    expect(r.batches.find((x) => x.batch_number === 'B-77')).toMatchObject({
      total_stock: 100,
      remaining_stock: 95,
      reorder_threshold: 20,
      state: 'ok',
    })
    expect(r.products.find((p) => p.sku === 'COLA-1')).toMatchObject({ quantity: 3, value: 450, state: 'low' })
    expect(r.low_stock).toContainEqual({
      item: 'Cola (COLA-1)',
      kind: 'product',
      remaining: 3,
      threshold: 5,
      state: 'low',
    })
    const moved = (stock: string, reason: string) => r.movements.find((x) => x.stock === stock && x.reason === reason)
    expect(moved('tickets', 'sale')).toEqual({ stock: 'tickets', reason: 'sale', count: 1, quantity: -2 })
    expect(moved('tickets', 'restock')).toMatchObject({ count: 1, quantity: 100 })
    expect(moved('tickets', 'adjustment')).toMatchObject({ count: 1, quantity: -5 })
    expect(moved('products', 'purchase')).toMatchObject({ count: 1, quantity: 10 })
    expect(moved('products', 'sale')).toMatchObject({ count: 1, quantity: -7 })
    expect(r.adjustments).toEqual([{ adjustment_type: 'damage', count: 1, quantity: -5 }])
    // Packs by state add up the packs listed, against the table itself.
    const packs = b.ctx.db
      .prepare(
        `SELECT status, COUNT(*) AS packs, SUM(tickets_per_pack - sold) AS left, SUM((tickets_per_pack - sold) * ticket_price) AS value
         FROM packs WHERE status IN ('received','activated') GROUP BY status ORDER BY status`,
      )
      .all() as { status: string; packs: number; left: number; value: number }[]
    expect(
      r.packs_by_state
        .filter((p) => p.status === 'received' || p.status === 'activated')
        .sort((a, c) => a.status.localeCompare(c.status))
        .map((p) => ({ status: p.status, packs: p.packs, left: p.tickets_remaining, value: p.value_remaining })),
    ).toEqual(packs)
  })
})

describe('the performance report', () => {
  it('gives each cashier their sales, pace, average, cancellations and over/short, and each game its share and trend', async () => {
    b = testBackend({ start: '2026-12-01T14:00:00Z', shift: false })
    const s = await b.login('carlos')
    const m = await b.login('maria')
    const shift = await b.call(s, 'shift-open', { float: { total: 0 } })
    const sell = (who: string, code: string, quantity: number) =>
      b.call(who, 'sale-create', {
        requestId: newRequestId(),
        paymentMethod: 'cash',
        lines: [{ lotteryId: b.gameId(code), quantity }],
      } as never)
    const first = await sell(s, 'PICK3', 4)
    await b.call(s, 'ticket-cancel', { input: presented(b, first.tickets[0]._id), reason: 'sold in error' })
    b.clock.advance(3600_000)
    await sell(s, 'LOTTO', 2)
    await sell(m, 'PICK3', 1)
    b.clock.advance(3600_000)
    // Two hours in, Carlos counts his drawer a dollar short (within the tolerance: the shift closes).
    const expected = (
      b.ctx.db.prepare('SELECT SUM(total_amount) AS n FROM sales WHERE shift_id = ?').get(shift._id) as { n: number }
    ).n
    const refunded = (
      b.ctx.db.prepare('SELECT SUM(total_amount) AS n FROM cancellations WHERE shift_id = ?').get(shift._id) as {
        n: number
      }
    ).n
    await b.call(s, 'shift-close', { shiftId: shift._id, count: { cash: { total: expected - refunded - 100 } } })

    const r = await b.call(m, 'report-performance', { period: { kind: 'today' } })
    const carlos = r.cashiers.find((c) => c.cashier === 'Carlos Cashier')!
    const sum = (sql: string) => (b.ctx.db.prepare(sql).get() as { n: number }).n
    expect(carlos).toMatchObject({
      transactions: 2,
      tickets: 6,
      amount: sum(
        `SELECT SUM(total_amount) AS n FROM sales s JOIN users u ON u._id = s.user_id WHERE u.username = 'carlos'`,
      ),
      hours: 2,
      tickets_per_hour: 3,
      cancellations: 1,
      over_short: -100,
      shifts: 1,
    })
    expect(carlos.average_sale).toBe(Math.round(carlos.amount / 2))
    expect(r.cashiers.find((c) => c.cashier === 'Maria Manager')).toMatchObject({
      transactions: 1,
      tickets: 1,
      shifts: 0,
    })
    // Shares of the period's ticket sales, each game against the period before (nothing then: no trend).
    const total = r.games.reduce((t, g) => t + g.amount, 0)
    for (const g of r.games) {
      expect(g.share_bps).toBe(Math.round((g.amount * 10_000) / total))
      expect(g.change_bps).toBeNull()
    }
    // The next day sells nothing: each game down 100% on the day before.
    b.clock.advance(24 * 3600_000)
    const next = await b.call(m, 'report-performance', { period: { kind: 'today' } })
    expect(next.games.find((g) => g.code === 'PICK3')).toMatchObject({
      amount: 0,
      previous_amount: r.games.find((g) => g.code === 'PICK3')!.amount,
      change_bps: -10_000,
    })
  })
})

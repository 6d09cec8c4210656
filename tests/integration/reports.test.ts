import { DateTime } from 'luxon'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { reportDocument } from '../../shared/report-doc'
import { newRequestId, presented, testBackend, type TestBackend } from '../support/backend'
import { fillTickets } from '../support/history'

/**
 * Every report's totals against the records themselves, on a generated database: 40,000 tickets over 90 days
 * of closed shifts, and today's shift with sales of every game, card and cash, a cancellation and merchandise.
 * Each period (named and random custom ranges) is summed here in plain SQL, apart from the report's queries.
 */

let b: TestBackend
let m: string
const zone = 'America/New_York'

beforeAll(async () => {
  b = testBackend({ shift: false, start: '2026-02-20T16:00:00Z' })
  fillTickets(b, 40_000, 90)
  const s = await b.login('carlos')
  m = await b.login('maria')
  for (const [code, quantity, paymentMethod] of [
    ['PICK3', 3, 'cash'],
    ['LOTTO', 2, 'card'],
    ['MEGA', 1, 'wallet'],
  ] as const)
    await b.call(s, 'sale-create', {
      requestId: newRequestId(),
      paymentMethod,
      lines: [{ lotteryId: b.gameId(code), quantity }],
    } as never)
  const refund = await b.call(s, 'sale-create', {
    requestId: newRequestId(),
    paymentMethod: 'cash',
    lines: [{ lotteryId: b.gameId('PICK3'), quantity: 1 }],
  } as never)
  await b.call(s, 'ticket-cancel', { input: presented(b, refund.tickets[0]._id), reason: 'sold in error' })
  const supplier = await b.call(m, 'supplier-save', { supplier: { name: 'Metro' } })
  const cola = await b.call(m, 'product-save', { product: { product_name: 'Cola', sku: 'COLA-1', price: 150 } })
  await b.call(m, 'purchase-create', {
    supplierId: supplier._id,
    reference: 'PO-1',
    lines: [{ productId: cola._id, quantity: 24, unitPrice: 80 }],
  })
  await b.call(m, 'purchase-receive', { reference: 'PO-1' })
  await b.call(s, 'sale-create', {
    requestId: newRequestId(),
    paymentMethod: 'card',
    lines: [
      { productId: cola._id, quantity: 4 },
      { lotteryId: b.gameId('KENO'), quantity: 1 },
    ],
  } as never)
})
afterAll(() => b?.cleanup())

const one = <T>(sql: string, ...args: unknown[]) => b.ctx.db.prepare(sql).get(...args) as T

/** Business days [from, to] as UTC instants [start, end), computed here with luxon, not shared/period.ts. */
function bounds(from: string, to: string) {
  return {
    start: DateTime.fromISO(from, { zone }).toUTC().toISO()!,
    end: DateTime.fromISO(to, { zone }).plus({ days: 1 }).toUTC().toISO()!,
  }
}

function periods(): { from: string; to: string }[] {
  // Seeded: the same ranges every run, spread over the history and today.
  let seed = 7
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n)
  const first = DateTime.fromISO('2025-11-20', { zone })
  const out = [
    { from: '2025-11-20', to: '2026-02-20' },
    { from: '2026-02-20', to: '2026-02-20' },
  ]
  for (let i = 0; i < 5; i++) {
    const a = first.plus({ days: rand(90) })
    out.push({ from: a.toISODate()!, to: a.plus({ days: rand(40) }).toISODate()! })
  }
  return out
}

describe('each report against the records it adds up (generated database)', () => {
  it.each(periods())('sales $from to $to', async ({ from, to }) => {
    const r = await b.call(m, 'report-sales', { period: { kind: 'custom', from, to } })
    const { start, end } = bounds(from, to)
    expect([r.period.start, r.period.end]).toEqual([start, end])
    const q = 'FROM sales WHERE sale_time >= ? AND sale_time < ?'
    const sales = one<{ tickets: number | null; amount: number | null; tx: number | null; price: number | null }>(
      `SELECT SUM(quantity) AS tickets, SUM(total_amount) AS amount, SUM(line_no = 0) AS tx, SUM(price) AS price ${q}`,
      start,
      end,
    )
    const refunds = one<{ n: number; price: number | null; amount: number | null }>(
      'SELECT COUNT(*) AS n, SUM(price) AS price, SUM(total_amount) AS amount FROM cancellations WHERE created_at >= ? AND created_at < ?',
      start,
      end,
    )
    const goods = one<{ items: number | null; amount: number | null; carts: number | null }>(
      `SELECT SUM(quantity) AS items, SUM(total_value + tax) AS amount, SUM(line_no = 0) AS carts FROM inventory_transactions
       WHERE transaction_type = 'sale' AND transaction_date >= ? AND transaction_date < ?`,
      start,
      end,
    )
    expect(r.figures).toMatchObject({
      merchandise: { items: goods.items ?? 0, amount: goods.amount ?? 0 },
      tickets: sales.tickets ?? 0,
      amount: sales.amount ?? 0,
      // Every cart once: led by a ticket, or by merchandise.
      transactions: (sales.tx ?? 0) + (goods.carts ?? 0),
      cancellations: { count: refunds.n, amount: refunds.amount ?? 0 },
      net_sales: (sales.price ?? 0) - (refunds.price ?? 0),
    })
    for (const method of ['cash', 'card', 'wallet'] as const)
      expect(r.figures.by_method[method]).toBe(
        one<{ n: number | null }>(`SELECT SUM(total_amount) AS n ${q} AND payment_method = ?`, start, end, method).n ??
          0,
      )
    // Every way of cutting it adds up to the same total.
    const total = r.figures.amount
    expect(r.by_day.reduce((s, d) => s + d.amount, 0)).toBe(total)
    expect(r.by_hour.reduce((s, h) => s + h.amount, 0)).toBe(total)
    expect(r.by_game.reduce((s, g) => s + g.amount, 0)).toBe(total)
    expect(r.by_day.map((d) => d.day)[0]).toBe(from)
    expect(r.by_day).toHaveLength(r.period.days)
    // Each day against its own records.
    for (const d of r.by_day.filter((_, i) => i % 7 === 0)) {
      const day = bounds(d.day, d.day)
      expect(d.amount).toBe(one<{ n: number | null }>(`SELECT SUM(total_amount) AS n ${q}`, day.start, day.end).n ?? 0)
    }
    // The document (screen, CSV, PDF) says the same.
    const doc = reportDocument('sales', r)
    expect(doc.kpis.find((k) => k.id === 'amount')!.value).toBe(total)
    expect(doc.tables.find((t) => t.id === 'by_day')!.rows.reduce((s, row) => s + Number(row[2]), 0)).toBe(total)
  })

  it.each(periods())('performance $from to $to', async ({ from, to }) => {
    const r = await b.call(m, 'report-performance', { period: { kind: 'custom', from, to } })
    const { start, end } = bounds(from, to)
    const sales = one<{ tickets: number | null; amount: number | null }>(
      'SELECT SUM(quantity) AS tickets, SUM(total_amount) AS amount FROM sales WHERE sale_time >= ? AND sale_time < ?',
      start,
      end,
    )
    expect(r.cashiers.reduce((s, c) => s + c.tickets, 0)).toBe(sales.tickets ?? 0)
    expect(r.cashiers.reduce((s, c) => s + c.amount, 0)).toBe(sales.amount ?? 0)
    expect(r.games.reduce((s, g) => s + g.amount, 0)).toBe(sales.amount ?? 0)
    const shifts = one<{ n: number; over_short: number | null }>(
      `SELECT COUNT(*) AS n, SUM(CASE WHEN closed_at < ? THEN over_short END) AS over_short FROM shifts
       WHERE opened_at < ? AND (closed_at IS NULL OR closed_at >= ?)`,
      end,
      end,
      start,
    )
    expect(r.cashiers.reduce((s, c) => s + c.shifts, 0)).toBe(shifts.n)
    expect(r.cashiers.reduce((s, c) => s + c.over_short, 0)).toBe(shifts.over_short ?? 0)
    if (sales.amount)
      expect(Math.abs(r.games.reduce((s, g) => s + g.share_bps, 0) - 10_000)).toBeLessThanOrEqual(r.games.length)
  })

  it('inventory: stock per game and product value, against the tables', async () => {
    const r = await b.call(m, 'report-inventory', { period: { kind: 'today' } })
    const perGame = b.ctx.db
      .prepare(
        'SELECT lottery_id, SUM(remaining_stock) AS n FROM inventory WHERE deleted_at IS NULL GROUP BY lottery_id',
      )
      .all() as { lottery_id: string; n: number }[]
    expect(r.games.map((g) => [g.lottery_id, g.remaining_stock]).sort()).toEqual(
      perGame.map((g) => [g.lottery_id, g.n]).sort(),
    )
    expect(r.products.reduce((s, p) => s + p.value, 0)).toBe(
      one<{ n: number | null }>("SELECT SUM(quantity * price) AS n FROM products WHERE status <> 'discontinued'").n ??
        0,
    )
    const soldToday = one<{ n: number }>(
      `SELECT SUM(s.quantity) AS n FROM sales s JOIN lotteries l ON l._id = s.lottery_id AND l.game_type = 'draw'
       WHERE s.sale_time >= ? AND s.sale_time < ?`,
      r.period.start,
      r.period.end,
    ).n
    expect(r.movements.find((x) => x.stock === 'tickets' && x.reason === 'sale')?.quantity).toBe(-soldToday)
    expect(r.movements.find((x) => x.stock === 'tickets' && x.reason === 'cancel')?.count).toBe(1)
  })
})

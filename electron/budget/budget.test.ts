import { afterEach, describe, expect, it } from 'vitest'
import { createBackend } from '../backend'
import { receivePurchase } from '../product/service'
import { expectPosError, newRequestId, testBackend, type TestBackend } from '../../tests/support/backend'
import { progress } from '../../tests/support/exports'

let b: TestBackend
afterEach(() => b?.cleanup())

const one = <T>(sql: string, ...args: unknown[]) => b.ctx.db.prepare(sql).get(...args) as T

/** December 2026 with three items, on Thursday 10 December, 10:00 in New York. */
async function december(extra: { category: string; kind: 'expense' | 'income'; allocated_amount: number }[] = []) {
  b = testBackend({ start: '2026-12-10T15:00:00Z' })
  const m = await b.login('maria')
  const budget = await b.call(m, 'budget-save', {
    budget: {
      name: 'December 2026',
      first_day: '2026-12-01',
      last_day: '2026-12-31',
      total_budget: 500_000,
      items: [
        { category: 'Merchandise purchases', kind: 'expense', allocated_amount: 20_000 },
        { category: 'Rent', kind: 'expense', allocated_amount: 150_000 },
        { category: 'Lottery commissions', kind: 'income', allocated_amount: 30_000 },
        ...extra,
      ],
    },
  })
  const item = (category: string) => budget.items.find((i) => i.category === category)!
  return { m, budget, item }
}

/** Actual and variance of every item against its transactions, summed here. */
function consistent() {
  const off = b.ctx.db
    .prepare(
      `SELECT i.category FROM budget_items i WHERE i.actual_spent <> (SELECT COALESCE(SUM(CASE WHEN (i.kind = 'expense')
         = (t.transaction_type = 'Expense') THEN t.amount ELSE -t.amount END), 0) FROM budget_transactions t
         WHERE t.budget_item_id = i._id) OR i.variance <> i.allocated_amount - i.actual_spent`,
    )
    .all()
  expect(off).toEqual([])
}

async function buyAndReceive(m: string, reference: string, quantity: number, unitPrice: number, category = 'Drinks') {
  const supplier = await b.call(m, 'supplier-save', { supplier: { name: `Metro ${reference}` } })
  const p = await b.call(m, 'product-save', {
    product: { product_name: `Cola ${reference}`, sku: `COLA-${reference}`, price: 150, category },
  })
  await b.call(m, 'purchase-create', {
    supplierId: supplier._id,
    reference,
    lines: [{ productId: p._id, quantity, unitPrice }],
  })
  return { supplier, product: p, receive: () => b.call(m, 'purchase-receive', { reference }) }
}

describe('budgets', () => {
  it('a manager plans a month in items; allocations past the total are shown, not refused; bad input writes nothing', async () => {
    const { m, budget } = await december()
    expect(budget).toMatchObject({
      status: 'open',
      days: 31,
      elapsed_days: 10,
      allocated: 170_000,
      over_allocated: false,
    })
    expect(budget.start_date).toBe('2026-12-01T05:00:00.000Z')
    expect(budget.end_date).toBe('2027-01-01T05:00:00.000Z')
    const over = await b.call(m, 'budget-save', {
      budget: {
        id: budget._id,
        name: 'December 2026',
        first_day: '2026-12-01',
        last_day: '2026-12-31',
        total_budget: 100_000,
        items: budget.items.map((i) => ({
          id: i._id,
          category: i.category,
          kind: i.kind,
          allocated_amount: i.allocated_amount,
        })),
      },
    })
    expect(over.over_allocated).toBe(true)
    const before = one<{ n: number }>('SELECT COUNT(*) AS n FROM budgets').n
    const base = { name: 'X', first_day: '2026-12-01', last_day: '2026-12-31', total_budget: 100, items: [] }
    await expectPosError(b.call(m, 'budget-save', { budget: { ...base, last_day: '2026-11-30' } }), 'VALIDATION')
    await expectPosError(b.call(m, 'budget-save', { budget: { ...base, total_budget: -1 } }), 'VALIDATION')
    await expectPosError(b.call(m, 'budget-save', { budget: { ...base, total_budget: 1e15 } }), 'VALIDATION')
    await expectPosError(
      b.call(m, 'budget-save', {
        budget: { ...base, items: [{ category: '  ', kind: 'expense', allocated_amount: 1 }] },
      }),
      'VALIDATION',
    )
    await expectPosError(
      b.call(m, 'budget-save', { budget: { ...base, first_day: '2020-01-01', last_day: '2026-12-31' } }),
      'BUDGET_INVALID',
    )
    expect(one<{ n: number }>('SELECT COUNT(*) AS n FROM budgets').n).toBe(before)
    // A cashier has no create_budget.
    const s = await b.login('carlos')
    await expectPosError(b.call(s, 'budget-list', {}), 'FORBIDDEN')
    expect((await b.call(m, 'budget-list', {})).map((x) => x.name)).toEqual(['December 2026'])
  })

  it('takes transactions by hand inside an open budget only; actual and variance never drift from them', async () => {
    const { m, budget, item } = await december()
    const rent = item('Rent')
    const view = await b.call(m, 'budget-transaction-add', {
      itemId: rent._id,
      amount: 150_000,
      day: '2026-12-01',
      description: 'December rent',
      transaction_type: 'Expense',
    })
    expect(view.items.find((i) => i._id === rent._id)).toMatchObject({ actual_spent: 150_000, variance: 0 })
    // A refund on an expense counts against it.
    await b.call(m, 'budget-transaction-add', {
      itemId: rent._id,
      amount: 5_000,
      day: '2026-12-02',
      description: 'Deposit returned',
      transaction_type: 'Income',
    })
    consistent()
    expect(
      one<{ actual_spent: number }>('SELECT actual_spent FROM budget_items WHERE _id = ?', rent._id).actual_spent,
    ).toBe(145_000)
    const count = () => one<{ n: number }>('SELECT COUNT(*) AS n FROM budget_transactions').n
    const n = count()
    const add = (args: object) =>
      b.call(m, 'budget-transaction-add', {
        itemId: rent._id,
        amount: 100,
        day: '2026-12-05',
        description: 'x',
        transaction_type: 'Expense',
        ...args,
      } as never)
    expect((await expectPosError(add({ day: '2027-01-01' }), 'BUDGET_INVALID')).message).toMatch(
      /outside December 2026/,
    )
    await expectPosError(add({ amount: 0 }), 'VALIDATION')
    await expectPosError(add({ amount: -5 }), 'VALIDATION')
    await expectPosError(add({ amount: 2e12 }), 'VALIDATION')
    await expectPosError(add({ itemId: '0123456789abcdef01234567' }), 'NOT_FOUND')
    // Another store's budget item: not found here.
    b.ctx.db.prepare("UPDATE budgets SET store_id = 'elsewhere' WHERE _id = ?").run(budget._id)
    await expectPosError(add({}), 'NOT_FOUND')
    b.ctx.db.prepare('UPDATE budgets SET store_id = ? WHERE _id = ?').run(b.ctx.store._id, budget._id)
    await b.call(m, 'budget-close', { id: budget._id })
    await expectPosError(add({}), 'BUDGET_CLOSED')
    expect(count()).toBe(n)
    // Not even SQL changes or removes a transaction.
    expect(() => b.ctx.db.prepare('UPDATE budget_transactions SET amount = 1').run()).toThrow(/never changes/)
    expect(() => b.ctx.db.prepare('DELETE FROM budget_transactions').run()).toThrow(/never deleted/)
    expect(() => b.ctx.db.prepare('UPDATE budget_items SET actual_spent = 0 WHERE _id = ?').run(rent._id)).toThrow(
      /CHECK/,
    )
  })

  it("posts a received purchase to the supplier's, the category's or the merchandise item, once", async () => {
    const { m, item } = await december([
      { category: 'Drinks', kind: 'expense', allocated_amount: 10_000 },
      { category: 'Ticket stock', kind: 'expense', allocated_amount: 100_000 },
    ])
    // Draw tickets restocked post at face value: 200 Lotto tickets at $3.00.
    await b.call(m, 'stock-restock', {
      lotteryId: b.gameId('LOTTO'),
      batchNumber: 'L-99',
      quantity: 200,
      reference: 'Lottery delivery 99',
    })
    expect(
      b.ctx.db.prepare("SELECT budget_item_id, amount FROM budget_transactions WHERE source_type = 'restock'").all(),
    ).toEqual([{ budget_item_id: item('Ticket stock')._id, amount: 200 * 300 }])
    const drinks = await buyAndReceive(m, 'PO-1', 10, 80, 'Drinks')
    await drinks.receive()
    const snacks = await buyAndReceive(m, 'PO-2', 4, 250, 'Snacks')
    await snacks.receive()
    const posted = b.ctx.db
      .prepare(
        "SELECT budget_item_id, amount, source_id FROM budget_transactions WHERE source_type = 'purchase' ORDER BY source_id",
      )
      .all()
    expect(posted).toEqual([
      { budget_item_id: item('Drinks')._id, amount: 800, source_id: 'PO-1' },
      { budget_item_id: item('Merchandise purchases')._id, amount: 1000, source_id: 'PO-2' },
    ])
    // Replays post nothing: the next start, a second catch-up.
    const { postPending } = await import('./service')
    expect(postPending(b.ctx)).toBe(0)
    consistent()
    // Queued for central: the budget, its items, each transaction.
    const queued = b.ctx.db
      .prepare("SELECT collection, op FROM outbox WHERE collection LIKE 'budget%' ORDER BY seq")
      .all() as { collection: string; op: string }[]
    expect(queued.filter((q) => q.collection === 'budgets')).toEqual([{ collection: 'budgets', op: 'insert' }])
    expect(queued.filter((q) => q.collection === 'budget_transactions')).toHaveLength(3)
    expect(queued.filter((q) => q.collection === 'budget_items' && q.op === 'insert')).toHaveLength(5)
  })

  it('a purchase received while the process died before posting is posted at the next start, once', async () => {
    const { m } = await december()
    const drinks = await buyAndReceive(m, 'PO-9', 3, 100)
    // As if the app stopped right after the purchase committed: no reaction ran.
    receivePurchase(
      b.ctx,
      b.ctx.db.prepare("SELECT _id FROM users WHERE username = 'maria'").pluck().get() as string,
      'PO-9',
    )
    void drinks
    expect(one<{ n: number }>("SELECT COUNT(*) AS n FROM budget_transactions WHERE source_id = 'PO-9'").n).toBe(0)
    await b.close()
    for (let i = 0; i < 2; i++) {
      const again = createBackend({
        dataDir: b.dataDir,
        configPath: null,
        log: () => {},
        dailyBackups: false,
        startSync: false,
      })
      try {
        expect(
          again.ctx.db
            .prepare("SELECT COUNT(*) AS n, SUM(amount) AS v FROM budget_transactions WHERE source_id = 'PO-9'")
            .get(),
        ).toEqual({
          n: 1,
          v: 300,
        })
      } finally {
        await again.close()
      }
    }
  })

  it('posts the day close: commissions and the merchandise margin as income, a revision only its difference', async () => {
    const { m, item } = await december([{ category: 'Merchandise margin', kind: 'income', allocated_amount: 5_000 }])
    const s = await b.login('carlos')
    const cola = await buyAndReceive(m, 'PO-C', 10, 80)
    await cola.receive()
    await b.call(s, 'sale-create', {
      requestId: newRequestId(),
      paymentMethod: 'cash',
      lines: [
        { lotteryId: b.gameId('PICK3'), quantity: 4 },
        { productId: cola.product._id, quantity: 2 },
      ],
    } as never)
    const shift = (await b.call(s, 'shift-current')).shift!
    const paid = one<{ n: number }>('SELECT SUM(total_amount) AS n FROM sales').n
    const goods = one<{ n: number }>(
      "SELECT SUM(total_value + tax) AS n FROM inventory_transactions WHERE transaction_type = 'sale'",
    ).n
    await b.call(s, 'shift-close', { shiftId: shift._id, count: { cash: { total: paid + goods } } })
    const day = await b.call(m, 'report-day-close', { day: '2026-12-10' })
    const income = () =>
      b.ctx.db
        .prepare(
          "SELECT budget_item_id AS item, transaction_type AS type, amount FROM budget_transactions WHERE source_type = 'day_close' ORDER BY created_at, _id",
        )
        .all()
    // Commissions: 5% of $4.00 net; margin: $3.00 of cola (ex tax) less 2 x $0.80.
    expect(day.commissions.total).toBe(20)
    expect(income()).toEqual([
      { item: item('Lottery commissions')._id, type: 'Income', amount: 20 },
      { item: item('Merchandise margin')._id, type: 'Income', amount: 300 - 160 },
    ])
    // Ending the day again with the same figures posts nothing more.
    await b.call(m, 'report-day-close', { day: '2026-12-10' })
    expect(income()).toHaveLength(2)
    consistent()
  })

  it('forecasts each item and tells the managers once when an expense forecast crosses its allocation', async () => {
    const { m, budget, item } = await december([{ category: 'Utilities', kind: 'expense', allocated_amount: 3_000 }])
    const utilities = item('Utilities')
    // $8.00 of utilities over the first 10 days: $0.80 a day, $24.80 by the 31st. Under $30.00.
    await b.call(m, 'budget-transaction-add', {
      itemId: utilities._id,
      amount: 800,
      day: '2026-12-03',
      description: 'Water',
      transaction_type: 'Expense',
    })
    let v = await b.call(m, 'budget-get', { id: budget._id })
    expect(v.items.find((i) => i._id === utilities._id)).toMatchObject({
      actual_spent: 800,
      pace_per_day: 80,
      forecasted_spend: 800 + 21 * 80,
      forecast_over: false,
    })
    // Rent on the 1st of each month, not recorded yet: the forecast holds it whole.
    await b.call(m, 'budget-recurring-save', {
      itemId: item('Rent')._id,
      amount: 150_000,
      transaction_type: 'Expense',
      description: 'Rent',
      cadence: 'monthly',
      day_of_month: 1,
    })
    v = await b.call(m, 'budget-get', { id: budget._id })
    expect(v.items.find((i) => i.category === 'Rent')!.forecasted_spend).toBe(150_000)
    expect(v.recurring[0].due).toEqual(['2026-12-01'])
    await b.call(m, 'budget-recurring-record', { recurringId: v.recurring[0]._id, day: '2026-12-01' })
    await expectPosError(
      b.call(m, 'budget-recurring-record', { recurringId: v.recurring[0]._id, day: '2026-12-01' }),
      'NOT_ALLOWED',
    )
    v = await b.call(m, 'budget-get', { id: budget._id })
    // Recorded: the same forecast, and no pace carried from it.
    expect(v.items.find((i) => i.category === 'Rent')).toMatchObject({
      actual_spent: 150_000,
      forecasted_spend: 150_000,
      pace_per_day: 0,
    })
    const alerts = () =>
      (b.ctx.db.prepare("SELECT title FROM notifications WHERE type = 'compliance'").all() as { title: string }[]).map(
        (n) => n.title,
      )
    expect(alerts()).toEqual([])
    // A big bill: $15.00 more (and $1.00), $24.00 in 10 days, pace $2.40, forecast $74.40: over $30.00. Told once.
    await b.call(m, 'budget-transaction-add', {
      itemId: utilities._id,
      amount: 1_500,
      day: '2026-12-09',
      description: 'Electricity',
      transaction_type: 'Expense',
    })
    await b.call(m, 'budget-transaction-add', {
      itemId: utilities._id,
      amount: 100,
      day: '2026-12-10',
      description: 'Still over',
      transaction_type: 'Expense',
    })
    expect(alerts()).toEqual(['Forecast over budget: Utilities (December 2026)'])
    expect(
      (await b.call(m, 'budget-get', { id: budget._id })).items.find((i) => i._id === utilities._id),
    ).toMatchObject({
      forecasted_spend: 2_400 + 21 * 240,
      forecast_over: true,
    })
    // The day moves on with no new spending: the pace falls, still over; still one notice.
    b.clock.advance(5 * 86_400_000)
    const { refreshAllForecasts } = await import('./service')
    refreshAllForecasts(b.ctx)
    expect(alerts()).toHaveLength(1)
    // Raised past the forecast: back under; a later crossing tells again.
    const items = (await b.call(m, 'budget-get', { id: budget._id })).items
    await b.call(m, 'budget-save', {
      budget: {
        id: budget._id,
        name: 'December 2026',
        first_day: '2026-12-01',
        last_day: '2026-12-31',
        total_budget: 500_000,
        items: items.map((i) => ({
          id: i._id,
          category: i.category,
          kind: i.kind,
          allocated_amount: i._id === utilities._id ? 1_000_000 : i.allocated_amount,
        })),
      },
    })
    expect(
      (await b.call(m, 'budget-get', { id: budget._id })).items.find((i) => i._id === utilities._id)!.forecast_over,
    ).toBe(false)
    await b.call(m, 'budget-transaction-add', {
      itemId: utilities._id,
      amount: 1_000_000,
      day: '2026-12-15',
      description: 'Boiler',
      transaction_type: 'Expense',
    })
    expect(alerts()).toHaveLength(2)
    consistent()
  })

  it('a one-off counts as spent but never as pace; nothing is recorded ahead of its day; no budget twice', async () => {
    const { m, budget, item } = await december([{ category: 'Repairs', kind: 'expense', allocated_amount: 50_000 }])
    const repairs = item('Repairs')
    // The freezer repaired on the 2nd for $2,100: spent, and nothing says another one comes each day.
    const view = await b.call(m, 'budget-transaction-add', {
      itemId: repairs._id,
      amount: 210_000,
      day: '2026-12-02',
      description: 'Freezer compressor',
      transaction_type: 'Expense',
      one_off: true,
    })
    expect(view.items.find((i) => i._id === repairs._id)).toMatchObject({
      actual_spent: 210_000,
      pace_per_day: 0,
      forecasted_spend: 210_000,
    })
    expect(view.transactions[0]).toMatchObject({ description: 'Freezer compressor', one_off: true })
    // Day-to-day spending beside it is carried: $10.00 in 10 days, $1.00 a day over the 21 left.
    const paced = await b.call(m, 'budget-transaction-add', {
      itemId: repairs._id,
      amount: 1_000,
      day: '2026-12-05',
      description: 'Bulbs',
      transaction_type: 'Expense',
    })
    expect(paced.items.find((i) => i._id === repairs._id)).toMatchObject({
      pace_per_day: 100,
      forecasted_spend: 211_000 + 21 * 100,
    })
    // Refiled from the transactions (another day start), the pace is the same: one_off is in the row itself.
    b.ctx.db.prepare('UPDATE budget_basis SET timezone = NULL, start_hour = NULL').run()
    const { keepAllDays } = await import('./days')
    expect(keepAllDays(b.ctx)).toBe(1)
    expect((await b.call(m, 'budget-get', { id: budget._id })).items.find((i) => i._id === repairs._id)).toMatchObject({
      pace_per_day: 100,
      forecasted_spend: 211_000 + 21 * 100,
    })
    expect(
      one<{ one_off: number }>("SELECT one_off FROM budget_transactions WHERE description = 'Bulbs'").one_off,
    ).toBe(0)

    // Tomorrow has not happened: refused, by hand or as a recurring entry's occurrence, nothing written.
    const count = () => one<{ n: number }>('SELECT COUNT(*) AS n FROM budget_transactions').n
    const n = count()
    const ahead = await expectPosError(
      b.call(m, 'budget-transaction-add', {
        itemId: repairs._id,
        amount: 100,
        day: '2026-12-11',
        description: 'Next week',
        transaction_type: 'Expense',
      }),
      'BUDGET_INVALID',
    )
    expect(ahead.message).toBe(
      '2026-12-11 has not come yet (today is 2026-12-10): record it on its day. To plan for it, add it as a recurring entry.',
    )
    const rent = await b.call(m, 'budget-recurring-save', {
      itemId: item('Rent')._id,
      amount: 150_000,
      transaction_type: 'Expense',
      description: 'Rent',
      cadence: 'monthly',
      day_of_month: 15,
    })
    await expectPosError(
      b.call(m, 'budget-recurring-record', { recurringId: rent.recurring[0]._id, day: '2026-12-15' }),
      'BUDGET_INVALID',
    )
    expect(count()).toBe(n)

    // The same budget again (a double click, a second manager): refused, whatever the case of its name.
    const budgets = () => one<{ n: number }>('SELECT COUNT(*) AS n FROM budgets').n
    const twice = await expectPosError(
      b.call(m, 'budget-save', {
        budget: { name: ' december 2026', first_day: '2026-12-01', last_day: '2026-12-31', total_budget: 1, items: [] },
      }),
      'BUDGET_INVALID',
    )
    expect(twice.message).toMatch(/^There is already a budget December 2026 for 2026-12-01 to 2026-12-31/)
    expect(budgets()).toBe(1)
    // Another terminal's twin, made before either synced, arrives from central: this one stays editable.
    const row = one<Record<string, unknown>>('SELECT * FROM budgets WHERE _id = ?', budget._id)
    b.ctx.db
      .prepare(
        `INSERT INTO budgets (${Object.keys(row).join(', ')}) VALUES (${Object.keys(row)
          .map(() => '?')
          .join(', ')})`,
      )
      .run(...Object.values({ ...row, _id: 'aaaaaaaaaaaaaaaaaaaaaaaa', origin: 'central' }))
    const again = await b.call(m, 'budget-save', {
      budget: {
        id: budget._id,
        name: 'December 2026',
        first_day: '2026-12-01',
        last_day: '2026-12-31',
        total_budget: 600_000,
        items: (await b.call(m, 'budget-get', { id: budget._id })).items.map((i) => ({
          id: i._id,
          category: i.category,
          kind: i.kind,
          allocated_amount: i.allocated_amount,
        })),
      },
    })
    expect(again.total_budget).toBe(600_000)
    b.ctx.db.prepare("DELETE FROM budgets WHERE _id = 'aaaaaaaaaaaaaaaaaaaaaaaa'").run()
    // Another period under the same name is another budget; renaming onto a twin is refused too.
    const jan = await b.call(m, 'budget-save', {
      budget: { name: 'December 2026', first_day: '2027-01-01', last_day: '2027-01-31', total_budget: 1, items: [] },
    })
    expect(budgets()).toBe(2)
    await expectPosError(
      b.call(m, 'budget-save', {
        budget: {
          id: jan._id,
          name: 'December 2026',
          first_day: '2026-12-01',
          last_day: '2026-12-31',
          total_budget: 1,
          items: [],
        },
      }),
      'BUDGET_INVALID',
    )
    consistent()
  })

  it('exports the budget as a PDF and its items as CSV through the reports, recorded in reports', async () => {
    const { m, budget } = await december()
    const p = progress(b)
    const done = p.end
    const pdf = await b.call(m, 'budget-export', { id: budget._id, format: 'pdf' })
    expect(pdf.report_type).toBe('budget')
    expect((await done(pdf._id)).status).toBe('completed')
    const csv = await b.call(m, 'budget-export', { id: budget._id, format: 'csv', table: 'items' })
    const end = await done(csv._id)
    const fs = await import('node:fs')
    expect(fs.readFileSync(end.file!, 'utf8').split('\n')[0]).toBe('Item,Kind,Allocated,Actual,Variance,Forecast,A day')
    expect(one<{ status: string }>('SELECT status FROM reports WHERE _id = ?', csv._id).status).toBe('completed')
  })
})

import Database from 'better-sqlite3'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { forecast } from '../../shared/budget'
import { businessDay } from '../../shared/cash'
import type { BudgetView } from '../../shared/contract'
import { testBackend, type TestBackend } from '../../tests/support/backend'
import { createBackend } from '../backend'
import { catalogChanged } from '../catalog/repo'
import { dayFiler, keepAllDays } from './days'
import { basisOf, daysOfBudget, type DayRow } from './days-repo'
import { budgetView, refreshAllForecasts } from './service'

let b: TestBackend
afterEach(() => b?.cleanup())

type Db = Pick<Database.Database, 'prepare'>

/** A budget's days recomputed here from its transactions, one businessDay per transaction. */
function recomputed(db: Db, budgetId: string, zone: string, hour: number): DayRow[] {
  const rows = db
    .prepare(
      `SELECT t.budget_item_id AS item, t.transaction_date AS at, t.amount, t.transaction_type AS type,
         t.source_type AS source
       FROM budget_transactions t JOIN budget_items i ON i._id = t.budget_item_id WHERE i.budget_id = ?`,
    )
    .all(budgetId) as { item: string; at: string; amount: number; type: string; source: string }[]
  const days = new Map<string, DayRow>()
  for (const t of rows) {
    const day = businessDay(new Date(t.at), zone, hour)
    const d = days.get(`${t.item} ${day}`) ?? { item: t.item, day, amount: 0, base: 0, n: 0 }
    const amount = t.type === 'Expense' ? t.amount : -t.amount
    d.amount += amount
    if (t.source !== 'recurring') d.base += amount
    d.n++
    days.set(`${t.item} ${day}`, d)
  }
  return sorted([...days.values()])
}
const sorted = (rows: DayRow[]) => [...rows].sort((x, y) => x.item.localeCompare(y.item) || x.day.localeCompare(y.day))

/** What the screen shows of those days: months per item, the day-by-day line of expenses, each item's pace. */
function expectScreen(v: BudgetView, days: DayRow[]) {
  const sign = (item: string) => (v.items.find((i) => i._id === item)!.kind === 'expense' ? 1 : -1)
  expect(v.transaction_count).toBe(days.reduce((n, d) => n + d.n, 0))
  for (const m of v.months)
    for (const i of m.items)
      expect(i.actual, `${m.month} ${i.budget_item_id}`).toBe(
        days
          .filter((d) => d.item === i.budget_item_id && d.day.startsWith(m.month))
          .reduce((s, d) => s + sign(d.item) * d.amount, 0),
      )
  for (const t of v.timeline)
    expect(t.actual, t.day).toBe(
      days
        .filter((d) => sign(d.item) === 1 && d.day <= t.day && d.day >= v.first_day)
        .reduce((s, d) => s + d.amount, 0),
    )
  for (const i of v.items) {
    const base = days.filter((d) => d.item === i._id).reduce((s, d) => s + sign(d.item) * d.base, 0)
    expect(i.pace_per_day, i.category).toBe(
      forecast({ actual: i.actual_spent, base, upcoming: 0 }, v.days, v.elapsed_days).pace,
    )
  }
}

/** March to November 2026 in New York (both clock changes inside), on Saturday 7 March, 10:00. */
async function marchToNovember() {
  b = testBackend({ start: '2026-03-07T15:00:00Z' })
  const m = await b.login('maria')
  const budget = await b.call(m, 'budget-save', {
    budget: {
      name: 'Spring to autumn',
      first_day: '2026-03-01',
      last_day: '2026-11-30',
      total_budget: 5_000_000,
      items: [
        { category: 'Merchandise purchases', kind: 'expense', allocated_amount: 100_000 },
        { category: 'Ticket stock', kind: 'expense', allocated_amount: 1_000_000 },
        { category: 'Rent', kind: 'expense', allocated_amount: 1_200_000 },
        { category: 'Lottery commissions', kind: 'income', allocated_amount: 50_000 },
      ],
    },
  })
  const item = (category: string) => budget.items.find((i) => i.category === category)!._id
  let po = 0
  const receive = async (quantity: number) => {
    const reference = `PO-${++po}`
    const supplier = await b.call(m, 'supplier-save', { supplier: { name: `Metro ${reference}` } })
    const p = await b.call(m, 'product-save', {
      product: { product_name: `Cola ${reference}`, sku: `COLA-${reference}`, price: 150, category: 'Drinks' },
    })
    await b.call(m, 'purchase-create', {
      supplierId: supplier._id,
      reference,
      lines: [{ productId: p._id, quantity, unitPrice: 80 }],
    })
    await b.call(m, 'purchase-receive', { reference })
  }
  // Money is recorded on its day (never ahead of it): the computer's clock goes to that day's noon in New York
  // for the entry, and back.
  const add = async (category: string, day: string, amount: number, type: 'Expense' | 'Income') => {
    const was = b.clock()
    if (`${day}T17:00:00.000Z` > was.toISOString()) b.clock.set(`${day}T17:00:00.000Z`)
    try {
      return await b.call(m, 'budget-transaction-add', {
        itemId: item(category),
        amount,
        day,
        description: `${category} ${day}`,
        transaction_type: type,
      })
    } finally {
      b.clock.set(was)
    }
  }
  const to = (at: string) => b.clock.advance(Date.parse(at) - b.clock().getTime())
  return { m, budget, item, receive, add, to }
}

describe('budget_days: what each item comes to per business day', () => {
  it('equals a recomputation from the transactions after every kind of posting, across both clock changes', async () => {
    const { m, budget, item, receive, add, to } = await marchToNovember()
    const id = budget._id
    const check = (zone: string, hour: number) => {
      const expected = recomputed(b.ctx.db, id, zone, hour)
      expect(sorted(daysOfBudget(b.ctx.db, id))).toEqual(expected)
      return expected
    }
    // By hand, on the days around spring forward (8 March) and fall back (1 November), an income and its refund.
    for (const day of ['2026-03-07', '2026-03-08', '2026-03-09', '2026-10-31', '2026-11-01', '2026-11-02'])
      await add('Rent', day, 10_000, 'Expense')
    await add('Lottery commissions', '2026-03-08', 2_500, 'Income')
    await add('Lottery commissions', '2026-03-09', 500, 'Expense')
    await add('Rent', '2026-03-09', 1_000, 'Income')
    // Purchases received at 23:30 EST on 7 March (8 March in UTC), 01:30 EST and 03:30 EDT on 8 March; restocks
    // at 01:30 EDT and 01:30 EST on 1 November.
    to('2026-03-08T04:30:00.000Z')
    await receive(2)
    to('2026-03-08T06:30:00.000Z')
    await receive(10)
    to('2026-03-08T07:30:00.000Z')
    await receive(3)
    const restock = (batch: string) =>
      b.call(m, 'stock-restock', { lotteryId: b.gameId('LOTTO'), batchNumber: batch, quantity: 10, reference: batch })
    to('2026-11-01T05:30:00.000Z')
    await restock('L-1')
    to('2026-11-01T06:30:00.000Z')
    await restock('L-2')
    // A recurring entry recorded once: in the days, out of the base.
    const v = await b.call(m, 'budget-recurring-save', {
      itemId: item('Rent'),
      amount: 100_000,
      transaction_type: 'Expense',
      description: 'Rent',
      cadence: 'monthly',
      day_of_month: 1,
    })
    await b.call(m, 'budget-recurring-record', { recurringId: v.recurring[0]._id, day: '2026-04-01' })
    const days = check('America/New_York', 0)
    expect(days.map((d) => d.day)).toEqual(expect.arrayContaining(['2026-03-08', '2026-11-01']))
    expect(days.some((d) => d.base !== d.amount)).toBe(true)
    expectScreen(await b.call(m, 'budget-get', { id }), days)

    // The day now starts at 02:00 (an hour that does not exist on 8 March): a read before the days are refiled
    // (an export's) computes them from the transactions; the screen refiles them once, then reads them.
    await b.call(m, 'settings-set', { business_day_start_hour: 2 })
    const at2 = recomputed(b.ctx.db, id, 'America/New_York', 2)
    expect(at2).not.toEqual(days)
    expectScreen(budgetView(b.ctx, id), at2)
    expect(basisOf(b.ctx.db, id)).toMatchObject({ timezone: 'America/New_York', start_hour: 0 })
    expectScreen(await b.call(m, 'budget-get', { id }), at2)
    expect(check('America/New_York', 2)).toEqual(at2)
    await add('Rent', '2026-03-08', 700, 'Expense')
    await add('Rent', '2026-03-09', 300, 'Expense')
    // 01:30 on 2 November: still the 1st's business day.
    to('2026-11-02T06:30:00.000Z')
    await restock('L-3')
    expect(
      daysOfBudget(b.ctx.db, id).find((d) => d.item === item('Ticket stock') && d.day === '2026-11-01'),
    ).toMatchObject({ n: 1 })
    expectScreen(await b.call(m, 'budget-get', { id }), check('America/New_York', 2))

    // Central moves the store to India (a half-hour offset): the same, refiled by the next round.
    b.ctx.db.prepare("UPDATE stores SET timezone = 'Asia/Kolkata'").run()
    catalogChanged(b.ctx.db)
    const india = recomputed(b.ctx.db, id, 'Asia/Kolkata', 2)
    expectScreen(budgetView(b.ctx, id), india)
    expect(basisOf(b.ctx.db, id)).toMatchObject({ timezone: 'America/New_York', start_hour: 2 })
    expect(keepAllDays(b.ctx)).toBe(1)
    expect(keepAllDays(b.ctx)).toBe(0)
    expect(check('Asia/Kolkata', 2)).toEqual(india)
    // 03:30 on 4 November in India, still the 3rd in UTC.
    to('2026-11-03T22:00:00.000Z')
    await restock('L-4')
    expect(daysOfBudget(b.ctx.db, id).find((d) => d.day === '2026-11-04')).toMatchObject({ n: 1 })
    expectScreen(await b.call(m, 'budget-get', { id }), check('Asia/Kolkata', 2))
  })

  it("keeps every item's forecast as a full recomputation would, though a posting redoes only its own item's", async () => {
    const { m, budget, add } = await marchToNovember()
    const forecasts = () =>
      b.ctx.db
        .prepare('SELECT _id, forecasted_spend, forecast_over FROM budget_items WHERE budget_id = ? ORDER BY _id')
        .all(budget._id)
    const full = () => {
      const before = forecasts()
      refreshAllForecasts(b.ctx)
      return { before, after: forecasts() }
    }
    await add('Rent', '2026-03-02', 40_000, 'Expense')
    await add('Merchandise purchases', '2026-03-03', 9_000, 'Expense')
    await add('Lottery commissions', '2026-03-04', 3_000, 'Income')
    let f = full()
    expect(f.after).toEqual(f.before)
    // The next day every pace falls: the first posting of the day redoes every item, not only its own.
    b.clock.advance(86_400_000)
    await add('Rent', '2026-03-08', 1_000, 'Expense')
    f = full()
    expect(f.after).toEqual(f.before)
    const queued = () =>
      (b.ctx.db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE collection = 'budget_items'").get() as { n: number }).n
    // The same day again: one item's forecast changes, and only its row is queued for central.
    const n = queued()
    await add('Merchandise purchases', '2026-03-08', 5_000, 'Expense')
    expect(queued()).toBe(n + 1)
    f = full()
    expect(f.after).toEqual(f.before)
    void m
  })

  it('are filed at the first start after migration 021 from the transactions already recorded (upgrade from 020)', async () => {
    const { m, budget, add, receive, to } = await marchToNovember()
    await add('Rent', '2026-03-08', 10_000, 'Expense')
    await add('Lottery commissions', '2026-03-09', 2_000, 'Income')
    to('2026-03-08T06:30:00.000Z')
    await receive(4)
    const screen = await b.call(m, 'budget-get', { id: budget._id })
    await b.close()
    // The database as version 020 left it: budget_transactions and their items only.
    const raw = new Database(path.join(b.dataDir, 'pos.sqlite'))
    raw.exec('DROP TABLE budget_days; DROP TABLE budget_basis; DELETE FROM schema_migrations WHERE version = 21')
    raw.close()
    const again = createBackend({
      dataDir: b.dataDir,
      configPath: null,
      clock: b.clock,
      monotonic: b.clock.monotonic,
      log: () => {},
      dailyBackups: false,
      startSync: false,
    })
    try {
      const expected = recomputed(again.ctx.db, budget._id, 'America/New_York', 0)
      expect(expected.length).toBeGreaterThan(0)
      expect(sorted(daysOfBudget(again.ctx.db, budget._id))).toEqual(expected)
      expect(basisOf(again.ctx.db, budget._id)).toMatchObject({ timezone: 'America/New_York', start_hour: 0 })
      // The same screen as before the upgrade (sessions end with the process: read through the service).
      expect(budgetView(again.ctx, budget._id)).toEqual(screen)
    } finally {
      await again.close()
    }
  })
})

describe('dayFiler', () => {
  it('files every instant as businessDay does, across clock changes, in any order, in odd timezones', () => {
    // Each zone with days around its clock changes in 2026: whole-hour, half-hour and 45-minute offsets, a
    // 30-minute change, changes at midnight, and 02:00 that does not exist on New York's spring-forward day.
    const cases: [string, string[]][] = [
      ['America/New_York', ['2026-03-07', '2026-10-31']],
      ['Europe/London', ['2026-03-28', '2026-10-24']],
      ['Australia/Lord_Howe', ['2026-04-04', '2026-10-03']],
      ['Asia/Kolkata', ['2026-06-01']],
      ['America/Havana', ['2026-03-07', '2026-10-31']],
      ['Pacific/Chatham', ['2026-04-04', '2026-09-26']],
    ]
    let seed = 7
    const random = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32
    let checked = 0
    for (const [zone, firsts] of cases)
      for (const hour of [0, 1, 2, 3, 4, 12]) {
        const instants: number[] = []
        for (const first of firsts)
          for (let t = Date.parse(`${first}T00:00:00Z`); t < Date.parse(`${first}T00:00:00Z`) + 4 * 86_400_000;)
            instants.push((t += 1 + Math.floor(random() * 23 * 60_000)))
        // Shuffled: the filer keeps days in any order.
        for (let i = instants.length - 1; i > 0; i--) {
          const j = Math.floor(random() * (i + 1))
          ;[instants[i], instants[j]] = [instants[j], instants[i]]
        }
        const file = dayFiler(zone, hour)
        for (const t of instants) {
          const iso = new Date(t).toISOString()
          expect(file(iso), `${zone} ${hour} ${iso}`).toBe(businessDay(new Date(t), zone, hour))
          checked++
        }
      }
    expect(checked).toBeGreaterThan(10_000)
  })
})

import os from 'node:os'
import fs from 'node:fs'
import path from 'node:path'
import { Session } from 'node:inspector/promises'
import { BUDGET_CATEGORIES, type BudgetView } from '../../shared/contract'
import { refileDays } from '../../electron/budget/days'
import { refreshAllForecasts } from '../../electron/budget/service'
import { testBackend } from '../support/backend'
import { fmt, pairedTimings, stats, verdict, type Stats } from './stats'

const MB = 1e6
const n = (x: number) => Math.round(x).toLocaleString('en-US')
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')
const since = (t: bigint) => process.hrtime.bigint() - t
const ratio = (ours: Stats, base: Stats) =>
  `${(ours.p50 / base.p50).toFixed(1)}x (median), ${(ours.p99 / base.p99).toFixed(1)}x (p99)`

/**
 * BUDGET_PROFILE=<folder>: a CPU profile of a phase's runs in <folder>/<phase>/ (read with profile-top.mjs). Its
 * timings are the profiler's, not the figures to quote: run again without it for those.
 */
async function profiled(phase: string, run: () => Promise<void>): Promise<void> {
  const dir = process.env.BUDGET_PROFILE
  if (!dir) return run()
  const s = new Session()
  s.connect()
  await s.post('Profiler.enable')
  await s.post('Profiler.start')
  try {
    await run()
  } finally {
    const { profile } = await s.post('Profiler.stop')
    fs.mkdirSync(path.join(dir, phase), { recursive: true })
    fs.writeFileSync(path.join(dir, phase, `${phase}.cpuprofile`), JSON.stringify(profile))
    s.disconnect()
  }
}

/** The days of the budget so far, 2026-01-01 to today (2026-07-01) included: the bulk rows spread over them. */
const DAYS_SO_FAR = 182

/**
 * The budget screen (issue 15) of a year's budget (2026-01-01..2026-12-31) with 50 items (44 expenses, 6 incomes)
 * and 100,000 transactions over its first half, on 2026-07-01 at 11:00 in New York, through the handlers as the
 * screen calls them:
 *  - a sample of budget-transaction-add calls on the empty budget first, to tell what entering the 100,000 by
 *    hand would take; the rest go in with one INSERT ... SELECT (its triggers keep actual and variance), their
 *    business days are filed (budget_days: what the first start after migration 021 does), then the forecasts
 *    are refreshed once and four recurring entries saved (two of them recorded once);
 *  - budget-get against the bare aggregate of the budget's transactions (SUM per item, on the same read
 *    connection), the two taking turns run by run;
 *  - budget-transaction-add of one manual transaction on the full budget (each files it in its item's day,
 *    recomputes that item's forecast and returns the whole screen), as information.
 */
export async function benchBudget(
  total = Number(process.env.BUDGET_TRANSACTIONS ?? 100_000),
  runs = 30,
  warmups = 5,
  sample = 100,
) {
  const lines: string[] = [`${os.cpus().length} cores, load ${load()} at start`]
  const b = testBackend({ start: '2026-07-01T15:00:00Z', startSync: false, shift: false })
  const m = await b.login('maria')
  const maria = (b.ctx.db.prepare("SELECT _id FROM users WHERE username = 'maria'").get() as { _id: string })._id

  // ---- the budget: the store's eight categories and 42 more ----
  const items = [
    ...BUDGET_CATEGORIES.map((c) => ({ category: c.category, kind: c.kind as 'expense' | 'income' })),
    ...Array.from({ length: 38 }, (_, i) => ({
      category: `Expense ${String(i + 1).padStart(2, '0')}`,
      kind: 'expense' as const,
    })),
    ...Array.from({ length: 4 }, (_, i) => ({
      category: `Income ${String(i + 1).padStart(2, '0')}`,
      kind: 'income' as const,
    })),
  ].map((it, i) => ({ ...it, allocated_amount: 500_000 + i * 10_000 }))
  let t = process.hrtime.bigint()
  const saved = await b.call(m, 'budget-save', {
    budget: {
      name: '2026',
      description: 'The year',
      first_day: '2026-01-01',
      last_day: '2026-12-31',
      total_budget: 40_000_000,
      items,
    },
  })
  const saveMs = Number(since(t)) / 1e6
  const id = saved._id
  const ids = saved.items.map((i) => i._id)
  const kinds = saved.items.map((i) => i.kind)
  const expenseIds = saved.items.filter((i) => i.kind === 'expense').map((i) => i._id)
  lines.push(
    `budget-save of ${saved.items.length} items (${expenseIds.length} expense, ${saved.items.length - expenseIds.length} income), ${saved.first_day}..${saved.last_day} (${saved.days} days, ${saved.elapsed_days} elapsed on ${saved.today}): ${saveMs.toFixed(1)} ms`,
  )

  // ---- 1. entering them by hand: a sample on the empty budget ----
  const day = (k: number) =>
    new Date(Date.parse('2026-01-01T00:00:00Z') + (k % DAYS_SO_FAR) * 86_400_000).toISOString().slice(0, 10)
  const addOne = (k: number) =>
    b.call(m, 'budget-transaction-add', {
      itemId: ids[k % ids.length],
      amount: 100 + ((k * 7919) % 50_000),
      day: day(k),
      description: `By hand ${k}`,
      transaction_type: kinds[k % ids.length] === 'expense' ? 'Expense' : 'Income',
    })
  const early: bigint[] = []
  for (let k = 0; k < sample; k++) {
    const s = process.hrtime.bigint()
    await addOne(k)
    early.push(since(s))
  }
  const se = stats(early)

  // ---- the rest in one statement ----
  const bulk = total - sample
  t = process.hrtime.bigint()
  // Row i: item (i - 1) % 50, on day ((i - 1) / 50) % 182 of the budget (every item every day so far, about 11
  // rows an item a day, 550 a day in all, as automatic postings come), at minute 53 * ((i - 1) / 9100) % 540 from
  // 01:00 in New York (05:00 UTC; in summer that is the day's second hour, still inside it): each item's rows of a
  // day at about 9 distinct hours. One in 20 rows of an expense item is a refund.
  const perRound = ids.length * DAYS_SO_FAR
  const dated = `strftime('%Y-%m-%dT%H:%M:%fZ', '2026-01-01 05:00:00', printf('+%d days', ((i - 1) / ${ids.length}) % ${DAYS_SO_FAR}), printf('+%d minutes', (53 * ((i - 1) / ${perRound})) % 540))`
  b.ctx.db.transaction(() => {
    b.ctx.db
      .prepare(
        `INSERT INTO budget_transactions (_id, budget_item_id, amount, transaction_date, description, transaction_type,
           source_type, source_id, user_id, created_at)
         WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < @n),
           r(i, item, kind) AS (SELECT i, json_extract(@ids, printf('$[%d]', (i - 1) % @items)),
             json_extract(@kinds, printf('$[%d]', (i - 1) % @items)) FROM c)
         SELECT printf('b%023x', i), item, 100 + (i * 7919) % 50000, ${dated}, printf('Bulk entry %d', i),
           CASE WHEN kind = 'income' OR i % 20 = 0 THEN 'Income' ELSE 'Expense' END, 'manual', NULL, @user, ${dated}
         FROM r`,
      )
      .run({ n: bulk, ids: JSON.stringify(ids), kinds: JSON.stringify(kinds), items: ids.length, user: maria })
  })()
  const bulkS = Number(since(t)) / 1e9
  // Inserted past the service, so filed into budget_days as the first start after migration 021 files a budget.
  t = process.hrtime.bigint()
  b.ctx.db.transaction(() => refileDays(b.ctx, id))()
  const fileMs = Number(since(t)) / 1e6
  t = process.hrtime.bigint()
  refreshAllForecasts(b.ctx)
  const refreshMs = Number(since(t)) / 1e6

  // ---- recurring entries on four items, two of them recorded once ----
  const item = (category: string) => saved.items.find((i) => i.category === category)!._id
  t = process.hrtime.bigint()
  const recurring: BudgetView['recurring'] = []
  for (const r of [
    {
      itemId: item('Rent'),
      amount: 250_000,
      transaction_type: 'Expense',
      description: 'Rent',
      cadence: 'monthly',
      day_of_month: 1,
    },
    {
      itemId: item('Wages'),
      amount: 180_000,
      transaction_type: 'Expense',
      description: 'Payroll',
      cadence: 'weekly',
      first_day: '2026-01-02',
      interval_weeks: 2,
    },
    {
      itemId: item('Utilities'),
      amount: 32_000,
      transaction_type: 'Expense',
      description: 'Power',
      cadence: 'monthly',
      day_of_month: 15,
    },
    {
      itemId: item('Lottery commissions'),
      amount: 90_000,
      transaction_type: 'Income',
      description: 'State bonus',
      cadence: 'monthly',
      day_of_month: 28,
    },
  ] as const) {
    const v = await b.call(m, 'budget-recurring-save', r)
    recurring.splice(0, recurring.length, ...v.recurring)
  }
  for (const r of recurring.slice(0, 2))
    await b.call(m, 'budget-recurring-record', { recurringId: r._id, day: r.due[0] })
  const recurringMs = Number(since(t)) / 1e6
  b.ctx.db.pragma('wal_checkpoint(TRUNCATE)')

  const held = (
    b.ctx.db
      .prepare(
        `SELECT COUNT(*) AS n FROM budget_transactions t JOIN budget_items i ON i._id = t.budget_item_id
         WHERE i.budget_id = ?`,
      )
      .get(id) as { n: number }
  ).n
  // The triggers' actual per item against the transactions summed here.
  const drift = b.ctx.db
    .prepare(
      `SELECT COUNT(*) AS n FROM budget_items i WHERE i.budget_id = ? AND i.actual_spent <> (SELECT COALESCE(SUM(
         CASE WHEN (i.kind = 'expense') = (t.transaction_type = 'Expense') THEN t.amount ELSE -t.amount END), 0)
         FROM budget_transactions t WHERE t.budget_item_id = i._id)`,
    )
    .get(id) as { n: number }
  const spread = b.ctx.db
    .prepare(
      `SELECT COUNT(DISTINCT t.budget_item_id || substr(t.transaction_date, 1, 10)) AS days,
         COUNT(DISTINCT t.budget_item_id || substr(t.transaction_date, 1, 13)) AS hours
       FROM budget_transactions t JOIN budget_items i ON i._id = t.budget_item_id WHERE i.budget_id = ?`,
    )
    .get(id) as { days: number; hours: number }
  const filed = (
    b.ctx.db
      .prepare(
        'SELECT COUNT(*) AS n FROM budget_days d JOIN budget_items i ON i._id = d.budget_item_id WHERE i.budget_id = ?',
      )
      .get(id) as { n: number }
  ).n
  lines.push(
    `budget-transaction-add on the empty budget, ${sample} calls: ${fmt(se)}; ${n(total)} of them by hand would take about ${((se.mean * total) / 1000).toFixed(0)} s at that rate (more: each call grows with the budget, see below)`,
    `bulk INSERT ... SELECT of ${n(bulk)} transactions (triggers on): ${bulkS.toFixed(2)} s; their business days filed (budget_days, as the first start after migration 021): ${fileMs.toFixed(0)} ms; refreshAllForecasts once: ${refreshMs.toFixed(1)} ms; 4 recurring entries saved + 2 recorded: ${recurringMs.toFixed(0)} ms`,
    `held: ${n(held)} transactions in the budget, ${n(spread.days)} (item, UTC day) and ${n(spread.hours)} (item, UTC hour) pairs, ${n(filed)} (item, business day) rows in budget_days; items whose actual differs from their transactions: ${drift.n} (${verdict(drift.n === 0 && held >= total)}); file ${(fs.statSync(b.dbFile).size / MB).toFixed(0)} MB`,
  )

  // ---- 2. the budget screen against the bare aggregate ----
  const bare = b.ctx.read.prepare(
    `SELECT budget_item_id, SUM(amount) AS amount FROM budget_transactions
     WHERE budget_item_id IN (SELECT _id FROM budget_items WHERE budget_id = ?) GROUP BY budget_item_id`,
  )
  const view = await b.call(m, 'budget-get', { id })
  const bareRows = bare.all(id) as { budget_item_id: string; amount: number }[]
  lines.push(
    `budget-get returns ${view.items.length} items, ${view.transactions.length} newest of ${n(view.transaction_count)} transactions, ${view.months.length} months, ${view.timeline.length} days, ${view.recurring.length} recurring (${view.recurring.reduce((s, r) => s + r.due.length, 0)} due); ${(JSON.stringify(view).length / 1000).toFixed(0)} kB as JSON; bare aggregate: ${bareRows.length} rows`,
    `${runs} runs each after ${warmups} warm-ups, the screen and the bare aggregate in turn:`,
  )
  let ours: bigint[] = []
  let base: bigint[] = []
  await profiled('budget-get', async () => {
    ;({ ours, bare: base } = await pairedTimings(
      runs,
      warmups,
      () => b.call(m, 'budget-get', { id }),
      () => bare.all(id),
    ))
  })
  const so = stats(ours)
  const sb = stats(base)
  lines.push(
    `budget-get: ${fmt(so)}, max ${so.max.toFixed(1)} ms; p99 < 50 ms: ${verdict(so.p99 < 50)}`,
    `bare SUM per item of the budget's transactions: ${fmt(sb)}; budget-get / bare: ${ratio(so, sb)}`,
  )

  // ---- 3. one manual transaction on the full budget ----
  const adds: bigint[] = []
  await profiled('budget-transaction-add', async () => {
    for (let i = -3; i < runs; i++) {
      const s = process.hrtime.bigint()
      await addOne(sample + i + 3)
      if (i >= 0) adds.push(since(s))
    }
  })
  const sa = stats(adds)
  lines.push(
    `budget-transaction-add on ${n(held)} transactions, ${runs} calls after 3 warm-ups: ${fmt(sa)}, max ${sa.max.toFixed(1)} ms (information: each files its day, recomputes its item's forecast and returns the screen); ${(sa.p50 / so.p50).toFixed(1)}x budget-get (median)`,
    `${n(total)} by hand: between ${((se.mean * total) / 1000).toFixed(0)} s (the empty budget's rate) and ${((sa.mean * total) / 1000 / 60).toFixed(0)} min (the full one's); about ${((((se.mean + sa.mean) / 2) * total) / 1000 / 60).toFixed(0)} min if the cost grows linearly`,
    `load ${load()} at the end`,
  )
  await b.cleanup()
  return { name: `budget screen on ${n(total)} transactions`, lines }
}

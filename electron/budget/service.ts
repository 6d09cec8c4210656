import type {
  BudgetItemView,
  BudgetSummary,
  BudgetTransactionView,
  BudgetView,
  DayReport,
  ParsedArgsOf,
} from '../../shared/contract'
import { daysBetween, forecast, forecastOver, occurrences } from '../../shared/budget'
import { businessDay, businessDayBounds } from '../../shared/cash'
import { PosError } from '../../shared/errors'
import { formatMoney } from '../../shared/money'
import { auditEntry } from '../audit/audited'
import type { Ctx } from '../core/context'
import { insertNotification } from '../notify/repo'
import { enqueue } from '../outbox/repo'
import { getSetting } from '../settings/repo'
import { inTransaction, type ReadDB } from '../store/db'
import { dayFiler, fileTransaction, keepDays, totalsOf } from './days'
import { basisOf, baseOfItem, setForecastBasis, totalsOfBudget } from './days-repo'
import {
  budgetById,
  budgetsOf,
  closeBudgetRow,
  dayPosted,
  dayReportsIn,
  deleteItem,
  deleteRecurringOf,
  transactionsOutside,
  insertBudget,
  insertBudgetTransaction,
  insertItem,
  insertRecurring,
  itemById,
  itemsOf,
  merchandiseCost,
  openBudgets,
  postedForDay,
  recentTransactions,
  recordedOccurrences,
  recurringById,
  recurringOf,
  setForecast,
  transactionCount,
  unpostedPurchaseLines,
  unpostedRestocks,
  updateBudget,
  updateItem,
  type BudgetRow,
  type ItemRow,
  type TransactionRow,
} from './repo'

/** The longest budget: five years, as the reports' longest period. */
const MAX_DAYS = 5 * 366

const startHour = (ctx: Ctx) => getSetting(ctx.db, 'business_day_start_hour')
const todayOf = (ctx: Ctx) => businessDay(ctx.clock(), ctx.store.timezone, startHour(ctx))
const boundsOf = (ctx: Ctx, day: string) => businessDayBounds(day, ctx.store.timezone, startHour(ctx))

/**
 * Money is recorded on or after its day: spent in the future is not spent yet (what is known to come is a
 * recurring entry, which the forecast holds until it is recorded). Today is the store's business day.
 */
function notAhead(ctx: Ctx, day: string): void {
  const today = todayOf(ctx)
  if (day > today)
    throw new PosError(
      'BUDGET_INVALID',
      `${day} has not come yet (today is ${today}): record it on its day. To plan for it, add it as a recurring entry.`,
    )
}

function budgetOfStore(ctx: Ctx, db: ReadDB, id: string): BudgetRow {
  const b = budgetById(db, id)
  if (!b || b.store_id !== ctx.store._id) throw new PosError('NOT_FOUND', 'No such budget in this store.')
  return b
}

function itemOfStore(ctx: Ctx, id: string): { item: ItemRow; budget: BudgetRow } {
  const item = itemById(ctx.db, id)
  const budget = item ? budgetById(ctx.db, item.budget_id) : null
  if (!item || !budget || budget.store_id !== ctx.store._id)
    throw new PosError('NOT_FOUND', 'No such budget item in this store.')
  return { item, budget }
}

const docOfBudget = (b: BudgetRow) => ({ ...b })
const docOfItem = (i: ItemRow) => ({ ...i, forecast_over: !!i.forecast_over })

/**
 * Recomputes the forecasts of an open budget (in the caller's transaction) and tells the managers of each
 * expense item whose forecast has just crossed past its allocation, once per crossing. Given the items a change
 * touched, only theirs, when the others' were last made for the same days (budget_basis); else every item's.
 */
export function refreshForecasts(ctx: Ctx, budget: BudgetRow, now: string, touched?: Iterable<string>): void {
  if (budget.status !== 'open') return
  keepDays(ctx, budget._id)
  const days = daysBetween(budget.start_day, budget.end_day) + 1
  const elapsed = daysBetween(budget.start_day, todayOf(ctx)) + 1
  // What forecast() counts of the days elapsed: all the others' inputs are the items' own.
  const gone = Math.max(0, Math.min(days, elapsed))
  const basis = basisOf(ctx.db, budget._id)
  const only = touched && basis?.forecast_days === days && basis.forecast_elapsed === gone ? new Set(touched) : null
  const items = itemsOf(ctx.db, budget._id).filter((i) => !only || only.has(i._id))
  const base = new Map<string, number>()
  if (only) for (const id of only) base.set(id, baseOfItem(ctx.db, id))
  else for (const t of totalsOfBudget(ctx.db, budget._id).items) base.set(t.item, t.base)
  const recorded = recordedOccurrences(ctx.db, budget._id)
  const upcoming = new Map<string, number>()
  for (const r of recurringOf(ctx.db, budget._id)) {
    if (only && !only.has(r.budget_item_id)) continue
    const item = itemById(ctx.db, r.budget_item_id)!
    const sign = (item.kind === 'expense') === (r.transaction_type === 'Expense') ? 1 : -1
    const due = occurrences(r, budget.start_day, budget.end_day).filter((d) => !recorded.has(`${r._id}:${d}`))
    upcoming.set(item._id, (upcoming.get(item._id) ?? 0) + sign * r.amount * due.length)
  }
  for (const item of items) {
    // Days hold expenses less incomes: an income item's own sign is the opposite.
    const sign = item.kind === 'expense' ? 1 : -1
    const f = forecast(
      { actual: item.actual_spent, base: sign * (base.get(item._id) ?? 0), upcoming: upcoming.get(item._id) ?? 0 },
      days,
      elapsed,
    ).forecast
    const over = forecastOver(item.kind, f, item.allocated_amount)
    if (f === item.forecasted_spend && over === !!item.forecast_over) continue
    setForecast(ctx.db, item._id, f, over, now)
    enqueue(
      ctx.db,
      'budget_items',
      item._id,
      'update',
      {
        forecasted_spend: f,
        forecast_over: over,
        actual_spent: item.actual_spent,
        variance: item.variance,
        updated_at: now,
      },
      now,
    )
    if (over && !item.forecast_over) {
      const cur = ctx.store.currency
      insertNotification(ctx.db, {
        _id: ctx.newId(),
        user_id: null,
        title: `Forecast over budget: ${item.category} (${budget.name})`,
        message: `${item.category} is forecast to reach ${formatMoney(f, cur)} by ${budget.end_day}, against ${formatMoney(item.allocated_amount, cur)} allocated (${formatMoney(item.actual_spent, cur)} so far).`,
        type: 'compliance',
        created_at: now,
      })
    }
  }
  if (!only) setForecastBasis(ctx.db, budget._id, days, gone)
}

/** Every open budget's forecasts, as the day moves on (a timer and the start call it). */
export function refreshAllForecasts(ctx: Ctx): void {
  const now = ctx.clock().toISOString()
  inTransaction(ctx.db, () => {
    for (const b of openBudgets(ctx.db, ctx.store._id)) refreshForecasts(ctx, b, now)
  })
}

/**
 * One transaction against an item of a budget, in the caller's SQLite transaction: the triggers keep actual and
 * variance, and it is added to its item's business day here (budget_days).
 */
function post(
  ctx: Ctx,
  budgetId: string,
  t: Omit<TransactionRow, '_id' | 'created_at' | 'one_off'> & { one_off?: 0 | 1 },
  now: string,
): void {
  const row: TransactionRow = { ...t, one_off: t.one_off ?? 0, _id: ctx.newId(), created_at: now }
  keepDays(ctx, budgetId)
  insertBudgetTransaction(ctx.db, row)
  fileTransaction(ctx, row)
  enqueue(ctx.db, 'budget_transactions', row._id, 'insert', row, now)
}

export function saveBudget(ctx: Ctx, userId: string, input: ParsedArgsOf<'budget-save'>['budget']): BudgetView {
  const days = daysBetween(input.first_day, input.last_day) + 1
  if (days > MAX_DAYS) throw new PosError('BUDGET_INVALID', 'A budget covers at most five years.')
  const now = ctx.clock().toISOString()
  const start = boundsOf(ctx, input.first_day).start.toISOString()
  const end = boundsOf(ctx, input.last_day).end.toISOString()
  const id = inTransaction(ctx.db, () => {
    const existing = input.id ? budgetOfStore(ctx, ctx.db, input.id) : null
    if (existing?.status === 'closed') throw new PosError('BUDGET_CLOSED', `${existing.name} is closed.`)
    if (existing?.origin === 'central')
      throw new PosError('NOT_ALLOWED', `${existing.name} was set by head office: it is changed there.`)
    // The same name for the same days is a budget made twice (a double click, two managers): open that one.
    // Asked when a budget is made or renamed or moved; one already saved as it is stays editable, even when
    // another terminal's twin has since arrived from central.
    const name = input.name.trim().toLowerCase()
    const moved =
      !existing ||
      existing.name.trim().toLowerCase() !== name ||
      existing.start_day !== input.first_day ||
      existing.end_day !== input.last_day
    const twin = budgetsOf(ctx.db, ctx.store._id).find(
      (o) =>
        moved &&
        o._id !== existing?._id &&
        o.name.trim().toLowerCase() === name &&
        o.start_day === input.first_day &&
        o.end_day === input.last_day,
    )
    if (twin)
      throw new PosError(
        'BUDGET_INVALID',
        `There is already a budget ${twin.name} for ${input.first_day} to ${input.last_day}: open that one, or give this one another name.`,
        { budget_id: twin._id },
      )
    const id = existing?._id ?? ctx.newId()
    const fields = {
      _id: id,
      name: input.name,
      description: input.description,
      start_day: input.first_day,
      end_day: input.last_day,
      start_date: start,
      end_date: end,
      total_budget: input.total_budget,
      updated_at: now,
    }
    if (existing) {
      // A period that no longer holds a transaction already recorded would misstate it.
      const outside = { n: transactionsOutside(ctx.db, id, start, end) }
      if (outside.n)
        throw new PosError(
          'BUDGET_INVALID',
          `${outside.n} transaction(s) fall outside those dates: keep the period around them.`,
        )
      updateBudget(ctx.db, fields)
      enqueue(ctx.db, 'budgets', id, 'update', fields, now)
    } else {
      const row: BudgetRow = {
        ...fields,
        store_id: ctx.store._id,
        status: 'open',
        origin: 'local',
        created_by: userId,
        created_at: now,
        closed_at: null,
      }
      insertBudget(ctx.db, row)
      enqueue(ctx.db, 'budgets', id, 'insert', docOfBudget(row), now)
    }
    const kept = new Set<string>()
    for (const it of input.items) {
      const old = it.id ? itemById(ctx.db, it.id) : null
      if (it.id && (!old || old.budget_id !== id)) throw new PosError('NOT_FOUND', 'That item is not of this budget.')
      if (old) {
        if (old.kind !== it.kind && transactionCount(ctx.db, old._id))
          throw new PosError('BUDGET_INVALID', `${old.category} has transactions: it stays an ${old.kind}.`)
        const next = {
          _id: old._id,
          category: it.category,
          kind: it.kind,
          allocated_amount: it.allocated_amount,
          supplier_id: it.supplier_id ?? null,
          product_category: it.product_category ?? null,
          updated_at: now,
        }
        updateItem(ctx.db, next)
        enqueue(
          ctx.db,
          'budget_items',
          old._id,
          'update',
          { ...next, variance: it.allocated_amount - old.actual_spent },
          now,
        )
        kept.add(old._id)
      } else {
        const row: ItemRow = {
          _id: ctx.newId(),
          budget_id: id,
          category: it.category,
          kind: it.kind,
          allocated_amount: it.allocated_amount,
          actual_spent: 0,
          variance: it.allocated_amount,
          forecasted_spend: 0,
          forecast_over: 0,
          supplier_id: it.supplier_id ?? null,
          product_category: it.product_category ?? null,
          created_at: now,
          updated_at: now,
        }
        insertItem(ctx.db, row)
        enqueue(ctx.db, 'budget_items', row._id, 'insert', docOfItem(row), now)
        kept.add(row._id)
      }
    }
    // Items left out go, unless something was recorded against them.
    for (const old of itemsOf(ctx.db, id).filter((i) => !kept.has(i._id))) {
      if (transactionCount(ctx.db, old._id))
        throw new PosError('BUDGET_INVALID', `${old.category} has transactions: it cannot be removed.`)
      deleteRecurringOf(ctx.db, old._id)
      deleteItem(ctx.db, old._id)
      enqueue(ctx.db, 'budget_items', old._id, 'update', { deleted: true, updated_at: now }, now)
    }
    auditEntry(ctx, userId, {
      action: existing ? 'budget.edit' : 'budget.create',
      entity_type: 'budget',
      entity_id: id,
      description: `${input.name}: ${input.first_day} to ${input.last_day}, total ${input.total_budget}, ${input.items.length} items`,
    })
    // The store's own money already recorded in the period posts now (a budget made mid-month starts true).
    postPendingFor(ctx, budgetById(ctx.db, id)!, now)
    refreshForecasts(ctx, budgetById(ctx.db, id)!, now)
    return id
  })
  return budgetView(ctx, id)
}

export function closeBudget(ctx: Ctx, userId: string, id: string): BudgetView {
  const now = ctx.clock().toISOString()
  inTransaction(ctx.db, () => {
    const b = budgetOfStore(ctx, ctx.db, id)
    if (b.status === 'closed') throw new PosError('BUDGET_CLOSED', `${b.name} is already closed.`)
    postPendingFor(ctx, b, now)
    closeBudgetRow(ctx.db, id, now)
    enqueue(ctx.db, 'budgets', id, 'update', { status: 'closed', closed_at: now, updated_at: now }, now)
    auditEntry(ctx, userId, { action: 'budget.close', entity_type: 'budget', entity_id: id, description: b.name })
  })
  return budgetView(ctx, id)
}

export function addTransaction(ctx: Ctx, userId: string, a: ParsedArgsOf<'budget-transaction-add'>): BudgetView {
  const now = ctx.clock().toISOString()
  const { item, budget } = itemOfStore(ctx, a.itemId)
  if (budget.status !== 'open') throw new PosError('BUDGET_CLOSED', `${budget.name} is closed.`)
  if (a.day < budget.start_day || a.day > budget.end_day)
    throw new PosError(
      'BUDGET_INVALID',
      `${a.day} is outside ${budget.name} (${budget.start_day} to ${budget.end_day}).`,
    )
  notAhead(ctx, a.day)
  inTransaction(ctx.db, () => {
    post(
      ctx,
      budget._id,
      {
        budget_item_id: item._id,
        amount: a.amount,
        transaction_date: boundsOf(ctx, a.day).start.toISOString(),
        description: a.description,
        transaction_type: a.transaction_type,
        source_type: 'manual',
        source_id: null,
        user_id: userId,
        one_off: a.one_off ? 1 : 0,
      },
      now,
    )
    refreshForecasts(ctx, budget, now, [item._id])
    auditEntry(ctx, userId, {
      action: 'budget.transaction',
      entity_type: 'budget_item',
      entity_id: item._id,
      description: `${a.transaction_type} ${a.amount} on ${a.day} to ${item.category}${a.one_off ? ' (one-off)' : ''}: ${a.description}`,
    })
  })
  return budgetView(ctx, budget._id)
}

export function saveRecurring(ctx: Ctx, userId: string, a: ParsedArgsOf<'budget-recurring-save'>): BudgetView {
  const now = ctx.clock().toISOString()
  const { item, budget } = itemOfStore(ctx, a.itemId)
  if (budget.status !== 'open') throw new PosError('BUDGET_CLOSED', `${budget.name} is closed.`)
  inTransaction(ctx.db, () => {
    insertRecurring(ctx.db, {
      _id: ctx.newId(),
      budget_item_id: item._id,
      amount: a.amount,
      transaction_type: a.transaction_type,
      description: a.description,
      cadence: a.cadence,
      day_of_month: a.cadence === 'monthly' ? a.day_of_month! : null,
      first_day: a.cadence === 'weekly' ? a.first_day! : null,
      interval_weeks: a.cadence === 'weekly' ? (a.interval_weeks ?? 1) : null,
      created_at: now,
    })
    refreshForecasts(ctx, budget, now, [item._id])
    auditEntry(ctx, userId, {
      action: 'budget.recurring',
      entity_type: 'budget_item',
      entity_id: item._id,
      description: `${a.description}: ${a.amount} ${a.cadence}`,
    })
  })
  return budgetView(ctx, budget._id)
}

export function recordRecurring(ctx: Ctx, userId: string, recurringId: string, day: string): BudgetView {
  const now = ctx.clock().toISOString()
  const r = recurringById(ctx.db, recurringId)
  if (!r) throw new PosError('NOT_FOUND', 'No such recurring entry.')
  const { budget } = itemOfStore(ctx, r.budget_item_id)
  if (!occurrences(r, budget.start_day, budget.end_day).includes(day))
    throw new PosError('BUDGET_INVALID', `${r.description} does not fall on ${day}.`)
  notAhead(ctx, day)
  inTransaction(ctx.db, () => {
    if (recordedOccurrences(ctx.db, budget._id).has(`${r._id}:${day}`))
      throw new PosError('NOT_ALLOWED', `${r.description} of ${day} is already recorded.`)
    post(
      ctx,
      budget._id,
      {
        budget_item_id: r.budget_item_id,
        amount: r.amount,
        transaction_date: boundsOf(ctx, day).start.toISOString(),
        description: r.description,
        transaction_type: r.transaction_type,
        source_type: 'recurring',
        source_id: `${r._id}:${day}`,
        user_id: userId,
      },
      now,
    )
    refreshForecasts(ctx, budget, now, [r.budget_item_id])
  })
  return budgetView(ctx, budget._id)
}

// ---- automatic postings: the store's own money, each source once ----

/** The item of a budget a category (case-insensitive) names. */
const byCategory = (items: ItemRow[], category: string) =>
  items.find((i) => i.category.toLowerCase() === category.toLowerCase())

/**
 * Posts to one budget whatever of the store's money inside its period has not been posted to it yet:
 * completed purchases (expense, to the item of the supplier, else the item mapped to the product's category or
 * named after it, else "Merchandise purchases"), restocks of draw tickets (expense at face value, "Ticket stock") and day closes
 * (income: the lottery's commissions, "Lottery commissions"; the merchandise margin, "Merchandise margin"; a
 * later revision posts only its difference). Runs in the caller's transaction; the unique index on sources
 * makes a second run, or a replay, post nothing.
 */
function postPendingFor(ctx: Ctx, budget: BudgetRow, now: string): { posted: number; touched: Set<string> } {
  const touched = new Set<string>()
  let posted = 0
  if (budget.status !== 'open') return { posted, touched }
  const items = itemsOf(ctx.db, budget._id)
  if (items.length === 0) return { posted, touched }
  const put = (
    item: ItemRow | undefined,
    t: Omit<TransactionRow, '_id' | 'created_at' | 'budget_item_id' | 'user_id' | 'one_off'>,
  ) => {
    if (!item || t.amount === 0) return
    post(ctx, budget._id, { ...t, budget_item_id: item._id, user_id: null }, now)
    touched.add(item._id)
    posted++
  }
  // Purchases, line by line to their items, one transaction per item and purchase.
  const purchases = new Map<string, { at: string; byItem: Map<ItemRow, number> }>()
  for (const l of unpostedPurchaseLines(ctx.db, budget._id, budget.start_date, budget.end_date)) {
    const item =
      items.find((i) => i.supplier_id && i.supplier_id === l.supplier_id) ??
      items.find((i) => i.product_category && i.product_category.toLowerCase() === l.product_category.toLowerCase()) ??
      (l.product_category ? byCategory(items, l.product_category) : undefined) ??
      byCategory(items, 'Merchandise purchases')
    if (!item) continue
    const p = purchases.get(l.reference) ?? { at: l.completed_at, byItem: new Map() }
    p.byItem.set(item, (p.byItem.get(item) ?? 0) + l.value)
    purchases.set(l.reference, p)
  }
  for (const [reference, p] of purchases)
    for (const [item, value] of p.byItem)
      put(item, {
        amount: value,
        transaction_date: p.at,
        description: `Purchase ${reference}`,
        transaction_type: 'Expense',
        source_type: 'purchase',
        source_id: reference,
      })
  const stock = byCategory(items, 'Ticket stock')
  if (stock)
    for (const r of unpostedRestocks(ctx.db, budget._id, ctx.store._id, budget.start_date, budget.end_date))
      put(stock, {
        amount: r.value,
        transaction_date: r.created_at,
        description: `Restock ${r.game} batch ${r.batch_number}`,
        transaction_type: 'Expense',
        source_type: 'restock',
        source_id: r.id,
      })
  const commissions = byCategory(items, 'Lottery commissions')
  const margin = byCategory(items, 'Merchandise margin')
  if (commissions || margin)
    for (const d of dayReportsIn(ctx.db, budget.start_date, budget.end_date)) {
      const body = JSON.parse(d.body) as DayReport
      const prefix = `${d.device_id}:${d.business_day}:`
      const source = `${prefix}${d._id}`
      const merch = body.totals.merchandise
      const figures: [ItemRow | undefined, number, string][] = [
        [commissions, body.commissions.total, 'Lottery commissions'],
        [
          margin,
          merch ? merch.amount - merch.tax - merchandiseCost(ctx.db, d.device_id, d.business_day) : 0,
          'Merchandise margin',
        ],
      ]
      for (const [item, amount, what] of figures) {
        if (!item || dayPosted(ctx.db, source, item._id)) continue
        const delta = amount - postedForDay(ctx.db, item._id, prefix)
        put(item, {
          amount: Math.abs(delta),
          transaction_date: d.period_start,
          description: `${what}, day ${d.business_day} (${d.device_id})`,
          transaction_type: delta >= 0 ? 'Income' : 'Expense',
          source_type: 'day_close',
          source_id: source,
        })
      }
    }
  return { posted, touched }
}

/** Every open budget's pending postings, each in one transaction with its forecasts. */
export function postPending(ctx: Ctx): number {
  const now = ctx.clock().toISOString()
  let n = 0
  for (const b of openBudgets(ctx.db, ctx.store._id))
    inTransaction(ctx.db, () => {
      const { posted, touched } = postPendingFor(ctx, b, now)
      if (posted) refreshForecasts(ctx, b, now, touched)
      n += posted
    })
  return n
}

// ---- views ----

function summaryOf(ctx: Ctx, b: BudgetRow, items: ItemRow[]): BudgetSummary {
  const expenses = items.filter((i) => i.kind === 'expense')
  return {
    _id: b._id,
    name: b.name,
    description: b.description,
    start_date: b.start_date,
    end_date: b.end_date,
    first_day: b.start_day,
    last_day: b.end_day,
    total_budget: b.total_budget,
    status: b.status,
    origin: b.origin,
    allocated: expenses.reduce((s, i) => s + i.allocated_amount, 0),
    expense_actual: expenses.reduce((s, i) => s + i.actual_spent, 0),
    expense_forecast: expenses.reduce((s, i) => s + i.forecasted_spend, 0),
    items_over: items.filter((i) => i.forecast_over).length,
    items_over_names: items.filter((i) => i.forecast_over).map((i) => i.category),
    created_at: b.created_at,
    updated_at: b.updated_at,
  }
}

export function listBudgets(ctx: Ctx): BudgetSummary[] {
  return budgetsOf(ctx.read, ctx.store._id).map((b) => summaryOf(ctx, b, itemsOf(ctx.read, b._id)))
}

/** The budget screen: items with their pace, recurring entries still due, the months and the day-by-day line. */
export function budgetView(ctx: Ctx, id: string, db: ReadDB = ctx.read): BudgetView {
  const b = budgetOfStore(ctx, db, id)
  const items = itemsOf(db, b._id)
  const days = daysBetween(b.start_day, b.end_day) + 1
  const today = todayOf(ctx)
  const elapsed = Math.max(0, Math.min(days, daysBetween(b.start_day, today) + 1))
  const recorded = recordedOccurrences(db, b._id)
  const zone = ctx.store.timezone
  const hour = startHour(ctx)
  // The items' days summed (expenses less incomes), signed here for each item: at most items x days rows read.
  const expenses = new Set(items.filter((i) => i.kind === 'expense').map((i) => i._id))
  const sign = (item: string) => (expenses.has(item) ? 1 : -1)
  const totals = totalsOf(ctx, db, b._id, expenses)
  const base = new Map(totals.items.map((t) => [t.item, sign(t.item) * t.base]))
  const transactionCount = totals.items.reduce((n, t) => n + t.n, 0)
  const perDay = new Map(totals.line.map((l) => [l.day, l.amount]))
  const perMonth = new Map<string, Map<string, number>>()
  for (const t of totals.months) {
    const month = perMonth.get(t.month) ?? new Map<string, number>()
    month.set(t.item, sign(t.item) * t.amount)
    perMonth.set(t.month, month)
  }
  const timeline: BudgetView['timeline'] = []
  let running = 0
  for (let i = 0; i < days; i++) {
    const day = new Date(Date.parse(`${b.start_day}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10)
    running += perDay.get(day) ?? 0
    timeline.push({ day, actual: running })
  }
  const months: BudgetView['months'] = []
  for (let m = b.start_day.slice(0, 7); m <= b.end_day.slice(0, 7);) {
    const sums = perMonth.get(m)
    months.push({ month: m, items: items.map((i) => ({ budget_item_id: i._id, actual: sums?.get(i._id) ?? 0 })) })
    const [y, mo] = m.split('-').map(Number)
    m = mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`
  }
  const itemViews: BudgetItemView[] = items.map((i) => ({
    _id: i._id,
    budget_id: i.budget_id,
    category: i.category,
    kind: i.kind,
    allocated_amount: i.allocated_amount,
    actual_spent: i.actual_spent,
    variance: i.variance,
    forecasted_spend: i.forecasted_spend,
    supplier_id: i.supplier_id,
    product_category: i.product_category,
    pace_per_day: forecast({ actual: i.actual_spent, base: base.get(i._id) ?? 0, upcoming: 0 }, days, elapsed).pace,
    forecast_over: !!i.forecast_over,
    created_at: i.created_at,
    updated_at: i.updated_at,
  }))
  const dayOf = dayFiler(zone, hour)
  const transactions: BudgetTransactionView[] = recentTransactions(db, b._id, 50).map((t) => ({
    _id: t._id,
    budget_item_id: t.budget_item_id,
    amount: t.amount,
    transaction_date: t.transaction_date,
    business_day: dayOf(t.transaction_date),
    description: t.description,
    transaction_type: t.transaction_type,
    source_type: t.source_type,
    source_id: t.source_id,
    one_off: t.one_off === 1,
    created_at: t.created_at,
  }))
  const summary = summaryOf(ctx, b, items)
  return {
    ...summary,
    items: itemViews,
    over_allocated: items.reduce((s, i) => s + (i.kind === 'expense' ? i.allocated_amount : 0), 0) > b.total_budget,
    today,
    days,
    elapsed_days: elapsed,
    recurring: recurringOf(db, b._id).map((r) => ({
      _id: r._id,
      budget_item_id: r.budget_item_id,
      amount: r.amount,
      transaction_type: r.transaction_type,
      description: r.description,
      cadence: r.cadence,
      day_of_month: r.day_of_month,
      first_day: r.first_day,
      interval_weeks: r.interval_weeks,
      due: occurrences(r, b.start_day, b.end_day).filter((d) => !recorded.has(`${r._id}:${d}`)),
    })),
    transactions,
    transaction_count: transactionCount,
    months,
    timeline,
  }
}

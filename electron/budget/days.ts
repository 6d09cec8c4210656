import { DateTime } from 'luxon'
import { plusDays } from '../../shared/budget'
import { businessDay, businessDayBounds } from '../../shared/cash'
import type { Ctx } from '../core/context'
import { getSetting } from '../settings/repo'
import { inTransaction, type ReadDB } from '../store/db'
import { addToDay, basisOf, clearDaysOf, setDaysBasis, totalsOfBudget, type DayRow, type DayTotals } from './days-repo'
import { budgetById, budgetsOf, transactionsForDays, type TransactionRow } from './repo'

/**
 * What each item's transactions come to per business day (budget_days, migration 021): the budget screen and the
 * forecasts read these instead of the transactions. Each transaction is filed in the SQLite transaction that
 * inserts it; the store's timezone or day start changing refiles a budget's days from its transactions.
 */

const DAY_MS = 86_400_000

/** The timezone and day start hour business days are filed by now (the store's, as every part reads them). */
function basisNow(ctx: Ctx): { zone: string; hour: number } {
  return { zone: ctx.store.timezone, hour: getSetting(ctx.db, 'business_day_start_hour') }
}

/**
 * Files instants into business days exactly as businessDay does, without a timezone conversion per instant:
 * a day from its start to the next day's start is kept once both its ends file to it at one UTC offset over
 * 24 hours (no clock change inside, so nothing inside can file elsewhere). An instant of a day with a clock
 * change is filed on its own, by businessDay.
 */
export function dayFiler(zone: string, hour: number): (iso: string) => string {
  const starts: number[] = []
  const ends: number[] = []
  const days: string[] = []
  const offset = (ms: number) => DateTime.fromMillis(ms, { zone }).offset
  const dayAt = (ms: number) => businessDay(new Date(ms), zone, hour)
  let last = -1
  return (iso) => {
    const at = Date.parse(iso)
    if (last >= 0 && at >= starts[last] && at < ends[last]) return days[last]
    // The last kept day starting at or before the instant (kept days never overlap).
    let lo = 0
    let hi = starts.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (starts[mid] <= at) lo = mid + 1
      else hi = mid
    }
    if (lo > 0 && at < ends[lo - 1]) return days[(last = lo - 1)]
    const day = dayAt(at)
    const start = businessDayBounds(day, zone, hour).start.getTime()
    const end = businessDayBounds(plusDays(day, 1), zone, hour).start.getTime()
    if (
      start <= at &&
      at < end &&
      end - start === DAY_MS &&
      offset(start) === offset(end - 1) &&
      dayAt(start) === day &&
      dayAt(end - 1) === day
    ) {
      starts.splice(lo, 0, start)
      ends.splice(lo, 0, end)
      days.splice(lo, 0, day)
      last = lo
    }
    return day
  }
}

/** A budget's days computed from its transactions (what budget_days holds once filed in this timezone). */
export function daysFromTransactions(db: ReadDB, budgetId: string, zone: string, hour: number): DayRow[] {
  const file = dayFiler(zone, hour)
  const rows = new Map<string, DayRow>()
  // Rows come mostly in item and date order: a run of one item's day skips the map.
  let r: DayRow | undefined
  for (const [item, at, amount, unpaced] of transactionsForDays(db, budgetId)) {
    const day = file(at)
    if (r?.item !== item || r.day !== day) {
      const key = `${item} ${day}`
      r = rows.get(key)
      if (!r) rows.set(key, (r = { item, day, amount: 0, base: 0, n: 0 }))
    }
    r.amount += amount
    if (!unpaced) r.base += amount
    r.n++
  }
  return [...rows.values()]
}

/**
 * A budget's days summed as the screen reads them: from budget_days when they were filed in the store's timezone
 * and day start as they are now; else (changed, not refiled yet) from the transactions, the same figures.
 */
export function totalsOf(ctx: Ctx, db: ReadDB, budgetId: string, expenses: Set<string>): DayTotals {
  const { zone, hour } = basisNow(ctx)
  const basis = basisOf(db, budgetId)
  if (basis?.timezone === zone && basis.start_hour === hour) return totalsOfBudget(db, budgetId)
  const items = new Map<string, DayTotals['items'][number]>()
  const months = new Map<string, DayTotals['months'][number]>()
  const line = new Map<string, DayTotals['line'][number]>()
  for (const d of daysFromTransactions(db, budgetId, zone, hour)) {
    const i = items.get(d.item) ?? { item: d.item, base: 0, n: 0 }
    i.base += d.base
    i.n += d.n
    items.set(d.item, i)
    const key = `${d.item} ${d.day.slice(0, 7)}`
    const m = months.get(key) ?? { item: d.item, month: d.day.slice(0, 7), amount: 0 }
    m.amount += d.amount
    months.set(key, m)
    if (!expenses.has(d.item)) continue
    const l = line.get(d.day) ?? { day: d.day, amount: 0 }
    l.amount += d.amount
    line.set(d.day, l)
  }
  return { items: [...items.values()], months: [...months.values()], line: [...line.values()] }
}

/**
 * Refiles a budget's days if they were filed in another timezone or day start, or never (in the caller's
 * transaction). True when it refiled.
 */
export function keepDays(ctx: Ctx, budgetId: string): boolean {
  const { zone, hour } = basisNow(ctx)
  const basis = basisOf(ctx.db, budgetId)
  if (basis?.timezone === zone && basis.start_hour === hour) return false
  refileDays(ctx, budgetId)
  return true
}

/** Files a budget's days again from all its transactions (in the caller's transaction). */
export function refileDays(ctx: Ctx, budgetId: string): void {
  const { zone, hour } = basisNow(ctx)
  const rows = daysFromTransactions(ctx.db, budgetId, zone, hour)
  clearDaysOf(ctx.db, budgetId)
  for (const r of rows) addToDay(ctx.db, r)
  setDaysBasis(ctx.db, budgetId, zone, hour)
}

/** Every budget of the store kept (at start, after a pull, as the hours pass): each in its own transaction. */
export function keepAllDays(ctx: Ctx): number {
  let refiled = 0
  for (const b of budgetsOf(ctx.db, ctx.store._id)) if (inTransaction(ctx.db, () => keepDays(ctx, b._id))) refiled++
  return refiled
}

/** One budget of the store kept before it is shown: a changed day start refiles it once, not at every view. */
export function keepDaysOf(ctx: Ctx, budgetId: string): void {
  if (budgetById(ctx.db, budgetId)?.store_id === ctx.store._id) inTransaction(ctx.db, () => keepDays(ctx, budgetId))
}

/** One transaction just inserted, added to its item's day (its budget kept first: keepDays). */
export function fileTransaction(ctx: Ctx, t: TransactionRow): void {
  const { zone, hour } = basisNow(ctx)
  const amount = t.transaction_type === 'Expense' ? t.amount : -t.amount
  addToDay(ctx.db, {
    item: t.budget_item_id,
    day: businessDay(new Date(t.transaction_date), zone, hour),
    amount,
    base: t.source_type === 'recurring' || t.one_off ? 0 : amount,
    n: 1,
  })
}

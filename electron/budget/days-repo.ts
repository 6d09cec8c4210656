import { stmt } from '../core/deps'
import type { ReadDB, WriteDB } from '../store/db'

/** The only SQL on budget_days and budget_basis (migration 021): what a budget's transactions come to per day. */

/** One item's business day: expenses less incomes (base: without recorded recurring entries), n transactions. */
export interface DayRow {
  item: string
  day: string
  amount: number
  base: number
  n: number
}

export interface BasisRow {
  budget_id: string
  timezone: string | null
  start_hour: number | null
  forecast_days: number | null
  forecast_elapsed: number | null
}

export function basisOf(db: ReadDB, budgetId: string): BasisRow | null {
  return (stmt(db, 'SELECT * FROM budget_basis WHERE budget_id = ?').get(budgetId) as BasisRow | undefined) ?? null
}

/** What a budget's days come to, as the screen and the forecasts read them (amounts: expenses less incomes). */
export interface DayTotals {
  /** Per item with transactions: base over all its days, and how many transactions. */
  items: { item: string; base: number; n: number }[]
  /** Per item and month (YYYY-MM). */
  months: { item: string; month: string; amount: number }[]
  /** Per day, of the items that are expenses now. */
  line: { day: string; amount: number }[]
}

/** A budget's days summed per item, per item and month, and per day of its expense items. */
export function totalsOfBudget(db: ReadDB, budgetId: string): DayTotals {
  const ofBudget = 'd.budget_item_id IN (SELECT _id FROM budget_items WHERE budget_id = ?)'
  return {
    items: stmt(
      db,
      `SELECT d.budget_item_id AS item, SUM(d.base) AS base, SUM(d.n) AS n FROM budget_days d WHERE ${ofBudget}
       GROUP BY d.budget_item_id`,
    ).all(budgetId) as DayTotals['items'],
    months: stmt(
      db,
      `SELECT d.budget_item_id AS item, d.month, SUM(d.amount) AS amount FROM budget_days d WHERE ${ofBudget}
       GROUP BY d.budget_item_id, d.month`,
    ).all(budgetId) as DayTotals['months'],
    line: stmt(
      db,
      `SELECT d.day, SUM(d.amount) AS amount FROM budget_days d
       WHERE d.budget_item_id IN (SELECT _id FROM budget_items WHERE budget_id = ? AND kind = 'expense')
       GROUP BY d.day`,
    ).all(budgetId) as DayTotals['line'],
  }
}

/** Every day row of a budget (a check against its transactions). */
export function daysOfBudget(db: ReadDB, budgetId: string): DayRow[] {
  return stmt(
    db,
    `SELECT d.budget_item_id AS item, d.day, d.amount, d.base, d.n FROM budget_days d
     WHERE d.budget_item_id IN (SELECT _id FROM budget_items WHERE budget_id = ?)`,
  ).all(budgetId) as DayRow[]
}

/** An item's base over all its days. */
export function baseOfItem(db: ReadDB, itemId: string): number {
  return (
    stmt(db, 'SELECT COALESCE(SUM(base), 0) AS n FROM budget_days WHERE budget_item_id = ?').get(itemId) as {
      n: number
    }
  ).n
}

/** Adds one transaction (or what several of one item and day come to) to its item's day. */
export function addToDay(db: WriteDB, r: DayRow): void {
  stmt(
    db,
    `INSERT INTO budget_days (budget_item_id, month, day, amount, base, n)
     VALUES (@item, substr(@day, 1, 7), @day, @amount, @base, @n)
     ON CONFLICT (budget_item_id, month, day) DO UPDATE SET amount = amount + excluded.amount, base = base + excluded.base,
       n = n + excluded.n`,
  ).run(r)
}

export function clearDaysOf(db: WriteDB, budgetId: string): void {
  stmt(db, 'DELETE FROM budget_days WHERE budget_item_id IN (SELECT _id FROM budget_items WHERE budget_id = ?)').run(
    budgetId,
  )
}

export function setDaysBasis(db: WriteDB, budgetId: string, timezone: string, startHour: number): void {
  stmt(
    db,
    `INSERT INTO budget_basis (budget_id, timezone, start_hour) VALUES (?, ?, ?)
     ON CONFLICT (budget_id) DO UPDATE SET timezone = excluded.timezone, start_hour = excluded.start_hour`,
  ).run(budgetId, timezone, startHour)
}

export function setForecastBasis(db: WriteDB, budgetId: string, days: number, elapsed: number): void {
  stmt(
    db,
    `INSERT INTO budget_basis (budget_id, forecast_days, forecast_elapsed) VALUES (?, ?, ?)
     ON CONFLICT (budget_id) DO UPDATE SET forecast_days = excluded.forecast_days,
       forecast_elapsed = excluded.forecast_elapsed`,
  ).run(budgetId, days, elapsed)
}

import { stmt } from '../core/deps'
import type { ReadDB, WriteDB } from '../store/db'

/** The only SQL on budgets, budget_items, budget_transactions and budget_recurring (migration 019). */

export interface BudgetRow {
  _id: string
  store_id: string
  name: string
  description: string
  start_day: string
  end_day: string
  start_date: string
  end_date: string
  total_budget: number
  status: 'open' | 'closed'
  origin: 'local' | 'central'
  created_by: string | null
  created_at: string
  updated_at: string
  closed_at: string | null
}

export interface ItemRow {
  _id: string
  budget_id: string
  category: string
  kind: 'expense' | 'income'
  allocated_amount: number
  actual_spent: number
  variance: number
  forecasted_spend: number
  forecast_over: number
  supplier_id: string | null
  product_category: string | null
  created_at: string
  updated_at: string
}

export interface TransactionRow {
  _id: string
  budget_item_id: string
  amount: number
  transaction_date: string
  description: string
  transaction_type: 'Expense' | 'Income'
  source_type: 'manual' | 'purchase' | 'restock' | 'day_close' | 'recurring'
  source_id: string | null
  user_id: string | null
  /** 1: a manual entry marked one-off, counted in what is spent but never in the forecast's pace (022). */
  one_off: 0 | 1
  created_at: string
}

export interface RecurringRow {
  _id: string
  budget_item_id: string
  amount: number
  transaction_type: 'Expense' | 'Income'
  description: string
  cadence: 'monthly' | 'weekly'
  day_of_month: number | null
  first_day: string | null
  interval_weeks: number | null
  created_at: string
}

export function insertBudget(db: WriteDB, b: BudgetRow): void {
  stmt(
    db,
    `INSERT INTO budgets (_id, store_id, name, description, start_day, end_day, start_date, end_date, total_budget,
       status, origin, created_by, created_at, updated_at, closed_at)
     VALUES (@_id, @store_id, @name, @description, @start_day, @end_day, @start_date, @end_date, @total_budget,
       @status, @origin, @created_by, @created_at, @updated_at, @closed_at)`,
  ).run(b)
}

export function updateBudget(
  db: WriteDB,
  b: Pick<
    BudgetRow,
    '_id' | 'name' | 'description' | 'start_day' | 'end_day' | 'start_date' | 'end_date' | 'total_budget' | 'updated_at'
  >,
): void {
  stmt(
    db,
    `UPDATE budgets SET name = @name, description = @description, start_day = @start_day, end_day = @end_day,
       start_date = @start_date, end_date = @end_date, total_budget = @total_budget, updated_at = @updated_at
     WHERE _id = @_id`,
  ).run(b)
}

export function closeBudgetRow(db: WriteDB, id: string, now: string): void {
  stmt(db, "UPDATE budgets SET status = 'closed', closed_at = @now, updated_at = @now WHERE _id = @id").run({ id, now })
}

export function budgetById(db: ReadDB, id: string): BudgetRow | null {
  return (stmt(db, 'SELECT * FROM budgets WHERE _id = ?').get(id) as BudgetRow | undefined) ?? null
}

export function budgetsOf(db: ReadDB, store: string): BudgetRow[] {
  return stmt(db, "SELECT * FROM budgets WHERE store_id = ? ORDER BY status = 'closed', start_date DESC, name").all(
    store,
  ) as BudgetRow[]
}

/** Open budgets whose period holds the instant. */
export function openBudgetsAt(db: ReadDB, store: string, at: string): BudgetRow[] {
  return stmt(
    db,
    "SELECT * FROM budgets WHERE store_id = ? AND status = 'open' AND start_date <= ? AND end_date > ?",
  ).all(store, at, at) as BudgetRow[]
}

export function openBudgets(db: ReadDB, store: string): BudgetRow[] {
  return stmt(db, "SELECT * FROM budgets WHERE store_id = ? AND status = 'open'").all(store) as BudgetRow[]
}

export function itemsOf(db: ReadDB, budgetId: string): ItemRow[] {
  return stmt(db, 'SELECT * FROM budget_items WHERE budget_id = ? ORDER BY kind DESC, category').all(
    budgetId,
  ) as ItemRow[]
}

export function itemById(db: ReadDB, id: string): ItemRow | null {
  return (stmt(db, 'SELECT * FROM budget_items WHERE _id = ?').get(id) as ItemRow | undefined) ?? null
}

export function insertItem(db: WriteDB, i: ItemRow): void {
  stmt(
    db,
    `INSERT INTO budget_items (_id, budget_id, category, kind, allocated_amount, actual_spent, variance,
       forecasted_spend, forecast_over, supplier_id, product_category, created_at, updated_at)
     VALUES (@_id, @budget_id, @category, @kind, @allocated_amount, @actual_spent, @variance, @forecasted_spend,
       @forecast_over, @supplier_id, @product_category, @created_at, @updated_at)`,
  ).run(i)
}

export function updateItem(
  db: WriteDB,
  i: Pick<
    ItemRow,
    '_id' | 'category' | 'kind' | 'allocated_amount' | 'supplier_id' | 'product_category' | 'updated_at'
  >,
): void {
  stmt(
    db,
    `UPDATE budget_items SET category = @category, kind = @kind, allocated_amount = @allocated_amount,
       variance = @allocated_amount - actual_spent, supplier_id = @supplier_id, product_category = @product_category,
       updated_at = @updated_at
     WHERE _id = @_id`,
  ).run(i)
}

export function deleteItem(db: WriteDB, id: string): void {
  stmt(db, 'DELETE FROM budget_items WHERE _id = ?').run(id)
}

export function setForecast(db: WriteDB, id: string, forecast: number, over: boolean, now: string): void {
  stmt(db, 'UPDATE budget_items SET forecasted_spend = ?, forecast_over = ?, updated_at = ? WHERE _id = ?').run(
    forecast,
    over ? 1 : 0,
    now,
    id,
  )
}

export function insertBudgetTransaction(db: WriteDB, t: TransactionRow): void {
  stmt(
    db,
    `INSERT INTO budget_transactions (_id, budget_item_id, amount, transaction_date, description, transaction_type,
       source_type, source_id, user_id, one_off, created_at)
     VALUES (@_id, @budget_item_id, @amount, @transaction_date, @description, @transaction_type, @source_type,
       @source_id, @user_id, @one_off, @created_at)`,
  ).run(t)
}

export function transactionCount(db: ReadDB, itemId: string): number {
  return (
    stmt(db, 'SELECT COUNT(*) AS n FROM budget_transactions WHERE budget_item_id = ?').get(itemId) as { n: number }
  ).n
}

/**
 * The newest `limit` transactions of a budget. Each item's index gives its newest dates; the limit-th newest of
 * those is the oldest date the answer can hold, so only the transactions from it on are read and sorted.
 */
export function recentTransactions(db: ReadDB, budgetId: string, limit: number): TransactionRow[] {
  const newest = stmt(
    db,
    'SELECT transaction_date AS d FROM budget_transactions WHERE budget_item_id = ? ORDER BY transaction_date DESC LIMIT ?',
  )
  const dates: string[] = []
  for (const { _id } of stmt(db, 'SELECT _id FROM budget_items WHERE budget_id = ?').all(budgetId) as { _id: string }[])
    for (const r of newest.all(_id, limit) as { d: string }[]) dates.push(r.d)
  if (dates.length === 0) return []
  dates.sort()
  return stmt(
    db,
    `SELECT t.* FROM budget_items i JOIN budget_transactions t ON t.budget_item_id = i._id
     WHERE i.budget_id = ? AND t.transaction_date >= ?
     ORDER BY t.transaction_date DESC, t.created_at DESC, t._id DESC LIMIT ?`,
  ).all(budgetId, dates[Math.max(0, dates.length - limit)], limit) as TransactionRow[]
}

/** Every transaction of a budget in date order (an export), signed for its item. */
export function allTransactions(db: ReadDB, budgetId: string): (TransactionRow & { category: string })[] {
  return stmt(
    db,
    `SELECT t.*, i.category FROM budget_transactions t JOIN budget_items i ON i._id = t.budget_item_id
     WHERE i.budget_id = ? ORDER BY t.transaction_date, t.created_at, t._id`,
  ).all(budgetId) as (TransactionRow & { category: string })[]
}

/**
 * Every transaction of a budget as [item, transaction_date, expenses less incomes, recurring (0/1)], by item and
 * date: what its days are filed from (budget_days, when the store's timezone or day start changed).
 */
export function transactionsForDays(db: ReadDB, budgetId: string): IterableIterator<[string, string, number, number]> {
  return stmt(
    db,
    `SELECT t.budget_item_id, t.transaction_date, CASE WHEN t.transaction_type = 'Expense' THEN t.amount
       ELSE -t.amount END, t.source_type = 'recurring' OR t.one_off = 1
     FROM budget_items i JOIN budget_transactions t ON t.budget_item_id = i._id WHERE i.budget_id = ?`,
  )
    .raw(true)
    .iterate(budgetId) as IterableIterator<[string, string, number, number]>
}

export function recurringOf(db: ReadDB, budgetId: string): RecurringRow[] {
  return stmt(
    db,
    `SELECT r.* FROM budget_recurring r JOIN budget_items i ON i._id = r.budget_item_id WHERE i.budget_id = ?
     ORDER BY r.created_at, r._id`,
  ).all(budgetId) as RecurringRow[]
}

export function recurringById(db: ReadDB, id: string): RecurringRow | null {
  return (stmt(db, 'SELECT * FROM budget_recurring WHERE _id = ?').get(id) as RecurringRow | undefined) ?? null
}

export function insertRecurring(db: WriteDB, r: RecurringRow): void {
  stmt(
    db,
    `INSERT INTO budget_recurring (_id, budget_item_id, amount, transaction_type, description, cadence, day_of_month,
       first_day, interval_weeks, created_at)
     VALUES (@_id, @budget_item_id, @amount, @transaction_type, @description, @cadence, @day_of_month, @first_day,
       @interval_weeks, @created_at)`,
  ).run(r)
}

/**
 * The recorded occurrences of a budget's recurring entries (their source ids, "<recurring id>:<day>"), each
 * entry's found through the index on sources: only recurring postings are read.
 */
export function recordedOccurrences(db: ReadDB, budgetId: string): Set<string> {
  const rows = stmt(
    db,
    `SELECT t.source_id FROM budget_items i JOIN budget_recurring r ON r.budget_item_id = i._id
       JOIN budget_transactions t ON t.source_type = 'recurring' AND t.source_id > r._id || ':'
         AND t.source_id < r._id || ';'
     WHERE i.budget_id = ?`,
  ).all(budgetId) as { source_id: string }[]
  return new Set(rows.map((r) => r.source_id))
}

// ---- the sources automatic postings come from, not yet posted ----

/** Purchases completed inside [start, end) with no posting to this budget yet, line by line. */
export function unpostedPurchaseLines(db: ReadDB, budgetId: string, start: string, end: string) {
  return stmt(
    db,
    `SELECT t.reference_number AS reference, t.supplier_id, p.category AS product_category, t.total_value AS value,
       MAX(t.updated_at) OVER (PARTITION BY t.reference_number) AS completed_at
     FROM inventory_transactions t JOIN products p ON p._id = t.product_id
     WHERE t.transaction_type = 'purchase' AND t.transaction_status = 'completed'
       AND t.updated_at >= @start AND t.updated_at < @end
       AND NOT EXISTS (SELECT 1 FROM budget_transactions b JOIN budget_items i ON i._id = b.budget_item_id
         WHERE b.source_type = 'purchase' AND b.source_id = t.reference_number AND i.budget_id = @budget)`,
  ).all({ budget: budgetId, start, end }) as {
    reference: string
    supplier_id: string | null
    product_category: string
    value: number
    completed_at: string
  }[]
}

/** Restocks of draw tickets inside [start, end), at face value, not posted to this budget yet. */
export function unpostedRestocks(db: ReadDB, budgetId: string, store: string, start: string, end: string) {
  return stmt(
    db,
    `SELECT m._id AS id, m.created_at, m.quantity_delta * l.ticket_price AS value, l.name AS game, i.batch_number
     FROM inventory_movements m JOIN lotteries l ON l._id = m.lottery_id JOIN inventory i ON i._id = m.inventory_id
     WHERE m.store_id = @store AND m.reason = 'restock' AND m.created_at >= @start AND m.created_at < @end
       AND NOT EXISTS (SELECT 1 FROM budget_transactions b JOIN budget_items it ON it._id = b.budget_item_id
         WHERE b.source_type = 'restock' AND b.source_id = m._id AND it.budget_id = @budget)`,
  ).all({ budget: budgetId, store, start, end }) as {
    id: string
    created_at: string
    value: number
    game: string
    batch_number: string
  }[]
}

/** Day reports of business days inside [start, end): every revision, oldest first. */
export function dayReportsIn(db: ReadDB, start: string, end: string) {
  return stmt(
    db,
    `SELECT _id, device_id, business_day, period_start, body, created_at FROM reports
     WHERE kind = 'day' AND period_start >= ? AND period_start < ? ORDER BY business_day, created_at, _id`,
  ).all(start, end) as {
    _id: string
    device_id: string
    business_day: string
    period_start: string
    body: string
    created_at: string
  }[]
}

/** What day closes of a terminal's business day have posted to an item so far (signed for the item). */
export function postedForDay(db: ReadDB, itemId: string, prefix: string): number {
  return (
    stmt(
      db,
      `SELECT COALESCE(SUM(CASE WHEN (i.kind = 'expense') = (t.transaction_type = 'Expense') THEN t.amount
         ELSE -t.amount END), 0) AS n
       FROM budget_transactions t JOIN budget_items i ON i._id = t.budget_item_id
       WHERE t.budget_item_id = ? AND t.source_type = 'day_close' AND t.source_id LIKE ? ESCAPE '\\'`,
    ).get(itemId, `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`) as { n: number }
  ).n
}

export function dayPosted(db: ReadDB, sourceId: string, itemId: string): boolean {
  return !!stmt(
    db,
    "SELECT 1 FROM budget_transactions WHERE source_type = 'day_close' AND source_id = ? AND budget_item_id = ?",
  ).get(sourceId, itemId)
}

/** The cost of the merchandise a terminal's shifts of a business day sold: at each product's average purchase cost. */
export function merchandiseCost(db: ReadDB, device: string, day: string): number {
  return Math.round(
    (
      stmt(
        db,
        `SELECT COALESCE(SUM(t.quantity * COALESCE(
           (SELECT CAST(SUM(p.total_value) AS REAL) / SUM(p.quantity) FROM inventory_transactions p
            WHERE p.product_id = t.product_id AND p.transaction_type = 'purchase' AND p.transaction_status = 'completed'),
           t.unit_price)), 0) AS n
         FROM inventory_transactions t
         WHERE t.transaction_type = 'sale' AND t.shift_id IN (SELECT _id FROM shifts WHERE device_id = ? AND business_day = ?)`,
      ).get(device, day) as { n: number }
    ).n,
  )
}

/** Transactions of a budget dated outside [start, end) (a new period must still hold them). */
export function transactionsOutside(db: ReadDB, budgetId: string, start: string, end: string): number {
  return (
    stmt(
      db,
      `SELECT COUNT(*) AS n FROM budget_transactions t JOIN budget_items i ON i._id = t.budget_item_id
       WHERE i.budget_id = ? AND (t.transaction_date < ? OR t.transaction_date >= ?)`,
    ).get(budgetId, start, end) as { n: number }
  ).n
}

export function deleteRecurringOf(db: WriteDB, itemId: string): void {
  stmt(db, 'DELETE FROM budget_recurring WHERE budget_item_id = ?').run(itemId)
}

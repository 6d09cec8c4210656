import type { ByMethod, GameTotals, MovementKind, ShiftStatus, ShiftTotals } from '../../shared/contract'
import { stmt } from '../core/deps'
import type { ReadDB, WriteDB } from '../store/db'

/** The only SQL on shifts and shift_movements (and the cash office's reads of sales and claims). */

export interface ShiftRow {
  _id: string
  shift_number: number
  store_id: string
  device_id: string
  user_id: string
  business_day: string
  status: ShiftStatus
  opened_at: string
  opening_float: number
  opening_count: string | null
  count_draft: string | null
  counted_at: string | null
  counted_by: string | null
  cash_count: string | null
  counted_cash: number | null
  counted_card: number | null
  counted_wallet: number | null
  expected_cash: number | null
  expected_card: number | null
  expected_wallet: number | null
  over_short: number | null
  signed_off_by: string | null
  close_note: string | null
  closed_at: string | null
  closed_by: string | null
  z_number: number | null
  updated_at: string
}

export function insertShift(
  db: WriteDB,
  s: Pick<
    ShiftRow,
    | '_id'
    | 'shift_number'
    | 'store_id'
    | 'device_id'
    | 'user_id'
    | 'business_day'
    | 'opened_at'
    | 'opening_float'
    | 'opening_count'
  >,
): void {
  stmt(
    db,
    `INSERT INTO shifts (_id, shift_number, store_id, device_id, user_id, business_day, status, opened_at, opening_float,
       opening_count, updated_at)
     VALUES (@_id, @shift_number, @store_id, @device_id, @user_id, @business_day, 'open', @opened_at, @opening_float,
       @opening_count, @opened_at)`,
  ).run(s)
}

export function unclosedShift(db: ReadDB, deviceId: string): ShiftRow | null {
  return (
    (stmt(db, "SELECT * FROM shifts WHERE device_id = ? AND status <> 'closed'").get(deviceId) as
      ShiftRow | undefined) ?? null
  )
}

export function shiftById(db: ReadDB, id: string): ShiftRow | null {
  return (stmt(db, 'SELECT * FROM shifts WHERE _id = ?').get(id) as ShiftRow | undefined) ?? null
}

export function shiftsOfDay(db: ReadDB, deviceId: string, day: string): ShiftRow[] {
  return stmt(db, 'SELECT * FROM shifts WHERE business_day = ? AND device_id = ? ORDER BY shift_number DESC').all(
    day,
    deviceId,
  ) as ShiftRow[]
}

export function saveDraft(db: WriteDB, id: string, draft: string, now: string): boolean {
  return (
    stmt(db, "UPDATE shifts SET count_draft = ?, updated_at = ? WHERE _id = ? AND status = 'open'").run(draft, now, id)
      .changes === 1
  )
}

export interface CountFields {
  counted_at: string
  counted_by: string
  cash_count: string | null
  counted_cash: number
  counted_card: number
  counted_wallet: number
  expected_cash: number
  expected_card: number
  expected_wallet: number
  over_short: number
}

/** The count submitted: the shift is counted, its figures fixed (a trigger keeps them), until a sign-off closes it. */
export function markCounted(db: WriteDB, id: string, c: CountFields): boolean {
  return (
    stmt(
      db,
      `UPDATE shifts SET status = 'counted', count_draft = NULL, counted_at = @counted_at, counted_by = @counted_by,
         cash_count = @cash_count, counted_cash = @counted_cash, counted_card = @counted_card,
         counted_wallet = @counted_wallet, expected_cash = @expected_cash, expected_card = @expected_card,
         expected_wallet = @expected_wallet, over_short = @over_short, updated_at = @counted_at
       WHERE _id = @id AND status = 'open'`,
    ).run({ ...c, id }).changes === 1
  )
}

export function markClosed(
  db: WriteDB,
  id: string,
  c: {
    closed_at: string
    closed_by: string
    z_number: number
    signed_off_by: string | null
    close_note: string | null
  },
): boolean {
  return (
    stmt(
      db,
      `UPDATE shifts SET status = 'closed', closed_at = @closed_at, closed_by = @closed_by, z_number = @z_number,
         signed_off_by = @signed_off_by, close_note = @close_note, updated_at = @closed_at
       WHERE _id = @id AND status = 'counted'`,
    ).run({ ...c, id }).changes === 1
  )
}

export interface MovementRow {
  _id: string
  shift_id: string
  kind: MovementKind
  amount: number
  reason: string
  user_id: string
  approved_by: string | null
  created_at: string
}

export function insertMovement(db: WriteDB, m: MovementRow): void {
  stmt(
    db,
    `INSERT INTO shift_movements (_id, shift_id, kind, amount, reason, user_id, approved_by, created_at)
     VALUES (@_id, @shift_id, @kind, @amount, @reason, @user_id, @approved_by, @created_at)`,
  ).run(m)
}

export function movementsOf(
  db: ReadDB,
  shiftIds: string[],
): (MovementRow & { user: string; approver: string | null })[] {
  return stmt(
    db,
    `SELECT m.*, COALESCE(u.name, m.user_id) AS user, a.name AS approver FROM shift_movements m
       LEFT JOIN users u ON u._id = m.user_id LEFT JOIN users a ON a._id = m.approved_by
     WHERE m.shift_id IN (SELECT value FROM json_each(?)) ORDER BY m.created_at, m._id`,
  ).all(JSON.stringify(shiftIds)) as (MovementRow & { user: string; approver: string | null })[]
}

const zero = (): ByMethod => ({ cash: 0, card: 0, wallet: 0 })

/**
 * What the given shifts moved, from the records themselves (every sale, cancellation, payout and movement
 * names its shift, in the transaction that wrote it). Each query reads the shift's rows by index only.
 */
export function shiftTotals(db: ReadDB, shiftIds: string[]): ShiftTotals {
  const ids = JSON.stringify(shiftIds)
  const totals: ShiftTotals = {
    sales: { transactions: 0, tickets: 0, amount: 0, tax: 0, by_method: zero() },
    merchandise: { items: 0, amount: 0, tax: 0, by_method: zero() },
    cancellations: { count: 0, amount: 0, tax: 0, by_method: zero() },
    payouts: { count: 0, amount: 0 },
    opening_float: 0,
    pay_in: 0,
    pay_out: 0,
    drops: 0,
    no_sales: 0,
    by_game: [],
    expected: zero(),
  }
  const games = new Map<string, GameTotals>()
  const game = (id: string, code: string, name: string) => {
    let g = games.get(id)
    if (!g)
      games.set(id, (g = { lottery_id: id, code, name, tickets: 0, amount: 0, cancelled: 0, cancelled_amount: 0 }))
    return g
  }
  // One pass over the shifts' sale rows. A transaction is counted by its first line (line_no 0: every sale
  // has one, in the same shift as its other lines), which needs no DISTINCT and its temporary b-tree.
  const sales = stmt(
    db,
    `SELECT s.lottery_id, l.code, l.name, s.payment_method, SUM(s.line_no = 0) AS tx,
       SUM(s.quantity) AS tickets, SUM(s.total_amount) AS amount, SUM(s.tax) AS tax
     FROM sales s JOIN lotteries l ON l._id = s.lottery_id
     WHERE s.shift_id IN (SELECT value FROM json_each(?)) GROUP BY s.lottery_id, s.payment_method`,
  ).all(ids) as {
    lottery_id: string
    code: string
    name: string
    payment_method: keyof ByMethod
    tx: number
    tickets: number
    amount: number
    tax: number
  }[]
  for (const r of sales) {
    totals.sales.transactions += r.tx
    totals.sales.tickets += r.tickets
    totals.sales.amount += r.amount
    totals.sales.tax += r.tax
    totals.sales.by_method[r.payment_method] += r.amount
    const g = game(r.lottery_id, r.code, r.name)
    g.tickets += r.tickets
    g.amount += r.amount
  }
  // Merchandise lines of the same sales (line 0 of a cart with a product first is here, not in sales).
  const items = stmt(
    db,
    `SELECT payment_method, SUM(line_no = 0) AS tx, SUM(quantity) AS items, SUM(total_value + tax) AS amount,
       SUM(tax) AS tax
     FROM inventory_transactions WHERE shift_id IN (SELECT value FROM json_each(?)) AND transaction_type = 'sale'
     GROUP BY payment_method`,
  ).all(ids) as { payment_method: keyof ByMethod; tx: number; items: number; amount: number; tax: number }[]
  for (const r of items) {
    totals.sales.transactions += r.tx
    totals.merchandise.items += r.items
    totals.merchandise.amount += r.amount
    totals.merchandise.tax += r.tax
    totals.merchandise.by_method[r.payment_method] += r.amount
  }
  // A refund goes back the way the sale was paid: a cash sale's refund leaves the drawer.
  const cancels = stmt(
    db,
    `SELECT c.lottery_id, l.code, l.name, s.payment_method, COUNT(*) AS n, SUM(c.total_amount) AS amount,
       SUM(c.tax) AS tax
     FROM cancellations c JOIN sales s ON s._id = c.sale_id JOIN lotteries l ON l._id = c.lottery_id
     WHERE c.shift_id IN (SELECT value FROM json_each(?)) GROUP BY c.lottery_id, s.payment_method`,
  ).all(ids) as {
    lottery_id: string
    code: string
    name: string
    payment_method: keyof ByMethod
    n: number
    amount: number
    tax: number
  }[]
  for (const r of cancels) {
    totals.cancellations.count += r.n
    totals.cancellations.amount += r.amount
    totals.cancellations.tax += r.tax
    totals.cancellations.by_method[r.payment_method] += r.amount
    const g = game(r.lottery_id, r.code, r.name)
    g.cancelled += r.n
    g.cancelled_amount += r.amount
  }
  const paid = stmt(
    db,
    `SELECT COUNT(*) AS n, COALESCE(SUM(amount), 0) AS amount FROM winning_claims
     WHERE shift_id IN (SELECT value FROM json_each(?))`,
  ).get(ids) as { n: number; amount: number }
  totals.payouts = { count: paid.n, amount: paid.amount }
  const moved = stmt(
    db,
    `SELECT kind, COUNT(*) AS n, SUM(amount) AS amount FROM shift_movements
     WHERE shift_id IN (SELECT value FROM json_each(?)) GROUP BY kind`,
  ).all(ids) as { kind: MovementKind; n: number; amount: number }[]
  for (const m of moved) {
    if (m.kind === 'pay_in') totals.pay_in = m.amount
    else if (m.kind === 'pay_out') totals.pay_out = m.amount
    else if (m.kind === 'drop') totals.drops = m.amount
    else totals.no_sales = m.n
  }
  totals.opening_float = (
    stmt(
      db,
      'SELECT COALESCE(SUM(opening_float), 0) AS f FROM shifts WHERE _id IN (SELECT value FROM json_each(?))',
    ).get(ids) as { f: number }
  ).f
  totals.by_game = [...games.values()].sort((a, b) => b.amount - a.amount || a.code.localeCompare(b.code))
  totals.expected = {
    cash:
      totals.opening_float +
      totals.sales.by_method.cash +
      totals.merchandise.by_method.cash -
      totals.cancellations.by_method.cash -
      totals.payouts.amount +
      totals.pay_in -
      totals.pay_out -
      totals.drops,
    card: totals.sales.by_method.card + totals.merchandise.by_method.card - totals.cancellations.by_method.card,
    wallet: totals.sales.by_method.wallet + totals.merchandise.by_method.wallet - totals.cancellations.by_method.wallet,
  }
  return totals
}

/**
 * Tickets and amount sold per UTC minute (YYYY-MM-DDTHH:MM) by the given shifts: the caller maps them to local
 * hours (a minute, not an hour: a store half an hour off UTC splits a UTC hour between two local ones).
 */
export function salesByUtcMinute(db: ReadDB, shiftIds: string[]): { h: string; tickets: number; amount: number }[] {
  return stmt(
    db,
    `SELECT substr(sale_time, 1, 16) AS h, SUM(quantity) AS tickets, SUM(total_amount) AS amount FROM sales
     WHERE shift_id IN (SELECT value FROM json_each(?)) GROUP BY h ORDER BY h`,
  ).all(JSON.stringify(shiftIds)) as { h: string; tickets: number; amount: number }[]
}

/** The shift's sales transactions, counted as shiftTotals counts them: by each transaction's first line. */
export function transactionsOf(db: ReadDB, shiftId: string): number {
  return (
    stmt(
      db,
      `SELECT (SELECT COALESCE(SUM(line_no = 0), 0) FROM sales WHERE shift_id = @s)
         + (SELECT COALESCE(SUM(line_no = 0), 0) FROM inventory_transactions WHERE shift_id = @s) AS n`,
    ).get({ s: shiftId }) as { n: number }
  ).n
}

/** Per business day of the given days: sales, cancellations and prizes cashed of this terminal's shifts. */
export function dayMoney(
  db: ReadDB,
  deviceId: string,
  days: string[],
): Map<string, { sales: number; cancellations: number; prizes: number }> {
  const out = new Map(days.map((d) => [d, { sales: 0, cancellations: 0, prizes: 0 }]))
  const json = JSON.stringify(days)
  const q = (sql: string) => stmt(db, sql).all(json, deviceId) as { day: string; amount: number }[]
  const scope = `SELECT _id FROM shifts WHERE business_day IN (SELECT value FROM json_each(?)) AND device_id = ?`
  for (const r of q(
    `SELECT sh.business_day AS day, SUM(s.price) AS amount FROM sales s JOIN shifts sh ON sh._id = s.shift_id
     WHERE s.shift_id IN (${scope}) GROUP BY sh.business_day`,
  ))
    out.get(r.day)!.sales = r.amount
  for (const r of q(
    `SELECT sh.business_day AS day, SUM(c.price) AS amount FROM cancellations c JOIN shifts sh ON sh._id = c.shift_id
     WHERE c.shift_id IN (${scope}) GROUP BY sh.business_day`,
  ))
    out.get(r.day)!.cancellations = r.amount
  for (const r of q(
    `SELECT sh.business_day AS day, SUM(w.amount) AS amount FROM winning_claims w JOIN shifts sh ON sh._id = w.shift_id
     WHERE w.shift_id IN (${scope}) GROUP BY sh.business_day`,
  ))
    out.get(r.day)!.prizes = r.amount
  return out
}

/** When this terminal's first shift opened (null: never); a shift per day keeps this a small table. */
export function firstShiftOpened(db: ReadDB): string | null {
  return (stmt(db, 'SELECT MIN(opened_at) AS t FROM shifts').get() as { t: string | null }).t
}

/**
 * What a terminal recorded in [start, end) before it had shifts (rows from before migration 11 name none): the
 * settlement of the week a terminal was upgraded in still holds its first days. Each reads by a time index.
 */
export function beforeShifts(
  db: ReadDB,
  storeId: string,
  start: string,
  end: string,
): { sales: number; cancellations: number; prizes: number } {
  const one = (sql: string) => (stmt(db, sql).get(storeId, start, end) as { n: number | null }).n ?? 0
  return {
    sales: one(
      'SELECT SUM(price) AS n FROM sales WHERE store_id = ? AND sale_time >= ? AND sale_time < ? AND shift_id IS NULL',
    ),
    cancellations: one(
      'SELECT SUM(price) AS n FROM cancellations WHERE store_id = ? AND created_at >= ? AND created_at < ? AND shift_id IS NULL',
    ),
    prizes: one(
      "SELECT SUM(amount) AS n FROM winning_claims WHERE store_id = ? AND created_at >= ? AND created_at < ? AND shift_id IS NULL AND source = 'local'",
    ),
  }
}

import type { ByMethod } from '../../shared/contract'
import { stmt } from '../core/deps'
import type { ReadDB } from '../store/db'

/**
 * The reports' aggregates over [start, end) of one store, each one indexed range (sales by store and time,
 * cancellations, payouts and merchandise likewise). Run on the read-only connection: a report never waits
 * for, nor delays, a sale's transaction. `user` null: the whole store; an id: that cashier's rows only.
 */
export interface Range {
  store: string
  start: string
  end: string
  user: string | null
}

export interface GameRow {
  lottery_id: string
  code: string
  name: string
  game_type: 'draw' | 'instant'
  payment_method: keyof ByMethod
  lines: number
  tx: number
  tickets: number
  amount: number
  tax: number
  price: number
}

const mine = (alias: string) => `(@user IS NULL OR ${alias}.user_id = @user)`

/** Whether a range falls on whole UTC hours (every period of a zone a whole number of hours from UTC). */
const onHours = (r: Range) => r.start.slice(13) === ':00:00.000Z' && r.end.slice(13) === ':00:00.000Z'

/**
 * The range's sales as rows of (slot, lottery_id, payment_method, user_id, lines, tx, tickets, amount, tax, price).
 * On whole hours: the closed shifts' hours (sales_hours, written at each close: a handful of rows per hour)
 * and, live from sales, the shifts not closed yet; the two never hold the same sale. Otherwise (a zone off the
 * hour) every sale, by minute. Either way one indexed range, and the same totals. (The unary + keeps the
 * live part on sales_by_shift, the open shifts' few rows, not on a year of sales by time.)
 */
function salesSource(r: Range): { sql: string; params: Record<string, unknown>; width: 13 | 16 } {
  if (!onHours(r))
    return {
      width: 16,
      params: { ...r },
      sql: `SELECT substr(sale_time, 1, 16) AS slot, lottery_id, payment_method, user_id, 1 AS lines, line_no = 0 AS tx,
          quantity AS tickets, total_amount AS amount, tax, price
        FROM sales WHERE store_id = @store AND sale_time >= @start AND sale_time < @end AND ${mine('sales')}`,
    }
  return {
    width: 13,
    params: { ...r, s: r.start.slice(0, 13), e: r.end.slice(0, 13) },
    sql: `SELECT slot, lottery_id, payment_method, user_id, lines, tx, tickets, amount, tax, price FROM sales_hours
        WHERE store_id = @store AND slot >= @s AND slot < @e AND ${mine('sales_hours')}
      UNION ALL
      SELECT substr(sale_time, 1, 13), lottery_id, payment_method, user_id, 1, line_no = 0, quantity, total_amount, tax,
        price
        FROM sales WHERE shift_id IN (SELECT _id FROM shifts WHERE status <> 'closed' AND store_id = @store)
          AND +store_id = @store AND +sale_time >= @start AND +sale_time < @end AND ${mine('sales')}`,
  }
}

export function salesByGame(db: ReadDB, r: Range): GameRow[] {
  const src = salesSource(r)
  return stmt(
    db,
    `SELECT s.lottery_id, l.code, l.name, l.game_type, s.payment_method, SUM(s.lines) AS lines, SUM(s.tx) AS tx,
       SUM(s.tickets) AS tickets,
       SUM(s.amount) AS amount, SUM(s.tax) AS tax, SUM(s.price) AS price
     FROM (${src.sql}) s JOIN lotteries l ON l._id = s.lottery_id
     GROUP BY s.lottery_id, s.payment_method`,
  ).all(src.params) as GameRow[]
}

/** Tickets and amount per UTC slice: an hour (width 13), or a minute (16) for a zone off the hour. */
export function salesBySlice(db: ReadDB, r: Range): { t: string; width: 13 | 16; tickets: number; amount: number }[] {
  const src = salesSource(r)
  const rows = stmt(
    db,
    `SELECT slot AS t, SUM(tickets) AS tickets, SUM(amount) AS amount FROM (${src.sql}) GROUP BY slot`,
  ).all(src.params) as { t: string; tickets: number; amount: number }[]
  return rows.map((x) => ({ ...x, width: src.width }))
}

export function cancelled(db: ReadDB, r: Range): { n: number; amount: number; price: number } {
  return stmt(
    db,
    `SELECT COUNT(*) AS n, COALESCE(SUM(total_amount), 0) AS amount, COALESCE(SUM(price), 0) AS price
     FROM cancellations c WHERE store_id = @store AND created_at >= @start AND created_at < @end AND ${mine('c')}`,
  ).get(r) as { n: number; amount: number; price: number }
}

/** Prizes this store paid (its own payouts, not the ones central reports from elsewhere). */
export function paid(db: ReadDB, r: Range): { n: number; amount: number } {
  return stmt(
    db,
    `SELECT COUNT(*) AS n, COALESCE(SUM(amount), 0) AS amount FROM winning_claims w
     WHERE store_id = @store AND source = 'local' AND created_at >= @start AND created_at < @end AND ${mine('w')}`,
  ).get(r) as { n: number; amount: number }
}

export function productsSold(
  db: ReadDB,
  r: Range,
): { product_id: string; name: string; sku: string; items: number; amount: number }[] {
  return stmt(
    db,
    `SELECT t.product_id, p.product_name AS name, p.sku, SUM(t.quantity) AS items, SUM(t.total_value + t.tax) AS amount
     FROM inventory_transactions t JOIN products p ON p._id = t.product_id
     WHERE t.store_id = @store AND t.transaction_type = 'sale' AND t.transaction_date >= @start
       AND t.transaction_date < @end AND ${mine('t')}
     GROUP BY t.product_id ORDER BY amount DESC, p.sku`,
  ).all(r) as { product_id: string; name: string; sku: string; items: number; amount: number }[]
}

/** Carts whose first line was merchandise (a transaction each, counted apart from those led by a ticket). */
export function merchandiseCarts(db: ReadDB, r: Range): number {
  return (
    stmt(
      db,
      `SELECT COALESCE(SUM(line_no = 0), 0) AS n FROM inventory_transactions t
       WHERE store_id = @store AND transaction_type = 'sale' AND transaction_date >= @start AND transaction_date < @end
         AND ${mine('t')}`,
    ).get(r) as { n: number }
  ).n
}

// ---- performance ----

export interface CashierSales {
  user_id: string
  tx: number
  tickets: number
  amount: number
}

export function salesByCashier(db: ReadDB, r: Range): CashierSales[] {
  const src = salesSource(r)
  return stmt(
    db,
    `SELECT user_id, SUM(tx) AS tx, SUM(tickets) AS tickets, SUM(amount) AS amount FROM (${src.sql}) GROUP BY user_id`,
  ).all(src.params) as CashierSales[]
}

/** Merchandise per cashier: its amount, and the carts that held only merchandise (a transaction each). */
export function merchandiseByCashier(db: ReadDB, r: Range): { user_id: string; tx: number; amount: number }[] {
  return stmt(
    db,
    `SELECT user_id, SUM(line_no = 0) AS tx, SUM(total_value + tax) AS amount FROM inventory_transactions t
     WHERE store_id = @store AND transaction_type = 'sale' AND transaction_date >= @start AND transaction_date < @end
       AND ${mine('t')} GROUP BY user_id`,
  ).all(r) as { user_id: string; tx: number; amount: number }[]
}

export function cancelsByCashier(db: ReadDB, r: Range): { user_id: string; n: number; amount: number }[] {
  return stmt(
    db,
    `SELECT user_id, COUNT(*) AS n, SUM(total_amount) AS amount FROM cancellations c
     WHERE store_id = @store AND created_at >= @start AND created_at < @end AND ${mine('c')} GROUP BY user_id`,
  ).all(r) as { user_id: string; n: number; amount: number }[]
}

export function payoutsByCashier(db: ReadDB, r: Range): { user_id: string; n: number }[] {
  return stmt(
    db,
    `SELECT user_id, COUNT(*) AS n FROM winning_claims w
     WHERE store_id = @store AND source = 'local' AND created_at >= @start AND created_at < @end AND ${mine('w')}
       AND user_id IS NOT NULL GROUP BY user_id`,
  ).all(r) as { user_id: string; n: number }[]
}

/** Shifts that overlap the period (open ones too): their time inside it, and the over/short of those closed in it. */
export function shiftsInRange(
  db: ReadDB,
  r: Range,
): { user_id: string; opened_at: string; closed_at: string | null; over_short: number | null }[] {
  return stmt(
    db,
    `SELECT user_id, opened_at, closed_at, over_short FROM shifts s
     WHERE store_id = @store AND opened_at < @end AND (closed_at IS NULL OR closed_at >= @start) AND ${mine('s')}`,
  ).all(r) as { user_id: string; opened_at: string; closed_at: string | null; over_short: number | null }[]
}

export function userNames(db: ReadDB): Map<string, string> {
  const rows = stmt(db, 'SELECT _id, name FROM users').all() as { _id: string; name: string }[]
  return new Map(rows.map((u) => [u._id, u.name]))
}

// ---- inventory ----

export function stockBatches(db: ReadDB, store: string) {
  return stmt(
    db,
    `SELECT i._id AS inventory_id, i.lottery_id, l.code, l.name AS game, i.batch_number, i.total_stock,
       i.remaining_stock, i.reorder_threshold, i.last_restocked
     FROM inventory i JOIN lotteries l ON l._id = i.lottery_id
     WHERE i.store_id = ? AND i.deleted_at IS NULL ORDER BY l.code, i.batch_number`,
  ).all(store) as {
    inventory_id: string
    lottery_id: string
    code: string
    game: string
    batch_number: string
    total_stock: number
    remaining_stock: number
    reorder_threshold: number
    last_restocked: string | null
  }[]
}

/** Packs in the store now (received, activated) and those that ended inside the period. */
export function packsOf(db: ReadDB, r: Range) {
  return stmt(
    db,
    `SELECT p._id AS pack_id, l.name AS game, p.pack_number, p.status, p.tickets_per_pack, p.sold, p.ticket_price
     FROM packs p JOIN lotteries l ON l._id = p.lottery_id
     WHERE p.store_id = @store AND (p.status IN ('received','activated') OR (p.ended_at >= @start AND p.ended_at < @end))
     ORDER BY p.status, l.name, p.pack_number`,
  ).all({ store: r.store, start: r.start, end: r.end }) as {
    pack_id: string
    game: string
    pack_number: string
    status: string
    tickets_per_pack: number
    sold: number
    ticket_price: number
  }[]
}

export function productStock(db: ReadDB) {
  return stmt(
    db,
    `SELECT _id AS product_id, sku, product_name AS name, category, quantity, price, status FROM products
     WHERE status <> 'discontinued' ORDER BY product_name, sku`,
  ).all() as {
    product_id: string
    sku: string
    name: string
    category: string
    quantity: number
    price: number
    status: string
  }[]
}

/**
 * Draw-ticket stock moved over the period by reason. Sales and cancellations are read from their own records
 * (a sale's movement is its sales row: the period's sales by game), restocks and adjustments from the partial
 * index of stock changes.
 */
export function ticketMovements(
  db: ReadDB,
  r: Range,
  games: GameRow[] = salesByGame(db, r),
): { reason: string; count: number; quantity: number }[] {
  const q = { store: r.store, start: r.start, end: r.end }
  const draws = games.filter((g) => g.game_type === 'draw')
  const back = stmt(
    db,
    `SELECT COUNT(*) AS count FROM cancellations c JOIN lotteries l ON l._id = c.lottery_id AND l.game_type = 'draw'
     WHERE c.store_id = @store AND c.created_at >= @start AND c.created_at < @end`,
  ).get(q) as { count: number }
  const changes = stmt(
    db,
    `SELECT reason, COUNT(*) AS count, SUM(quantity_delta) AS quantity FROM inventory_movements
     WHERE store_id = @store AND created_at >= @start AND created_at < @end AND reason IN ('restock','adjustment')
     GROUP BY reason`,
  ).all(q) as { reason: string; count: number; quantity: number }[]
  return [
    {
      reason: 'sale',
      count: draws.reduce((n, g) => n + g.lines, 0),
      quantity: -draws.reduce((n, g) => n + g.tickets, 0),
    },
    { reason: 'cancel', count: back.count, quantity: back.count },
    ...(['restock', 'adjustment'] as const).map(
      (reason) => changes.find((c) => c.reason === reason) ?? { reason, count: 0, quantity: 0 },
    ),
  ]
}

export function productMovements(db: ReadDB, r: Range): { reason: string; count: number; quantity: number }[] {
  return stmt(
    db,
    `SELECT transaction_type AS reason, COUNT(*) AS count,
       SUM(CASE transaction_type WHEN 'purchase' THEN quantity ELSE -quantity END) AS quantity
     FROM inventory_transactions WHERE store_id = @store AND transaction_type IN ('purchase','sale')
       AND transaction_status = 'completed' AND transaction_date >= @start AND transaction_date < @end
     GROUP BY transaction_type`,
  ).all({ store: r.store, start: r.start, end: r.end }) as { reason: string; count: number; quantity: number }[]
}

export function adjustmentsByType(
  db: ReadDB,
  r: Range,
): { adjustment_type: string; count: number; quantity: number }[] {
  return stmt(
    db,
    `SELECT adjustment_type, COUNT(*) AS count, SUM(quantity_adjusted) AS quantity FROM inventory_adjustments
     WHERE store_id = @store AND adjustment_date >= @start AND adjustment_date < @end
     GROUP BY adjustment_type ORDER BY adjustment_type`,
  ).all({ store: r.store, start: r.start, end: r.end }) as {
    adjustment_type: string
    count: number
    quantity: number
  }[]
}

// ---- the detailed export: every ticket sold in a period, in pages ----

/** A row of the ticket export, as the CSV writes it: [rid, sold_at, ticket_number, game, draw_date, numbers,
 * price, payment_method, status, cashier, transaction_id] (arrays: a million objects cost a third of the time). */
export type TicketLine = [
  rid: number,
  sold_at: string,
  ticket_number: string,
  game: string,
  draw_date: string | null,
  numbers: string | null,
  price: number,
  payment_method: string,
  status: string,
  cashier: string,
  transaction_id: string,
]

/**
 * One page of the period's draw tickets after the last one written (its time and rowid), in time order: a
 * keyset page on tickets_by_time, so each page is one short indexed read however far the export has gone.
 */
export function ticketPage(db: ReadDB, r: Range, after: { t: string; rid: number }, limit: number): TicketLine[] {
  return stmt(
    db,
    `SELECT t.rowid, t.purchase_datetime, t.ticket_number, l.name, t.draw_date, t.numbers, t.price, t.payment_method,
       t.status, u.name, s.transaction_id
     FROM tickets t JOIN lotteries l ON l._id = t.lottery_id JOIN users u ON u._id = t.user_id
       JOIN sales s ON s._id = t.sale_id
     WHERE (t.purchase_datetime, t.rowid) > (@t, @rid) AND t.purchase_datetime < @end AND t.store_id = @store
       AND ${mine('t')}
     ORDER BY t.purchase_datetime, t.rowid LIMIT @limit`,
  )
    .raw(true)
    .all({ ...r, ...after, limit }) as TicketLine[]
}

/** One page of the period's instant tickets, the same way (keyset on the sale's time and the instant's rowid). */
export function instantPage(db: ReadDB, r: Range, after: { t: string; rid: number }, limit: number): TicketLine[] {
  return stmt(
    db,
    `SELECT i.rowid, s.sale_time, p.pack_number || '-' || printf('%03d', i.ticket_no), l.name, NULL, NULL, s.price,
       s.payment_method,
       CASE WHEN EXISTS (SELECT 1 FROM cancellations c WHERE c.sale_id = s._id) THEN 'cancelled' ELSE 'sold' END,
       u.name, s.transaction_id
     FROM sales s JOIN instant_sales i ON i.sale_id = s._id JOIN packs p ON p._id = i.pack_id
       JOIN lotteries l ON l._id = s.lottery_id JOIN users u ON u._id = s.user_id
     WHERE (s.sale_time, i.rowid) > (@t, @rid) AND s.sale_time < @end AND s.store_id = @store AND ${mine('s')}
       AND l.game_type = 'instant'
     ORDER BY s.sale_time, i.rowid LIMIT @limit`,
  )
    .raw(true)
    .all({ ...r, ...after, limit }) as TicketLine[]
}

/** Every ticket the period's export will write: draw tickets and instant ones. */
export function ticketCount(db: ReadDB, r: Range): number {
  const draws = stmt(
    db,
    `SELECT COUNT(*) AS n FROM tickets t WHERE t.store_id = @store AND t.purchase_datetime >= @start
       AND t.purchase_datetime < @end AND ${mine('t')}`,
  ).get(r) as { n: number }
  const instants = stmt(
    db,
    `SELECT COUNT(*) AS n FROM sales s JOIN lotteries l ON l._id = s.lottery_id AND l.game_type = 'instant'
     WHERE s.store_id = @store AND s.sale_time >= @start AND s.sale_time < @end AND ${mine('s')}`,
  ).get(r) as { n: number }
  return draws.n + instants.n
}

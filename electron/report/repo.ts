import type { ByMethod } from '../../shared/contract'
import { stmt } from '../core/deps'
import type { ReadDB } from '../store/db'

/**
 * The reports' aggregates over [start, end) of one store, each one indexed pass (sales by store and time,
 * cancellations by store and time). Run on the read-only connection: a report never waits for, nor delays,
 * a sale.
 */

export interface GameRow {
  lottery_id: string
  code: string
  name: string
  payment_method: keyof ByMethod
  tx: number
  tickets: number
  amount: number
  tax: number
  price: number
}

export function salesByGame(db: ReadDB, storeId: string, start: string, end: string): GameRow[] {
  return stmt(
    db,
    `SELECT s.lottery_id, l.code, l.name, s.payment_method, SUM(s.line_no = 0) AS tx, SUM(s.quantity) AS tickets,
       SUM(s.total_amount) AS amount, SUM(s.tax) AS tax, SUM(s.price) AS price
     FROM sales s JOIN lotteries l ON l._id = s.lottery_id
     WHERE s.store_id = ? AND s.sale_time >= ? AND s.sale_time < ? GROUP BY s.lottery_id, s.payment_method`,
  ).all(storeId, start, end) as GameRow[]
}

/** Tickets and amount per UTC slice: `width` 13 (an hour) or 16 (a minute, for zones off the hour). */
export function salesBySlice(
  db: ReadDB,
  storeId: string,
  start: string,
  end: string,
  width: 13 | 16,
): { t: string; tickets: number; amount: number }[] {
  return stmt(
    db,
    `SELECT substr(sale_time, 1, ${width}) AS t, SUM(quantity) AS tickets, SUM(total_amount) AS amount FROM sales
     WHERE store_id = ? AND sale_time >= ? AND sale_time < ? GROUP BY t`,
  ).all(storeId, start, end) as { t: string; tickets: number; amount: number }[]
}

export function cancelled(
  db: ReadDB,
  storeId: string,
  start: string,
  end: string,
): { n: number; amount: number; price: number } {
  return stmt(
    db,
    `SELECT COUNT(*) AS n, COALESCE(SUM(total_amount), 0) AS amount, COALESCE(SUM(price), 0) AS price FROM cancellations
     WHERE store_id = ? AND created_at >= ? AND created_at < ?`,
  ).get(storeId, start, end) as { n: number; amount: number; price: number }
}

/** Prizes this store paid (its own payouts, not the ones central reports from elsewhere). */
export function paid(db: ReadDB, storeId: string, start: string, end: string): { n: number; amount: number } {
  return stmt(
    db,
    `SELECT COUNT(*) AS n, COALESCE(SUM(amount), 0) AS amount FROM winning_claims
     WHERE store_id = ? AND source = 'local' AND created_at >= ? AND created_at < ?`,
  ).get(storeId, start, end) as { n: number; amount: number }
}

export function productsSold(
  db: ReadDB,
  storeId: string,
  start: string,
  end: string,
): { product_id: string; name: string; sku: string; items: number; amount: number }[] {
  return stmt(
    db,
    `SELECT t.product_id, p.product_name AS name, p.sku, SUM(t.quantity) AS items, SUM(t.total_value + t.tax) AS amount
     FROM inventory_transactions t JOIN products p ON p._id = t.product_id
     WHERE t.store_id = ? AND t.transaction_type = 'sale' AND t.transaction_date >= ? AND t.transaction_date < ?
     GROUP BY t.product_id ORDER BY amount DESC`,
  ).all(storeId, start, end) as { product_id: string; name: string; sku: string; items: number; amount: number }[]
}

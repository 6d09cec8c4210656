import type { SaleLineView, SaleResult } from '../../shared/contract'
import { stmt } from '../core/deps'
import type { ReadDB, WriteDB } from '../store/db'
import { ticketsOfSales } from '../ticket/repo'

/** The committed sale for a request id (with who made it), or null: what makes sale-create idempotent. */
export function loadSaleResult(
  db: ReadDB,
  requestId: string,
): (Omit<SaleResult, 'replayed'> & { user_id: string }) | null {
  const rows = stmt(
    db,
    'SELECT _id, lottery_id, quantity, price, tax, total_amount, transaction_id, payment_method, sale_time, user_id FROM sales WHERE request_id = ? ORDER BY line_no',
  ).all(requestId) as (SaleLineView &
    Pick<SaleResult, 'transaction_id' | 'payment_method' | 'sale_time'> & { user_id: string })[]
  if (rows.length === 0) return null
  const tender = stmt(db, 'SELECT amount_tendered, change_due FROM sale_tenders WHERE transaction_id = ?').get(
    rows[0].transaction_id,
  ) as { amount_tendered: number; change_due: number } | undefined
  const sales = rows.map(({ _id, lottery_id, quantity, price, tax, total_amount }) => ({
    _id,
    lottery_id,
    quantity,
    price,
    tax,
    total_amount,
  }))
  return {
    user_id: rows[0].user_id,
    transaction_id: rows[0].transaction_id,
    payment_method: rows[0].payment_method,
    sale_time: rows[0].sale_time,
    sales,
    tickets: ticketsOfSales(
      db,
      sales.map((s) => s._id),
    ),
    price: sales.reduce((s, l) => s + l.price, 0),
    tax: sales.reduce((s, l) => s + l.tax, 0),
    total_amount: sales.reduce((s, l) => s + l.total_amount, 0),
    // A sale made before migration 9 has no tender row: it was paid exactly.
    tendered: tender?.amount_tendered ?? sales.reduce((s, l) => s + l.total_amount, 0),
    change: tender?.change_due ?? 0,
  }
}

export interface NewSaleRow {
  _id: string
  transaction_id: string
  request_id: string
  line_no: number
  ticket_id: string
  store_id: string
  user_id: string
  lottery_id: string
  quantity: number
  price: number
  payment_method: string
  tax: number
  total_amount: number
  sale_time: string
  device_info: string
  created_at: string
  /** The open shift it belongs to (a trigger refuses any other). */
  shift_id: string
}

/** The one writer of sales: one row per cart line, in the sale's transaction (positional: it runs every sale). */
export function insertSale(db: WriteDB, s: NewSaleRow): void {
  stmt(
    db,
    `INSERT INTO sales (_id, transaction_id, request_id, line_no, ticket_id, store_id, user_id, lottery_id, quantity, price,
       payment_method, tax, total_amount, sale_time, device_info, created_at, shift_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    s._id,
    s.transaction_id,
    s.request_id,
    s.line_no,
    s.ticket_id,
    s.store_id,
    s.user_id,
    s.lottery_id,
    s.quantity,
    s.price,
    s.payment_method,
    s.tax,
    s.total_amount,
    s.sale_time,
    s.device_info,
    s.created_at,
    s.shift_id,
  )
}

export interface NewTenderRow {
  transaction_id: string
  payment_method: string
  amount_due: number
  amount_tendered: number
  change_due: number
  created_at: string
}

/** The one writer of sale_tenders: what the customer handed over, one row per sale, in the sale's transaction. */
export function insertTender(db: WriteDB, t: NewTenderRow): void {
  stmt(
    db,
    `INSERT INTO sale_tenders (transaction_id, payment_method, amount_due, amount_tendered, change_due, created_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(t.transaction_id, t.payment_method, t.amount_due, t.amount_tendered, t.change_due, t.created_at)
}

import type { ItemLineView, SaleLineView, SaleResult } from '../../shared/contract'
import { instantCode } from '../../shared/instant'
import { saleItems } from '../product/repo'
import { stmt } from '../core/deps'
import type { ReadDB, WriteDB } from '../store/db'
import { ticketsOfSales } from '../ticket/repo'

/**
 * The committed sale for a request id (with who made it, and its lines in cart order as sale-create names
 * them), or null: what makes sale-create idempotent. Found by the tender row every sale has since migration 15
 * (one indexed lookup whatever the cart held); a sale older than that one is refused by the sales table's own
 * (request_id, line_no) key instead.
 */
export function loadSaleResult(
  db: ReadDB,
  requestId: string,
): (Omit<SaleResult, 'replayed'> & { user_id: string; line_keys: string[] }) | null {
  const tender = stmt(
    db,
    'SELECT transaction_id, payment_method, amount_tendered, change_due, created_at FROM sale_tenders WHERE request_id = ?',
  ).get(requestId) as
    | {
        transaction_id: string
        payment_method: SaleResult['payment_method']
        amount_tendered: number
        change_due: number
        created_at: string
      }
    | undefined
  if (!tender) return null
  const rows = stmt(
    db,
    `SELECT s._id, s.lottery_id, l.name AS game_name, s.quantity, s.price, s.tax, s.total_amount, s.user_id, s.line_no,
       i.ticket_no, p.pack_number, l.game_number
     FROM sales s JOIN lotteries l ON l._id = s.lottery_id LEFT JOIN instant_sales i ON i._id = s.ticket_id
       LEFT JOIN packs p ON p._id = i.pack_id
     WHERE s.transaction_id = ? ORDER BY s.line_no`,
  ).all(tender.transaction_id) as (SaleLineView & {
    user_id: string
    line_no: number
    ticket_no: number | null
    pack_number: string | null
    game_number: string | null
  })[]
  const products = saleItems(db, tender.transaction_id)
  const keyed: [number, string][] = []
  const sales: SaleLineView[] = rows.map(
    ({ _id, lottery_id, game_name, quantity, price, tax, total_amount, line_no, ...r }) => {
      const line = { _id, lottery_id, game_name, quantity, price, tax, total_amount }
      if (r.ticket_no === null || r.pack_number === null || r.game_number === null) {
        keyed.push([line_no, `d:${lottery_id}:${quantity}`])
        return line
      }
      const code = instantCode(r.game_number, r.pack_number, r.ticket_no)
      keyed.push([line_no, `i:${code}`])
      const instant = { game_number: r.game_number, pack_number: r.pack_number, ticket_no: r.ticket_no, code }
      return { ...line, instant }
    },
  )
  const items: ItemLineView[] = products.map((t) => {
    keyed.push([t.line_no, `p:${t.product_id}:${t.quantity}`])
    return {
      _id: t._id,
      product_id: t.product_id,
      product_name: t.product_name,
      sku: t.sku,
      quantity: t.quantity,
      unit_price: t.unit_price,
      price: t.total_value,
      tax: t.tax,
      total_amount: t.total_value + t.tax,
    }
  })
  const all = [...sales, ...items]
  return {
    user_id: rows[0]?.user_id ?? products[0]?.user_id,
    line_keys: keyed.sort((a, b) => a[0] - b[0]).map(([, k]) => k),
    transaction_id: tender.transaction_id,
    payment_method: tender.payment_method,
    sale_time: tender.created_at,
    sales,
    items,
    tickets: ticketsOfSales(
      db,
      sales.map((s) => s._id),
    ),
    price: all.reduce((s, l) => s + l.price, 0),
    tax: all.reduce((s, l) => s + l.tax, 0),
    total_amount: all.reduce((s, l) => s + l.total_amount, 0),
    tendered: tender.amount_tendered,
    change: tender.change_due,
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
  request_id: string
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
    `INSERT INTO sale_tenders (transaction_id, request_id, payment_method, amount_due, amount_tendered, change_due, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(t.transaction_id, t.request_id, t.payment_method, t.amount_due, t.amount_tendered, t.change_due, t.created_at)
}

/** When the last sale on this terminal was made (ISO), or null: the tender rows are one per sale, in order. */
export function lastSaleAt(db: ReadDB): string | null {
  return (
    (
      stmt(db, 'SELECT created_at FROM sale_tenders ORDER BY rowid DESC LIMIT 1').get() as
        { created_at: string } | undefined
    )?.created_at ?? null
  )
}

/** The shift a sale line was counted in (null for a sale older than shifts). */
export function shiftOfSale(db: ReadDB, saleId: string): string | null {
  return (
    (stmt(db, 'SELECT shift_id FROM sales WHERE _id = ?').get(saleId) as { shift_id: string | null } | undefined)
      ?.shift_id ?? null
  )
}

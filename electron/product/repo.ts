import type { ProductView, PurchaseView, SupplierView } from '../../shared/contract'
import { stmt } from '../core/deps'
import type { ReadDB, WriteDB } from '../store/db'

/** The only SQL on products, suppliers and inventory_transactions. */

export interface ProductRow extends Omit<ProductView, 'tags' | 'age_check'> {
  tags: string
  age_check: number
  created_at: string
}

export const productView = (r: ProductRow): ProductView => {
  const { created_at: _c, ...rest } = r
  return { ...rest, tags: JSON.parse(r.tags) as string[], age_check: r.age_check === 1 }
}

export function productById(db: ReadDB, id: string): ProductRow | null {
  return (stmt(db, 'SELECT * FROM products WHERE _id = ?').get(id) as ProductRow | undefined) ?? null
}

/** The product a scanned barcode or SKU names, or null. */
export function productByCode(db: ReadDB, code: string): ProductRow | null {
  // A UPC-A is the EAN-13 with a leading 0: a scanner set to send 13 digits still finds a 12-digit barcode.
  const other = /^0\d{12}$/.test(code) ? code.slice(1) : /^\d{12}$/.test(code) ? `0${code}` : code
  return (
    (stmt(
      db,
      `SELECT * FROM products WHERE barcode IN (?, ?)
       UNION ALL SELECT * FROM products WHERE sku = ? COLLATE NOCASE LIMIT 1`,
    ).get(code, other, code) as ProductRow | undefined) ?? null
  )
}

/** Another product with this SKU or barcode, if any (the unique indexes would refuse it too). */
export function clashOf(
  db: ReadDB,
  p: { sku: string; barcode: string | null },
  exceptId: string | null,
): { field: 'sku' | 'barcode'; product_name: string } | null {
  const sku = stmt(db, 'SELECT _id, product_name FROM products WHERE sku = ? COLLATE NOCASE').get(p.sku) as
    { _id: string; product_name: string } | undefined
  if (sku && sku._id !== exceptId) return { field: 'sku', product_name: sku.product_name }
  if (p.barcode) {
    const bc = stmt(db, 'SELECT _id, product_name FROM products WHERE barcode = ?').get(p.barcode) as
      { _id: string; product_name: string } | undefined
    if (bc && bc._id !== exceptId) return { field: 'barcode', product_name: bc.product_name }
  }
  return null
}

export function upsertProduct(db: WriteDB, r: ProductRow): void {
  stmt(
    db,
    `INSERT INTO products (_id, product_name, sku, barcode, category, description, quantity, price, supplier_id, location,
       received_date, last_updated, status, tags, image_url, age_check, created_at)
     VALUES (@_id, @product_name, @sku, @barcode, @category, @description, @quantity, @price, @supplier_id, @location,
       @received_date, @last_updated, @status, @tags, @image_url, @age_check, @created_at)
     ON CONFLICT(_id) DO UPDATE SET product_name = excluded.product_name, sku = excluded.sku, barcode = excluded.barcode,
       category = excluded.category, description = excluded.description, price = excluded.price,
       supplier_id = excluded.supplier_id, location = excluded.location, last_updated = excluded.last_updated,
       status = excluded.status, tags = excluded.tags, image_url = excluded.image_url, age_check = excluded.age_check`,
  ).run(r)
}

/**
 * Search as the cashier types: an exact SKU or barcode alone (a scan); otherwise names starting with the text,
 * then, if those do not fill the list, names containing it. Each reads the name index in order and stops at
 * the limit: no sort of every match, whatever the catalogue's size.
 */
export function searchProducts(db: ReadDB, q: string, limit: number, withDiscontinued: boolean): ProductRow[] {
  const text = q.trim()
  const live = withDiscontinued ? '' : "AND status <> 'discontinued'"
  const ordered = `ORDER BY product_name COLLATE NOCASE LIMIT ?`
  if (!text) return stmt(db, `SELECT * FROM products WHERE 1 ${live} ${ordered}`).all(limit) as ProductRow[]
  const exact = stmt(
    db,
    `SELECT * FROM products WHERE sku = ? COLLATE NOCASE ${live} UNION SELECT * FROM products WHERE barcode = ? ${live}`,
  ).all(text, text) as ProductRow[]
  if (exact.length) return exact
  // LIKE's wildcards typed by the cashier are plain text to them; without an ESCAPE clause the prefix uses the index.
  const like = text.replace(/[%_]/g, ' ')
  const prefix = stmt(db, `SELECT * FROM products WHERE product_name LIKE ? ${live} ${ordered}`).all(
    `${like}%`,
    limit,
  ) as ProductRow[]
  if (prefix.length >= limit) return prefix
  const within = stmt(
    db,
    `SELECT * FROM products WHERE product_name LIKE ? AND product_name NOT LIKE ? ${live} ${ordered}`,
  ).all(`%${like}%`, `${like}%`, limit - prefix.length) as ProductRow[]
  return [...prefix, ...within]
}

export function setProductStatus(db: WriteDB, id: string, status: string, now: string): void {
  stmt(db, 'UPDATE products SET status = ?, last_updated = ? WHERE _id = ?').run(status, now, id)
}

/**
 * Goods received: the quantity raised, back in stock unless discontinued. last_updated is the catalogue's time
 * (what the pull from central compares), so the store's own stock moves never change it.
 */
export function receiveInto(db: WriteDB, id: string, quantity: number, now: string): void {
  stmt(
    db,
    `UPDATE products SET quantity = quantity + @q, received_date = @now,
       status = CASE WHEN status = 'discontinued' THEN status ELSE 'in_stock' END WHERE _id = @id`,
  ).run({ q: quantity, now, id })
}

/** Sold: the quantity lowered (a CHECK refuses below zero), out of stock at zero; last_updated as receiveInto. */
export function sellFrom(db: WriteDB, id: string, quantity: number): { quantity: number; status: string } {
  return stmt(
    db,
    `UPDATE products SET quantity = quantity - @q,
       status = CASE WHEN status = 'in_stock' AND quantity - @q = 0 THEN 'out_of_stock' ELSE status END
     WHERE _id = @id RETURNING quantity, status`,
  ).get({ q: quantity, id }) as { quantity: number; status: string }
}

export function suppliers(db: ReadDB): SupplierView[] {
  return stmt(
    db,
    'SELECT _id, name, contact_name, contact_email, contact_phone, address, status, payment_terms FROM suppliers ORDER BY name COLLATE NOCASE',
  ).all() as SupplierView[]
}

export function supplierById(db: ReadDB, id: string): (SupplierView & { created_at: string }) | null {
  return (
    (stmt(db, 'SELECT * FROM suppliers WHERE _id = ?').get(id) as
      (SupplierView & { created_at: string }) | undefined) ?? null
  )
}

export function supplierByName(db: ReadDB, name: string): SupplierView | null {
  return (
    (stmt(db, 'SELECT * FROM suppliers WHERE name = ? COLLATE NOCASE').get(name) as SupplierView | undefined) ?? null
  )
}

export function upsertSupplier(db: WriteDB, s: SupplierView & { created_at: string; updated_at: string }): void {
  stmt(
    db,
    `INSERT INTO suppliers (_id, name, contact_name, contact_email, contact_phone, address, status, payment_terms, created_at, updated_at)
     VALUES (@_id, @name, @contact_name, @contact_email, @contact_phone, @address, @status, @payment_terms, @created_at, @updated_at)
     ON CONFLICT(_id) DO UPDATE SET name = excluded.name, contact_name = excluded.contact_name,
       contact_email = excluded.contact_email, contact_phone = excluded.contact_phone, address = excluded.address,
       status = excluded.status, payment_terms = excluded.payment_terms, updated_at = excluded.updated_at`,
  ).run(s)
}

export interface TransactionRow {
  _id: string
  product_id: string
  transaction_type: 'purchase' | 'sale' | 'adjustment'
  quantity: number
  unit_price: number
  total_value: number
  transaction_date: string
  reference_number: string
  transaction_status: 'pending' | 'completed' | 'cancelled'
  supplier_id: string | null
  store_id: string
  user_id: string
  updated_at: string
}

/** A sale's product line also carries the sale's shift, tax, payment method and its place in the cart. */
export interface SaleTransactionRow extends TransactionRow {
  transaction_type: 'sale'
  shift_id: string
  tax: number
  payment_method: string
  line_no: number
}

export function insertTransaction(db: WriteDB, t: TransactionRow | SaleTransactionRow): void {
  stmt(
    db,
    `INSERT INTO inventory_transactions (_id, product_id, transaction_type, quantity, unit_price, total_value,
       transaction_date, reference_number, transaction_status, supplier_id, store_id, user_id, updated_at,
       shift_id, tax, payment_method, line_no)
     VALUES (@_id, @product_id, @transaction_type, @quantity, @unit_price, @total_value, @transaction_date,
       @reference_number, @transaction_status, @supplier_id, @store_id, @user_id, @updated_at,
       @shift_id, @tax, @payment_method, @line_no)`,
  ).run({ shift_id: null, tax: 0, payment_method: null, line_no: null, ...t })
}

/** The product lines of a sale (by its transaction id), in cart order. */
export function saleItems(
  db: ReadDB,
  transactionId: string,
): (SaleTransactionRow & { product_name: string; sku: string })[] {
  return stmt(
    db,
    `SELECT t.*, p.product_name, p.sku FROM inventory_transactions t JOIN products p ON p._id = t.product_id
     WHERE t.reference_number = ? AND t.transaction_type = 'sale' ORDER BY t.line_no`,
  ).all(transactionId) as (SaleTransactionRow & { product_name: string; sku: string })[]
}

export function purchaseRows(
  db: ReadDB,
  reference: string,
): (TransactionRow & { product_name: string; supplier: string | null })[] {
  return stmt(
    db,
    `SELECT t.*, p.product_name, s.name AS supplier FROM inventory_transactions t JOIN products p ON p._id = t.product_id
       LEFT JOIN suppliers s ON s._id = t.supplier_id
     WHERE t.reference_number = ? AND t.transaction_type = 'purchase' ORDER BY t._id`,
  ).all(reference) as (TransactionRow & { product_name: string; supplier: string | null })[]
}

/** Marks a purchase's pending lines completed; answers the lines it changed. */
export function completePurchase(db: WriteDB, reference: string, now: string): TransactionRow[] {
  return stmt(
    db,
    `UPDATE inventory_transactions SET transaction_status = 'completed', updated_at = ?
     WHERE reference_number = ? AND transaction_type = 'purchase' AND transaction_status = 'pending' RETURNING *`,
  ).all(now, reference) as TransactionRow[]
}

export function purchaseReferences(db: ReadDB, status?: string): string[] {
  return (
    stmt(
      db,
      `SELECT reference_number FROM inventory_transactions WHERE transaction_type = 'purchase' AND (? IS NULL OR transaction_status = ?)
       GROUP BY reference_number ORDER BY MAX(transaction_date) DESC LIMIT 100`,
    ).all(status ?? null, status ?? null) as { reference_number: string }[]
  ).map((r) => r.reference_number)
}

export function toPurchaseView(rows: ReturnType<typeof purchaseRows>): PurchaseView | null {
  if (!rows.length) return null
  return {
    reference_number: rows[0].reference_number,
    supplier_id: rows[0].supplier_id,
    supplier: rows[0].supplier,
    transaction_status: rows.every((r) => r.transaction_status === 'completed')
      ? 'completed'
      : rows.every((r) => r.transaction_status === 'cancelled')
        ? 'cancelled'
        : 'pending',
    transaction_date: rows[0].transaction_date,
    lines: rows.map((r) => ({
      product_id: r.product_id,
      product_name: r.product_name,
      quantity: r.quantity,
      unit_price: r.unit_price,
      total_value: r.total_value,
    })),
    total_value: rows.reduce((s, r) => s + r.total_value, 0),
  }
}

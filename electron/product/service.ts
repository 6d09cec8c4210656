import { parse } from 'csv-parse/sync'
import { z } from 'zod'
import {
  ProductInput,
  SupplierInput,
  type ImportReport,
  type ParsedArgsOf,
  type ProductView,
  type PurchaseView,
  type SupplierView,
} from '../../shared/contract'
import { PosError } from '../../shared/errors'
import { minorToDecimal } from '../../shared/money'
import { auditEntry } from '../audit/audited'
import type { Ctx } from '../core/context'
import { enqueue } from '../outbox/repo'
import { inTransaction } from '../store/db'
import {
  clashOf,
  completePurchase,
  insertTransaction,
  productById,
  productView,
  purchaseReferences,
  purchaseRows,
  receiveInto,
  setProductStatus,
  supplierById,
  supplierByName,
  suppliers,
  toPurchaseView,
  upsertProduct,
  upsertSupplier,
  type ProductRow,
} from './repo'

type ProductFields = z.output<typeof ProductInput>

function refuseClash(ctx: Ctx, p: ProductFields, exceptId: string | null): void {
  const clash = clashOf(ctx.db, p, exceptId)
  if (clash?.field === 'sku')
    throw new PosError('SKU_EXISTS', `SKU ${p.sku} is already ${clash.product_name}'s. Nothing was saved.`)
  if (clash)
    throw new PosError('BARCODE_EXISTS', `Barcode ${p.barcode} is already ${clash.product_name}'s. Nothing was saved.`)
  if (p.supplier_id && !supplierById(ctx.db, p.supplier_id))
    throw new PosError('NOT_FOUND', 'That supplier does not exist here.')
}

const payload = (r: ProductRow) => ({ ...productView(r), created_at: r.created_at })

/** Adds or edits a product (its quantity moves only by purchases, sales and adjustments), audited and queued. */
export function saveProduct(ctx: Ctx, userId: string, id: string | undefined, p: ProductFields): ProductView {
  const now = ctx.clock().toISOString()
  return inTransaction(ctx.db, () => {
    const old = id ? productById(ctx.db, id) : null
    if (id && !old) throw new PosError('NOT_FOUND', 'No such product.')
    refuseClash(ctx, p, id ?? null)
    const row: ProductRow = {
      _id: old?._id ?? ctx.newId(),
      ...p,
      tags: JSON.stringify(p.tags),
      age_check: p.age_check ? 1 : 0,
      quantity: old?.quantity ?? 0,
      received_date: old?.received_date ?? null,
      last_updated: now,
      status: old?.status === 'discontinued' ? 'discontinued' : (old?.quantity ?? 0) > 0 ? 'in_stock' : 'out_of_stock',
      created_at: old?.created_at ?? now,
    }
    upsertProduct(ctx.db, row)
    auditEntry(
      ctx,
      userId,
      {
        action: old ? 'product.edit' : 'product.add',
        entity_type: 'product',
        entity_id: row._id,
        description: `${old ? 'edited' : 'added'} ${row.sku} ${row.product_name} at ${minorToDecimal(row.price)}`,
      },
      now,
    )
    const saved = productById(ctx.db, row._id)!
    enqueue(ctx.db, 'products', row._id, old ? 'update' : 'insert', payload(saved), now)
    return productView(saved)
  })
}

export function discontinue(ctx: Ctx, userId: string, id: string): ProductView {
  const now = ctx.clock().toISOString()
  return inTransaction(ctx.db, () => {
    const p = productById(ctx.db, id)
    if (!p) throw new PosError('NOT_FOUND', 'No such product.')
    setProductStatus(ctx.db, id, 'discontinued', now)
    auditEntry(
      ctx,
      userId,
      { action: 'product.discontinue', entity_type: 'product', entity_id: id, description: `discontinued ${p.sku}` },
      now,
    )
    enqueue(ctx.db, 'products', id, 'update', { _id: id, status: 'discontinued', last_updated: now }, now)
    return productView(productById(ctx.db, id)!)
  })
}

// ---- CSV import ----

const CSV_COLUMNS = new Set([
  'product_name',
  'sku',
  'barcode',
  'category',
  'description',
  'price',
  'supplier',
  'location',
  'tags',
  'image_url',
  'age_check',
])

/** "2.50", "$2.50", "2" -> minor units; null when it is not a price. */
function priceOf(text: string): number | null {
  const t = text.trim().replace(/^\$/, '')
  if (!/^\d{1,7}(\.\d{1,2})?$/.test(t)) return null
  const [whole, frac = ''] = t.split('.')
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'))
}

/**
 * Products from a CSV with a header row (seed field names; `supplier` by name). Every row is checked by the
 * same rules as the form; the valid ones are added in one transaction, each refused one is reported with its
 * line and reason and writes nothing. A SKU twice in the file: the first is added, the second refused.
 */
export function importProducts(ctx: Ctx, userId: string, csv: string): ImportReport {
  let records: Record<string, string>[]
  try {
    records = parse(csv, {
      columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
      bom: true,
    }) as Record<string, string>[]
  } catch (err) {
    throw new PosError('VALIDATION', `That file is not a CSV this can read: ${(err as Error).message}`)
  }
  const header = Object.keys(records[0] ?? {})
  const unknown = header.filter((h) => !CSV_COLUMNS.has(h))
  if (!header.includes('product_name') || !header.includes('sku') || !header.includes('price'))
    throw new PosError('VALIDATION', 'The first row must name the columns, with at least product_name, sku and price.')
  if (unknown.length)
    throw new PosError('VALIDATION', `Unknown columns: ${unknown.join(', ')}. Known: ${[...CSV_COLUMNS].join(', ')}.`)
  const now = ctx.clock().toISOString()
  const report: ImportReport = { imported: 0, refused: [] }
  inTransaction(ctx.db, () => {
    const seen = new Set<string>()
    records.forEach((rec, i) => {
      const line = i + 2
      const refuse = (reason: string) => report.refused.push({ line, sku: rec.sku ?? '', reason })
      const price = priceOf(rec.price ?? '')
      if (price === null) return refuse(`price "${rec.price ?? ''}" is not an amount like 2.50`)
      const supplier = rec.supplier ? supplierByName(ctx.db, rec.supplier) : null
      if (rec.supplier && !supplier) return refuse(`no supplier named "${rec.supplier}"`)
      const parsed = ProductInput.safeParse({
        product_name: rec.product_name ?? '',
        sku: rec.sku ?? '',
        barcode: rec.barcode ? rec.barcode : null,
        category: rec.category ?? '',
        description: rec.description ?? '',
        price,
        supplier_id: supplier?._id ?? null,
        location: rec.location ?? '',
        tags: rec.tags
          ? rec.tags
              .split(/[;|]/)
              .map((t) => t.trim())
              .filter(Boolean)
          : [],
        image_url: rec.image_url ? rec.image_url : null,
        age_check: /^(1|yes|true|y)$/i.test(rec.age_check ?? ''),
      })
      if (!parsed.success)
        return refuse(parsed.error.issues.map((x) => `${String(x.path[0] ?? '')}: ${x.message}`).join('; '))
      const key = parsed.data.sku.toLowerCase()
      if (seen.has(key)) return refuse(`SKU ${parsed.data.sku} is twice in this file`)
      const clash = clashOf(ctx.db, parsed.data, null)
      if (clash) return refuse(`${clash.field === 'sku' ? 'SKU' : 'barcode'} already belongs to ${clash.product_name}`)
      seen.add(key)
      const row: ProductRow = {
        _id: ctx.newId(),
        ...parsed.data,
        tags: JSON.stringify(parsed.data.tags),
        age_check: parsed.data.age_check ? 1 : 0,
        quantity: 0,
        received_date: null,
        last_updated: now,
        status: 'out_of_stock',
        created_at: now,
      }
      upsertProduct(ctx.db, row)
      enqueue(ctx.db, 'products', row._id, 'insert', payload(row), now)
      report.imported++
    })
    auditEntry(
      ctx,
      userId,
      {
        action: 'product.import',
        entity_type: 'product',
        description: `CSV import: ${report.imported} added, ${report.refused.length} refused`,
      },
      now,
    )
  })
  return report
}

// ---- suppliers ----

export function saveSupplier(
  ctx: Ctx,
  userId: string,
  id: string | undefined,
  s: z.output<typeof SupplierInput>,
): SupplierView {
  const now = ctx.clock().toISOString()
  return inTransaction(ctx.db, () => {
    const old = id ? supplierById(ctx.db, id) : null
    if (id && !old) throw new PosError('NOT_FOUND', 'No such supplier.')
    const same = supplierByName(ctx.db, s.name)
    if (same && same._id !== id)
      throw new PosError('SUPPLIER_EXISTS', `There is already a supplier named ${same.name}.`)
    const row = {
      _id: old?._id ?? ctx.newId(),
      ...s,
      status: old?.status ?? ('active' as const),
      created_at: old?.created_at ?? now,
      updated_at: now,
    }
    upsertSupplier(ctx.db, row)
    auditEntry(
      ctx,
      userId,
      {
        action: old ? 'supplier.edit' : 'supplier.add',
        entity_type: 'supplier',
        entity_id: row._id,
        description: `${old ? 'edited' : 'added'} supplier ${row.name}`,
      },
      now,
    )
    enqueue(ctx.db, 'suppliers', row._id, old ? 'update' : 'insert', row, now)
    return supplierById(ctx.db, row._id)!
  })
}

export function setSupplierStatus(ctx: Ctx, userId: string, id: string, status: 'active' | 'inactive'): SupplierView {
  const old = supplierById(ctx.db, id)
  if (!old) throw new PosError('NOT_FOUND', 'No such supplier.')
  const { created_at: _c, ...fields } = old
  return saveSupplierStatus(ctx, userId, { ...fields, status })
}

function saveSupplierStatus(ctx: Ctx, userId: string, s: SupplierView): SupplierView {
  const now = ctx.clock().toISOString()
  return inTransaction(ctx.db, () => {
    const old = supplierById(ctx.db, s._id)!
    upsertSupplier(ctx.db, { ...s, created_at: old.created_at, updated_at: now })
    auditEntry(
      ctx,
      userId,
      {
        action: 'supplier.status',
        entity_type: 'supplier',
        entity_id: s._id,
        description: `supplier ${s.name} ${s.status}`,
      },
      now,
    )
    enqueue(ctx.db, 'suppliers', s._id, 'update', { _id: s._id, status: s.status, updated_at: now }, now)
    return supplierById(ctx.db, s._id)!
  })
}

export const listSuppliers = (ctx: Ctx) => suppliers(ctx.read)

// ---- purchases ----

export function createPurchase(ctx: Ctx, userId: string, args: ParsedArgsOf<'purchase-create'>): PurchaseView {
  const now = ctx.clock().toISOString()
  return inTransaction(ctx.db, () => {
    const supplier = supplierById(ctx.db, args.supplierId)
    if (!supplier || supplier.status !== 'active') throw new PosError('NOT_FOUND', 'No such active supplier.')
    if (purchaseRows(ctx.db, args.reference).length)
      throw new PosError('VALIDATION', `Purchase ${args.reference} already exists: use another reference.`)
    for (const line of args.lines) {
      const p = productById(ctx.db, line.productId)
      if (!p) throw new PosError('NOT_FOUND', 'A line names a product that does not exist.')
      const t = {
        _id: ctx.newId(),
        product_id: p._id,
        transaction_type: 'purchase' as const,
        quantity: line.quantity,
        unit_price: line.unitPrice,
        total_value: line.quantity * line.unitPrice,
        transaction_date: now,
        reference_number: args.reference,
        transaction_status: 'pending' as const,
        supplier_id: supplier._id,
        store_id: ctx.store._id,
        user_id: userId,
        updated_at: now,
      }
      insertTransaction(ctx.db, t)
      enqueue(ctx.db, 'inventory_transactions', t._id, 'insert', t, now)
    }
    auditEntry(
      ctx,
      userId,
      {
        action: 'purchase.create',
        entity_type: 'purchase',
        description: `purchase ${args.reference} from ${supplier.name}: ${args.lines.length} lines`,
      },
      now,
    )
    return toPurchaseView(purchaseRows(ctx.db, args.reference))!
  })
}

/** Receives a pending purchase: every line completed and every product raised, or (on any failure) nothing. */
export function receivePurchase(ctx: Ctx, userId: string, reference: string): PurchaseView {
  const now = ctx.clock().toISOString()
  return inTransaction(ctx.db, () => {
    const rows = purchaseRows(ctx.db, reference)
    if (!rows.length) throw new PosError('NOT_FOUND', `No purchase ${reference}.`)
    const done = completePurchase(ctx.db, reference, now)
    if (!done.length)
      throw new PosError('PURCHASE_NOT_PENDING', `Purchase ${reference} was already received: nothing was added twice.`)
    for (const t of done) {
      receiveInto(ctx.db, t.product_id, t.quantity, now)
      enqueue(
        ctx.db,
        'inventory_transactions',
        t._id,
        'update',
        { _id: t._id, transaction_status: 'completed', updated_at: now },
        now,
      )
      // No product update for central: its products are the chain's catalogue, and this store's count reaches
      // it as the completed inventory_transactions row above.
    }
    auditEntry(
      ctx,
      userId,
      {
        action: 'purchase.receive',
        entity_type: 'purchase',
        description: `received ${reference}: ${done.reduce((s, t) => s + t.quantity, 0)} units on ${done.length} lines`,
      },
      now,
    )
    return toPurchaseView(purchaseRows(ctx.db, reference))!
  })
}

export function listPurchases(ctx: Ctx, status?: 'pending' | 'completed' | 'cancelled'): PurchaseView[] {
  return purchaseReferences(ctx.read, status).map((r) => toPurchaseView(purchaseRows(ctx.read, r))!)
}

import { ObjectId, type Document } from 'bson'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { pullCatalog } from './pull'
import { getCheckpoint, listConflicts, listPullRejects } from './repo'
import { openKit, type Kit } from './test-kit'

// Products and suppliers from central (issue 12, item 9): per document by timestamp, central wins a tie, an
// older central document leaves the local row alone, and quantity is the store's own count.
let k: Kit
let m: string
beforeEach(async () => {
  k = await openKit('products-pull')
  m = await k.b.login('maria')
})
afterEach(() => k.close())

const T0 = Date.parse('2026-11-21T15:00:00Z') // the test backend's frozen clock
const at = (minutes: number) => new Date(T0 + minutes * 60_000)
const oid = (hex: string) => ObjectId.createFromHexString(hex)
const row = (sql: string, ...args: unknown[]) =>
  k.b.ctx.db.prepare(sql).get(...args) as Record<string, unknown> | undefined
const product = (id: string) =>
  row(
    'SELECT product_name, sku, barcode, price, category, quantity, status, supplier_id, tags, age_check, last_updated FROM products WHERE _id = ?',
    id,
  )
const setCentral = (collection: string, id: string, fields: Document) =>
  k.t.db.collection(collection).updateOne({ _id: oid(id) }, { $set: fields })
const central = async (collection: string, id: string) => k.t.db.collection(collection).findOne({ _id: oid(id) })
const sync = async () => {
  const report = await k.engine().syncNow()
  expect(report.error).toBeNull()
  return report
}
/** The pull alone, as a round whose push has nothing to send would run it. */
const pullOnly = () => pullCatalog({ db: k.b.ctx.db, target: k.t.db, clock: k.b.clock, storeId: k.b.ctx.store._id })
/** A round that cannot reach central: what the manager saves next waits in the outbox. */
async function offlineRound() {
  k.t.faulty.offline = true
  await k.engine().syncNow()
  k.t.faulty.offline = false
}

const cola = { product_name: 'Cola 330ml', sku: 'COLA-330', barcode: '5000112637922', price: 150, category: 'Drinks' }
const chips = { product_name: 'Chips', sku: 'CHIP-1', price: 120 }

/** A product as the office would create it on central: seed fields, money in minor units, no store_id. */
function centralProduct(fields: Document = {}): Document {
  return {
    _id: new ObjectId(),
    product_name: 'Gum',
    sku: 'GUM-1',
    category: 'Sweets',
    description: '',
    quantity: 7,
    price: 99,
    supplier_id: null,
    location: 'Aisle 2',
    received_date: at(-600),
    last_updated: at(5),
    status: 'in_stock',
    tags: ['sweet'],
    image_url: null,
    created_at: at(-600),
    ...fields,
  }
}
const insertCentral = (collection: string, docs: Document[]) =>
  k.t.db.collection(collection).insertMany(docs, { ordered: false })

/** Local products (and a supplier) saved by the manager and pushed, so central holds them. */
async function pushedCatalogue() {
  const supplier = await k.b.call(m, 'supplier-save', { supplier: { name: 'Metro', payment_terms: 'Net 30' } })
  const p = await k.b.call(m, 'product-save', { product: { ...cola, supplier_id: supplier._id, tags: ['cold'] } })
  const q = await k.b.call(m, 'product-save', { product: chips })
  await sync()
  return { supplier, p, q }
}

/** Receives `quantity` of a product through a purchase: the store's own count moves, with its transaction row. */
async function receive(productId: string, supplierId: string, quantity: number, reference: string) {
  await k.b.call(m, 'purchase-create', {
    supplierId,
    reference,
    lines: [{ productId, quantity, unitPrice: 80 }],
  })
  await k.b.call(m, 'purchase-receive', { reference })
}

describe('products from central', () => {
  it('a central product later than the local row replaces its catalogue fields, never its quantity', async () => {
    const { supplier, p } = await pushedCatalogue()
    await receive(p._id, supplier._id, 24, 'PO-1')
    await sync()
    await setCentral('products', p._id, {
      product_name: 'Cola 330ml can',
      price: 175,
      tags: ['cold', 'fizzy'],
      age_check: true,
      quantity: 999,
      status: 'out_of_stock',
      last_updated: at(10),
    })
    const report = await sync()
    expect(report.pulled?.rejected).toEqual([])
    expect(product(p._id)).toMatchObject({
      product_name: 'Cola 330ml can',
      price: 175,
      tags: '["cold","fizzy"]',
      age_check: 1,
      // 24 received here: central's 999 (another count) and its out_of_stock do not apply.
      quantity: 24,
      status: 'in_stock',
      last_updated: at(10).toISOString(),
    })
    // The pull wrote no stock movement of its own.
    expect(row('SELECT COUNT(*) AS n FROM inventory_transactions WHERE product_id = ?', p._id)).toEqual({ n: 1 })
  })

  it("takes out of a central product's name what would show it reversed or blank, and applies the rest", async () => {
    const reversed = centralProduct({ product_name: 'Cola \u202e033 lm', sku: 'COLA-RTL', last_updated: at(6) })
    const blank = centralProduct({ product_name: '\u200b\u200b', sku: 'BLANK-1', last_updated: at(7) })
    await insertCentral('products', [reversed, blank])
    const report = await sync()
    expect(report.pulled?.rejected).toEqual([])
    expect(product(reversed._id.toHexString())).toMatchObject({ product_name: 'Cola 033 lm', sku: 'COLA-RTL' })
    expect(product(blank._id.toHexString())).toMatchObject({ product_name: '?' })
  })

  it('central wins a tie on last_updated', async () => {
    const { p } = await pushedCatalogue()
    k.b.clock.advance(10 * 60_000)
    await offlineRound()
    await k.b.call(m, 'product-save', { id: p._id, product: { ...cola, price: 199 } })
    expect(product(p._id)?.last_updated).toBe(at(10).toISOString())
    await setCentral('products', p._id, { price: 160, category: 'Soft drinks', last_updated: at(10) })
    expect(await pullOnly()).toMatchObject({ applied: 1, kept: 0, rejected: [] })
    expect(product(p._id)).toMatchObject({ price: 160, category: 'Soft drinks', last_updated: at(10).toISOString() })
  })

  it('keeps a local edit newer than central and still pushes it', async () => {
    const { p } = await pushedCatalogue()
    k.b.clock.advance(10 * 60_000)
    // Offline: the manager's new price waits in the outbox.
    await offlineRound()
    await k.b.call(m, 'product-save', { id: p._id, product: { ...cola, price: 199 } })
    await setCentral('products', p._id, { price: 155, product_name: 'Office name', last_updated: at(5) })
    const pulled = await pullOnly()
    expect(pulled).toMatchObject({ applied: 0, kept: 1, rejected: [] })
    expect(product(p._id)).toMatchObject({ price: 199, product_name: 'Cola 330ml', last_updated: at(10).toISOString() })
    const report = await sync()
    expect(report.pushed.acked).toBeGreaterThan(0)
    expect(await central('products', p._id)).toMatchObject({ price: 199, product_name: 'Cola 330ml' })
    expect(row("SELECT COUNT(*) AS n FROM outbox WHERE collection = 'products' AND status <> 'acked'")).toEqual({
      n: 0,
    })
    expect(listPullRejects(k.b.ctx.db)).toEqual([])
  })

  it('a product new to the terminal starts at 0 in this store, whatever central’s quantity (no store’s count)', async () => {
    const gum = centralProduct({ quantity: 7, status: 'out_of_stock' })
    const mints = centralProduct({ sku: 'MINT-1', product_name: 'Mints', quantity: 0, status: 'in_stock' })
    await insertCentral('products', [gum, mints])
    expect((await sync()).pulled?.rejected).toEqual([])
    expect(product(gum._id.toHexString())).toMatchObject({
      product_name: 'Gum',
      sku: 'GUM-1',
      price: 99,
      quantity: 0,
      status: 'out_of_stock',
      tags: '["sweet"]',
      age_check: 0,
      barcode: null,
    })
    expect(product(mints._id.toHexString())).toMatchObject({ quantity: 0, status: 'out_of_stock' })
    expect(row('SELECT received_date, created_at FROM products WHERE _id = ?', gum._id.toHexString())).toEqual({
      received_date: at(-600).toISOString(),
      created_at: at(-600).toISOString(),
    })
    // Its checkpoint reads last_updated, the products' seed timestamp.
    expect(getCheckpoint(k.b.ctx.db, 'products')?.updated_at).toBe(at(5).toISOString())
    // Pulled again (a later change): its quantity is still this store's.
    await setCentral('products', gum._id.toHexString(), { quantity: 50, price: 105, last_updated: at(6) })
    await sync()
    expect(product(gum._id.toHexString())).toMatchObject({ quantity: 0, price: 105 })
  })

  it('discontinued from central applies, whatever the local quantity', async () => {
    const { supplier, p } = await pushedCatalogue()
    await receive(p._id, supplier._id, 3, 'PO-2')
    await sync()
    await setCentral('products', p._id, { status: 'discontinued', last_updated: at(10) })
    await sync()
    expect(product(p._id)).toMatchObject({ status: 'discontinued', quantity: 3 })
    // And a soft delete is a discontinuation, never a delete: sales and purchases refer to the row.
    const gum = centralProduct({ deleted_at: at(11), last_updated: at(11) })
    await insertCentral('products', [gum])
    await sync()
    expect(product(gum._id.toHexString())).toMatchObject({ status: 'discontinued' })
  })

  it('rejects a product whose SKU or barcode another local product has, with the reason, and applies the rest', async () => {
    const { p, q } = await pushedCatalogue()
    const clashSku = centralProduct({ sku: 'cola-330', product_name: 'Other cola', last_updated: at(5) })
    const clashBarcode = centralProduct({
      sku: 'COLA-2',
      barcode: cola.barcode,
      product_name: 'Cola again',
      last_updated: at(6),
    })
    const fine = centralProduct({ last_updated: at(7) })
    await insertCentral('products', [clashSku, clashBarcode, fine])
    await setCentral('products', q._id, { price: 130, last_updated: at(8) })
    const report = await sync()
    expect(report.ok).toBe(true)
    expect(report.pulled?.rejected).toEqual([
      {
        collection: 'products',
        doc_id: clashSku._id.toHexString(),
        reason: 'sku: cola-330 already belongs to Cola 330ml on this terminal',
      },
      {
        collection: 'products',
        doc_id: clashBarcode._id.toHexString(),
        reason: `barcode: ${cola.barcode} already belongs to Cola 330ml on this terminal`,
      },
    ])
    expect(product(fine._id.toHexString())).toMatchObject({ sku: 'GUM-1' })
    expect(product(q._id)).toMatchObject({ price: 130 })
    expect(product(p._id)).toMatchObject({ sku: 'COLA-330', product_name: 'Cola 330ml' })
    expect(
      row(
        'SELECT COUNT(*) AS n FROM products WHERE _id IN (?, ?)',
        clashSku._id.toHexString(),
        clashBarcode._id.toHexString(),
      ),
    ).toEqual({ n: 0 })
    expect(k.engine().status().rejected).toBe(2)
    expect(k.logs.join('\n')).toMatch(/products .* skipped: sku: cola-330 already belongs to Cola 330ml/)
  })

  it('pulls suppliers before products, and rejects a product whose supplier is still unknown', async () => {
    const supplier = {
      _id: new ObjectId(),
      name: 'Wholesale Co',
      contact_name: 'Ana',
      contact_email: null,
      contact_phone: null,
      address: null,
      status: 'active',
      payment_terms: 'Net 14',
      created_at: at(1),
      updated_at: at(9),
    }
    // The product is older than its supplier's document: pulled in collection order, it still finds it.
    const known = centralProduct({ supplier_id: supplier._id, last_updated: at(2) })
    const ghost = new ObjectId()
    const orphan = centralProduct({ sku: 'ORPH-1', supplier_id: ghost, last_updated: at(3) })
    await insertCentral('suppliers', [supplier])
    await insertCentral('products', [known, orphan])
    const report = await sync()
    expect(report.pulled?.rejected).toEqual([
      {
        collection: 'products',
        doc_id: orphan._id.toHexString(),
        reason: `supplier_id: no supplier ${ghost.toHexString()} on this terminal (not on central, or rejected)`,
      },
    ])
    expect(product(known._id.toHexString())).toMatchObject({ supplier_id: supplier._id.toHexString() })
    expect(row('SELECT name, payment_terms, status FROM suppliers WHERE _id = ?', supplier._id.toHexString())).toEqual({
      name: 'Wholesale Co',
      payment_terms: 'Net 14',
      status: 'active',
    })
  })

  it('rejects a price that is not whole minor units, and a malformed document, with the field that is wrong', async () => {
    const decimal = centralProduct({ price: 25.99 })
    const noName = centralProduct({ sku: 'X-1', product_name: '' })
    await insertCentral('products', [decimal, noName])
    const report = await sync()
    expect(report.pulled?.rejected).toEqual([
      {
        collection: 'products',
        doc_id: decimal._id.toHexString(),
        reason: expect.stringMatching(/^price: whole minor units \(25\.99 is 2599\)/),
      },
      { collection: 'products', doc_id: noName._id.toHexString(), reason: expect.stringMatching(/^product_name: /) },
    ])
  })

  // The push of a catalogue edit is guarded by its timestamp (push-writes.ts): central's newer edit stands.
  it('a central edit newer than a local edit still waiting in the outbox survives the push', async () => {
    const { p } = await pushedCatalogue()
    await offlineRound()
    await k.b.call(m, 'product-save', { id: p._id, product: { ...cola, price: 199 } })
    await setCentral('products', p._id, { price: 155, last_updated: at(5) })
    await sync()
    expect(product(p._id)).toMatchObject({ price: 155 })
  })
  // An insert whose acknowledgement was lost, edited on central since, is applied, not a conflict.
  it('an insert whose acknowledgement was lost is not a conflict when central edited the product since', async () => {
    await sync()
    const p = await k.b.call(m, 'product-save', { product: chips })
    // The product and its audit entry reach central; both acknowledgements are lost.
    k.t.faulty.injectFault(0, 'after')
    k.t.faulty.injectFault(1, 'after')
    expect((await k.engine().syncNow()).error).not.toBeNull()
    k.t.faulty.clearFaults()
    expect(await central('products', p._id)).not.toBeNull()
    await setCentral('products', p._id, { price: 130, last_updated: at(5) })
    await sync()
    expect(listConflicts(k.b.ctx.db)).toEqual([])
    expect(product(p._id)).toMatchObject({ price: 130 })
  })
})

describe('suppliers from central', () => {
  it('newer or equal wins, older is kept and pushed, a name another local supplier has is rejected', async () => {
    const { supplier } = await pushedCatalogue()
    const s = supplier._id
    const local = () => row('SELECT payment_terms, contact_name, status FROM suppliers WHERE _id = ?', s)
    await setCentral('suppliers', s, { payment_terms: 'Net 45', contact_name: 'Jo', updated_at: at(1) })
    expect((await sync()).pulled?.rejected).toEqual([])
    expect(local()).toEqual({ payment_terms: 'Net 45', contact_name: 'Jo', status: 'active' })
    await setCentral('suppliers', s, { status: 'inactive', updated_at: at(2) })
    await sync()
    expect(local()).toMatchObject({ status: 'inactive' })
    // A local edit newer than central's document is kept, and reaches central.
    k.b.clock.advance(10 * 60_000)
    await offlineRound()
    await k.b.call(m, 'supplier-save', { id: s, supplier: { name: 'Metro', payment_terms: 'Net 60' } })
    await setCentral('suppliers', s, { payment_terms: 'Net 7', updated_at: at(5) })
    expect(await pullOnly()).toMatchObject({ kept: 1, rejected: [] })
    expect(local()).toMatchObject({ payment_terms: 'Net 60', contact_name: null })
    await sync()
    expect(await central('suppliers', s)).toMatchObject({ payment_terms: 'Net 60' })
    // A tie: central wins.
    k.b.clock.advance(10 * 60_000)
    await offlineRound()
    await k.b.call(m, 'supplier-save', { id: s, supplier: { name: 'Metro', payment_terms: 'Net 90' } })
    await setCentral('suppliers', s, { payment_terms: 'Net 15', updated_at: at(20) })
    expect(await pullOnly()).toMatchObject({ applied: 1, kept: 0, rejected: [] })
    expect(local()).toMatchObject({ payment_terms: 'Net 15' })
    // Another supplier by the same name (case aside): rejected with the reason.
    const twin = { _id: new ObjectId(), name: 'METRO', status: 'active', created_at: at(30), updated_at: at(30) }
    await insertCentral('suppliers', [twin])
    expect((await pullOnly()).rejected).toEqual([
      {
        collection: 'suppliers',
        doc_id: twin._id.toHexString(),
        reason: `name: a supplier named Metro already exists on this terminal (${s})`,
      },
    ])
  })
})

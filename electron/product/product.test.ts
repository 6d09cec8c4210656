import { afterEach, describe, expect, it } from 'vitest'
import { retailCheckOk } from '../../shared/contract'
import { expectPosError, testBackend, type TestBackend } from '../../tests/support/backend'

let b: TestBackend
afterEach(() => b?.cleanup())

const n = (sql: string, ...args: unknown[]) => (b.ctx.db.prepare(sql).get(...args) as { n: number }).n
const writes = () => ({
  products: n('SELECT COUNT(*) AS n FROM products'),
  suppliers: n('SELECT COUNT(*) AS n FROM suppliers'),
  transactions: n('SELECT COUNT(*) AS n FROM inventory_transactions'),
  quantity: n('SELECT COALESCE(SUM(quantity), 0) AS n FROM products'),
  outbox: n('SELECT COUNT(*) AS n FROM outbox'),
})
const cola = { product_name: 'Cola 330ml', sku: 'COLA-330', barcode: '5000112637922', price: 150, category: 'Drinks' }

async function office() {
  b = testBackend()
  const m = await b.login('maria')
  const supplier = await b.call(m, 'supplier-save', {
    supplier: { name: 'Metro Cash & Carry', payment_terms: 'Net 30' },
  })
  return { m, supplier }
}

describe('retail barcodes', () => {
  it('check EAN-13 and UPC-A check digits', () => {
    expect(retailCheckOk('5000112637922')).toBe(true)
    expect(retailCheckOk('5000112637923')).toBe(false)
    expect(retailCheckOk('036000291452')).toBe(true)
    expect(retailCheckOk('036000291453')).toBe(false)
  })
})

describe('products and suppliers', () => {
  it('adds, finds (SKU, barcode, name), edits and discontinues a product; refuses a SKU or barcode already used', async () => {
    const { m, supplier } = await office()
    const p = await b.call(m, 'product-save', { product: { ...cola, supplier_id: supplier._id, tags: ['cold'] } })
    expect(p).toMatchObject({
      sku: 'COLA-330',
      quantity: 0,
      status: 'out_of_stock',
      tags: ['cold'],
      supplier_id: supplier._id,
    })
    for (const q of ['cola-330', '5000112637922', 'Cola', 'la 33'])
      expect((await b.call(m, 'product-search', { q })).map((x) => x._id)).toEqual([p._id])
    const before = writes()
    await expectPosError(b.call(m, 'product-save', { product: { ...cola, barcode: null } }), 'SKU_EXISTS')
    await expectPosError(b.call(m, 'product-save', { product: { ...cola, sku: 'OTHER' } }), 'BARCODE_EXISTS')
    for (const bad of [
      { price: -1 },
      { price: 1.5 },
      { sku: 'has space' },
      { barcode: '5000112637923' },
      { product_name: '' },
    ])
      await expectPosError(
        b.call(m, 'product-save', { product: { ...cola, sku: 'NEW-1', barcode: null, ...bad } } as never),
        'VALIDATION',
      )
    expect(writes()).toEqual(before)
    const edited = await b.call(m, 'product-save', { id: p._id, product: { ...cola, price: 175 } })
    expect(edited.price).toBe(175)
    await b.call(m, 'product-discontinue', { id: p._id })
    expect(await b.call(m, 'product-search', { q: 'Cola' })).toEqual([])
    expect((await b.call(m, 'product-search', { q: 'Cola', includeDiscontinued: true }))[0].status).toBe('discontinued')
    await expectPosError(b.call(m, 'supplier-save', { supplier: { name: 'metro cash & carry' } }), 'SUPPLIER_EXISTS')
    const s = await b.login('carlos')
    await expectPosError(b.call(s, 'product-save', { product: { ...cola, sku: 'X-1', barcode: null } }), 'FORBIDDEN')
  })

  it('imports a CSV, adding the good rows and reporting each refused one by its line', async () => {
    const { m } = await office()
    await b.call(m, 'product-save', { product: cola })
    const csv = [
      'product_name,sku,price,barcode,supplier,tags,age_check',
      'Chips salted,CHIP-1,1.20,,Metro Cash & Carry,snack;salty,',
      'Lighter,LGHT-1,$2.00,,,,yes',
      'Bad price,BAD-1,two,,,,',
      'Duplicate of cola,COLA-330,1.00,,,,',
      'Twice,CHIP-1,1.00,,,,',
      'Unknown supplier,SUP-1,1.00,,Nobody Ltd,,',
      'Bad barcode,BC-1,1.00,1234567890123,,,',
    ].join('\n')
    const before = writes()
    const r = await b.call(m, 'product-import', { csv })
    expect(r.imported).toBe(2)
    expect(r.refused.map((x) => [x.line, x.sku])).toEqual([
      [4, 'BAD-1'],
      [5, 'COLA-330'],
      [6, 'CHIP-1'],
      [7, 'SUP-1'],
      [8, 'BC-1'],
    ])
    expect(r.refused[0].reason).toMatch(/not an amount/)
    expect(writes().products).toBe(before.products + 2)
    const lighter = (await b.call(m, 'product-search', { q: 'LGHT-1' }))[0]
    expect(lighter).toMatchObject({ price: 200, age_check: true })
    expect((await b.call(m, 'product-search', { q: 'CHIP-1' }))[0].tags).toEqual(['snack', 'salty'])
    await expectPosError(b.call(m, 'product-import', { csv: 'name,code\nx,y' }), 'VALIDATION')
    await expectPosError(b.call(m, 'product-import', { csv: 'product_name,sku,price\n"unclosed,1,2' }), 'VALIDATION')
  })
})

describe('purchases', () => {
  it('records a purchase pending, receives it once raising each product, and refuses a second receipt', async () => {
    const { m, supplier } = await office()
    const p = await b.call(m, 'product-save', { product: cola })
    const chips = await b.call(m, 'product-save', { product: { product_name: 'Chips', sku: 'CHIP-9', price: 120 } })
    const po = await b.call(m, 'purchase-create', {
      supplierId: supplier._id,
      reference: 'PO-1001',
      lines: [
        { productId: p._id, quantity: 24, unitPrice: 80 },
        { productId: chips._id, quantity: 10, unitPrice: 60 },
      ],
    })
    expect(po).toMatchObject({ transaction_status: 'pending', total_value: 24 * 80 + 10 * 60 })
    expect((await b.call(m, 'product-search', { q: 'COLA-330' }))[0].quantity).toBe(0)
    const got = await b.call(m, 'purchase-receive', { reference: 'PO-1001' })
    expect(got.transaction_status).toBe('completed')
    expect((await b.call(m, 'product-search', { q: 'COLA-330' }))[0]).toMatchObject({
      quantity: 24,
      status: 'in_stock',
    })
    const before = writes()
    await expectPosError(b.call(m, 'purchase-receive', { reference: 'PO-1001' }), 'PURCHASE_NOT_PENDING')
    await expectPosError(b.call(m, 'purchase-receive', { reference: 'PO-404' }), 'NOT_FOUND')
    await expectPosError(
      b.call(m, 'purchase-create', {
        supplierId: supplier._id,
        reference: 'PO-1001',
        lines: [{ productId: p._id, quantity: 1, unitPrice: 1 }],
      }),
      'VALIDATION',
    )
    for (const line of [{ quantity: 0 }, { quantity: -3 }, { unitPrice: -1 }])
      await expectPosError(
        b.call(m, 'purchase-create', {
          supplierId: supplier._id,
          reference: 'PO-2',
          lines: [{ productId: p._id, quantity: 1, unitPrice: 1, ...line }],
        }),
        'VALIDATION',
      )
    expect(writes()).toEqual(before)
    expect((await b.call(m, 'purchase-list', {})).map((x) => x.reference_number)).toEqual(['PO-1001'])
  })
})

import { afterEach, describe, expect, it } from 'vitest'
import { startFakePrinter, type FakePrinter } from '../../tests/support/fake-printer'
import { EPSON_DRAWER_PULSE } from '../printing/escpos'
import type { SaleLine } from '../../shared/contract'
import { instantCode } from '../../shared/instant'
import { classifyScan } from '../../shared/scan'
import { expectPosError, newRequestId, testBackend, type TestBackend } from '../../tests/support/backend'
import { DEMO_INSTANT } from '../demo/history'

// One cart (issue 12): draw tickets, instant tickets and merchandise in the one sale transaction.

let b: TestBackend
let printer: FakePrinter | null = null
afterEach(async () => {
  await b?.cleanup()
  await printer?.close()
  printer = null
})

const n = (sql: string, ...args: unknown[]) => (b.ctx.db.prepare(sql).get(...args) as { n: number }).n
const ticketOf = (pack: string, t: number) => instantCode(DEMO_INSTANT.game_number, pack, t)
/** Everything a refused sale must leave as it was. */
const writes = () => ({
  sales: n('SELECT COUNT(*) AS n FROM sales'),
  tickets: n('SELECT COUNT(*) AS n FROM tickets'),
  tenders: n('SELECT COUNT(*) AS n FROM sale_tenders'),
  instant: n('SELECT COUNT(*) AS n FROM instant_sales'),
  sold: n('SELECT COALESCE(SUM(sold), 0) AS n FROM packs'),
  items: n("SELECT COUNT(*) AS n FROM inventory_transactions WHERE transaction_type = 'sale'"),
  quantity: n('SELECT COALESCE(SUM(quantity), 0) AS n FROM products'),
  outbox: n('SELECT COUNT(*) AS n FROM outbox'),
  audit: n('SELECT COUNT(*) AS n FROM audit_logs'),
})

/** A store with the demo's instant game (pack 100001 on sale, 100002 received) and two products in stock. */
async function store() {
  b = testBackend({ demoHistory: true })
  const m = await b.login('maria')
  const s = await b.login('carlos')
  const supplier = await b.call(m, 'supplier-save', { supplier: { name: 'Metro Cash & Carry' } })
  const cola = await b.call(m, 'product-save', {
    product: { product_name: 'Cola 330ml', sku: 'COLA-330', barcode: '5000112637922', price: 150 },
  })
  const chips = await b.call(m, 'product-save', { product: { product_name: 'Chips', sku: 'CHIP-9', price: 120 } })
  const cigs = await b.call(m, 'product-save', {
    product: { product_name: 'Cigarettes', sku: 'CIG-20', barcode: '036000291452', price: 900, age_check: true },
  })
  await b.call(m, 'purchase-create', {
    supplierId: supplier._id,
    reference: 'PO-1',
    lines: [
      { productId: cola._id, quantity: 3, unitPrice: 80 },
      { productId: chips._id, quantity: 10, unitPrice: 60 },
      { productId: cigs._id, quantity: 5, unitPrice: 700 },
    ],
  })
  await b.call(m, 'purchase-receive', { reference: 'PO-1' })
  return { m, s, cola, chips, cigs }
}

describe('one cart', () => {
  it('sells 2 draw tickets, an instant ticket and two products in one transaction, once, on one receipt total', async () => {
    const { s, cola, chips } = await store()
    const requestId = newRequestId()
    const args = {
      requestId,
      paymentMethod: 'cash' as const,
      lines: [
        { lotteryId: b.gameId('PICK3'), quantity: 2 },
        { instant: ticketOf('100001', 7) },
        { productId: cola._id, quantity: 1 },
        { productId: chips._id, quantity: 1 },
      ],
      tendered: 2000,
    }
    const r = await b.call(s, 'sale-create', args)
    // $1 x 2 + $5 + $1.50 + $1.20 = $9.70, + 5% tax on each line.
    expect(r.price).toBe(970)
    expect(r.total_amount).toBe(r.price + r.tax)
    expect(r.tickets).toHaveLength(2)
    expect(r.sales.map((l) => l.instant?.ticket_no ?? null)).toEqual([null, 7])
    expect(r.items.map((i) => [i.sku, i.quantity, i.price])).toEqual([
      ['COLA-330', 1, 150],
      ['CHIP-9', 1, 120],
    ])
    expect(n('SELECT COUNT(*) AS n FROM sales WHERE transaction_id = ?', r.transaction_id)).toBe(2)
    expect(
      b.ctx.db
        .prepare(
          "SELECT line_no, shift_id IS NOT NULL AS shifted FROM inventory_transactions WHERE transaction_type = 'sale' ORDER BY line_no",
        )
        .all(),
    ).toEqual([
      { line_no: 2, shifted: 1 },
      { line_no: 3, shifted: 1 },
    ])
    expect((await b.call(s, 'product-search', { q: 'COLA-330' }))[0].quantity).toBe(2)
    expect(n("SELECT sold AS n FROM packs WHERE pack_number = '100001'")).toBe(1)
    // Central hears of every part once: the sales, the instant ticket's pack count, the product lines.
    const queued = (collection: string, ids: string[]) =>
      n(
        'SELECT COUNT(*) AS n FROM outbox WHERE collection = ? AND doc_id IN (SELECT value FROM json_each(?))',
        collection,
        JSON.stringify(ids),
      )
    expect(
      queued(
        'sales',
        r.sales.map((l) => l._id),
      ),
    ).toBe(2)
    expect(
      queued(
        'tickets',
        r.tickets.map((t) => t._id),
      ),
    ).toBe(2)
    expect(
      queued(
        'inventory_transactions',
        r.items.map((i) => i._id),
      ),
    ).toBe(2)
    expect(
      n("SELECT COUNT(*) AS n FROM outbox WHERE collection = 'packs' AND json_extract(payload, '$.sold') = 1"),
    ).toBe(1)

    // The same request again (a retry, a double press) answers the same sale and writes nothing.
    const before = writes()
    const again = await b.call(s, 'sale-create', args)
    expect(again).toMatchObject({ replayed: true, transaction_id: r.transaction_id, total_amount: r.total_amount })
    expect(again.items).toEqual(r.items)
    expect(again.sales).toEqual(r.sales)
    expect(writes()).toEqual(before)
    // The same id with another cart is not a retry.
    await expectPosError(b.call(s, 'sale-create', { ...args, lines: args.lines.slice(1) }), 'REQUEST_REUSED')

    // The shift counts the merchandise apart from the lottery, and the drawer expects all of it.
    const x = await b.call(await b.login('maria'), 'shift-x-report', {})
    expect(x.totals.sales).toMatchObject({ transactions: 1, tickets: 3 })
    expect(x.totals.merchandise).toMatchObject({ items: 2, amount: r.items.reduce((t, i) => t + i.total_amount, 0) })
    expect(x.totals.sales.amount + x.totals.merchandise.amount).toBe(r.total_amount)
    expect(x.totals.expected.cash).toBe(x.totals.opening_float + r.total_amount)
  })

  it('sells a product-only cart, and a replay of it, by its request id', async () => {
    const { s, chips } = await store()
    const args = {
      requestId: newRequestId(),
      paymentMethod: 'card' as const,
      lines: [{ productId: chips._id, quantity: 4 }],
    }
    const r = await b.call(s, 'sale-create', args)
    expect(r).toMatchObject({ sales: [], tickets: [], price: 480 })
    expect((await b.call(s, 'sale-create', args)).replayed).toBe(true)
    expect(n("SELECT COUNT(*) AS n FROM inventory_transactions WHERE transaction_type = 'sale'")).toBe(1)
  })

  it('refuses each instant ticket that may not be sold, writing nothing', async () => {
    const { m, s } = await store()
    const sell = (code: string, more: SaleLine[] = []) =>
      b.call(s, 'sale-create', {
        requestId: newRequestId(),
        paymentMethod: 'cash',
        lines: [{ instant: code }, ...more],
      })
    await sell(ticketOf('100001', 3))
    const before = writes()
    const refused = async (code: string, pattern: RegExp, errorCode = 'INSTANT_REFUSED', more: SaleLine[] = []) =>
      expect((await expectPosError(sell(code, more), errorCode)).message).toMatch(pattern)
    await refused(ticketOf('100001', 3), /already sold/)
    await refused(ticketOf('100001', 60), /has 60 tickets/)
    await refused(ticketOf('100002', 0), /not activated/)
    await refused(ticketOf('999999', 0), /never received/)
    await refused(ticketOf('100001', 4), /twice/, 'INSTANT_REFUSED', [{ instant: ticketOf('100001', 4) }])
    const typo = ticketOf('100001', 5).slice(0, -1) + String((Number(ticketOf('100001', 5).at(-1)) + 1) % 10)
    await refused(typo, /check digit/, 'BARCODE_INVALID')
    await refused(instantCode(DEMO_INSTANT.game_number, '100001'), /pack's label/, 'BARCODE_INVALID')
    await refused('not-a-ticket', /digits only/, 'BARCODE_INVALID')
    // An instant game is never sold by quantity, only ticket by ticket.
    await expectPosError(
      b.call(s, 'sale-create', {
        requestId: newRequestId(),
        paymentMethod: 'cash',
        lines: [
          {
            lotteryId: b.ctx.db
              .prepare("SELECT _id FROM lotteries WHERE game_type = 'instant'")
              .pluck()
              .get() as string,
            quantity: 2,
          },
        ],
      }),
      'GAME_INACTIVE',
    )
    // A returned or stolen pack is never sold; the trigger refuses it even past the service.
    const packs = await b.call(m, 'pack-list', {})
    const on = packs.find((p) => p.pack_number === '100001')!
    expect(writes()).toEqual(before)
    await b.call(m, 'pack-move', { packId: on._id, to: 'stolen', note: 'taken from the counter' })
    const stolen = writes()
    await refused(ticketOf('100001', 9), /stolen/)
    expect(writes()).toEqual(stolen)
    expect(() =>
      b.ctx.db
        .prepare(
          "INSERT INTO instant_sales (_id, sale_id, pack_id, ticket_no, created_at) VALUES ('x', (SELECT _id FROM sales LIMIT 1), ?, 9, 'now')",
        )
        .run(on._id),
    ).toThrow(/activated pack/)
  })

  it('settles a pack with its last ticket sold', async () => {
    const { m, s } = await store()
    const pack = await b.call(m, 'pack-receive', { label: instantCode(DEMO_INSTANT.game_number, '300001') })
    b.ctx.db.prepare('UPDATE packs SET tickets_per_pack = 2 WHERE _id = ?').run(pack._id)
    await b.call(m, 'pack-move', { packId: pack._id, to: 'activated' })
    for (const t of [1, 0])
      await b.call(s, 'sale-create', {
        requestId: newRequestId(),
        paymentMethod: 'cash',
        lines: [{ instant: ticketOf('300001', t) }],
      })
    const after = (await b.call(m, 'pack-list', {})).find((p) => p._id === pack._id)!
    expect(after).toMatchObject({ status: 'settled', sold: 2 })
    expect(
      b.ctx.db.prepare('SELECT event, note FROM pack_events WHERE pack_id = ? ORDER BY created_at, _id').all(pack._id),
    ).toContainEqual({ event: 'settled', note: 'sold out' })
  })

  it('refuses a discontinued product, more than the stock, and an age-checked product without the age confirmed', async () => {
    const { m, s, cola, cigs } = await store()
    const sell = (lines: SaleLine[], extra: object = {}) =>
      b.call(s, 'sale-create', { requestId: newRequestId(), paymentMethod: 'cash', lines, ...extra })
    const before = writes()
    expect(
      (
        await expectPosError(
          sell([
            { productId: cola._id, quantity: 2 },
            { productId: cola._id, quantity: 2 },
          ]),
          'OUT_OF_STOCK',
        )
      ).message,
    ).toMatch(/Only 3 Cola/)
    expect(
      (await expectPosError(sell([{ productId: cigs._id, quantity: 1 }]), 'AGE_CONFIRMATION_REQUIRED')).message,
    ).toMatch(/Cigarettes/)
    await expectPosError(sell([{ productId: cola._id, quantity: 0 }]), 'VALIDATION')
    await expectPosError(sell([{ productId: cola._id, quantity: -1 }]), 'VALIDATION')
    await b.call(m, 'product-discontinue', { id: cola._id })
    expect((await expectPosError(sell([{ productId: cola._id, quantity: 1 }]), 'PRODUCT_REFUSED')).message).toMatch(
      /discontinued/,
    )
    // Only the discontinuing itself was written (the product's update and its audit entry, both for central).
    expect(writes()).toEqual({ ...before, outbox: before.outbox + 2, audit: before.audit + 1 })
    await sell([{ productId: cigs._id, quantity: 5 }], { ageConfirmed: true })
    // Sold out: out of stock, and the managers are told.
    expect((await b.call(s, 'product-search', { q: 'CIG-20' }))[0]).toMatchObject({
      quantity: 0,
      status: 'out_of_stock',
    })
    expect(n("SELECT COUNT(*) AS n FROM notifications WHERE title = 'Out of stock: Cigarettes'")).toBe(1)
  })
})

describe('the paper of one cart', () => {
  it('prints a receipt of every line with the drawer pulse, then the draw tickets without it', async () => {
    const { m, s, cola } = await store()
    printer = await startFakePrinter({ mode: 'ok' })
    await b.call(m, 'printer-set', { uri: printer.uri, timeout_ms: 2000 })
    const r = await b.call(s, 'sale-create', {
      requestId: newRequestId(),
      paymentMethod: 'cash',
      lines: [
        { lotteryId: b.gameId('PICK3'), quantity: 1 },
        { instant: ticketOf('100001', 7) },
        { productId: cola._id, quantity: 2 },
      ],
      tendered: 2000,
    })
    await b.printer.idle()
    const jobs = printer.jobs().map((j) => j.toString('latin1'))
    expect(jobs).toHaveLength(2)
    const receipt = jobs.find((j) => j.includes('SALE RECEIPT'))!
    expect(receipt).toContain(EPSON_DRAWER_PULSE.toString('latin1'))
    expect(receipt).toContain('Cash Blast 100001-007')
    expect(receipt).toContain('Cola 330ml x2')
    expect(receipt).toContain(r.transaction_id)
    const ticket = jobs.find((j) => !j.includes('SALE RECEIPT'))!
    expect(ticket).not.toContain(EPSON_DRAWER_PULSE.toString('latin1'))
    // The draw ticket carries no totals of its own: they would leave out the instant ticket and the cola.
    expect(ticket).not.toMatch(/Receipt: |Sale total|Cash tendered/)
    expect(receipt).toMatch(/TOTAL/)
  })

  it('a cart of draw tickets only keeps its receipt at the foot of its last ticket', async () => {
    const { m, s } = await store()
    printer = await startFakePrinter({ mode: 'ok' })
    await b.call(m, 'printer-set', { uri: printer.uri, timeout_ms: 2000 })
    await b.call(s, 'sale-create', {
      requestId: newRequestId(),
      paymentMethod: 'cash',
      lines: [{ lotteryId: b.gameId('PICK3'), quantity: 2 }],
      tendered: 500,
    })
    await b.printer.idle()
    const jobs = printer.jobs().map((j) => j.toString('latin1'))
    expect(jobs).toHaveLength(2)
    expect(jobs.filter((j) => j.includes('SALE RECEIPT'))).toEqual([])
    expect(jobs.filter((j) => /Receipt: 2 tickets/.test(j))).toHaveLength(1)
    expect(jobs.find((j) => /Receipt: 2 tickets/.test(j))).toMatch(/Cash tendered\s+\$5\.00/)
  })
})

describe('the scanner path', () => {
  it('tells a draw ticket, an instant ticket, a pack label, a product barcode and a SKU apart by shape', () => {
    expect(classifyScan('000100100000000427').kind).toBe('ticket')
    expect(classifyScan(ticketOf('100001', 7))).toEqual({ kind: 'instant', code: ticketOf('100001', 7) })
    expect(classifyScan(instantCode('0457', '100001')).kind).toBe('pack')
    expect(classifyScan('5000112637922')).toEqual({ kind: 'gtin', code: '5000112637922' })
    expect(classifyScan('036000291452')).toEqual({ kind: 'gtin', code: '036000291452' })
    expect(classifyScan('COLA-330')).toEqual({ kind: 'sku', code: 'COLA-330' })
    expect(classifyScan('5000112637923')).toMatchObject({ kind: 'invalid', reason: expect.stringMatching(/EAN-13/) })
    expect(classifyScan('036000291453')).toMatchObject({ kind: 'invalid', reason: expect.stringMatching(/UPC-A/) })
    expect(classifyScan('<script>')).toMatchObject({ kind: 'invalid' })
    expect(classifyScan('   ')).toMatchObject({ kind: 'invalid' })
  })

  it('answers what a scan adds to the cart, and refuses the rest with the reason', async () => {
    const { m, s, cola } = await store()
    expect(await b.call(s, 'sale-scan', { code: '5000112637922' })).toMatchObject({
      kind: 'product',
      product: { _id: cola._id, quantity: 3 },
    })
    expect(await b.call(s, 'sale-scan', { code: 'chip-9' })).toMatchObject({
      kind: 'product',
      product: { sku: 'CHIP-9' },
    })
    expect(await b.call(s, 'sale-scan', { code: ticketOf('100001', 12) })).toMatchObject({
      kind: 'instant',
      game_name: 'Cash Blast',
      pack_number: '100001',
      ticket_no: 12,
      price: 500,
    })
    await expectPosError(b.call(s, 'sale-scan', { code: '000100100000000427' }), 'BARCODE_INVALID')
    await expectPosError(b.call(s, 'sale-scan', { code: instantCode('0457', '100001') }), 'BARCODE_INVALID')
    await expectPosError(b.call(s, 'sale-scan', { code: '4006381333931' }), 'NOT_FOUND')
    // A ticket of a stolen pack is refused, audited, and the managers are told.
    const on = (await b.call(m, 'pack-list', { status: 'activated' }))[0]
    await b.call(m, 'pack-move', { packId: on._id, to: 'stolen', note: 'gone' })
    await expectPosError(b.call(s, 'sale-scan', { code: ticketOf('100001', 12) }), 'INSTANT_REFUSED')
    expect(n("SELECT COUNT(*) AS n FROM audit_logs WHERE action = 'pack.stolen_ticket'")).toBe(1)
    expect(n("SELECT COUNT(*) AS n FROM notifications WHERE title = 'A ticket of a stolen pack was presented'")).toBe(1)
  })
})

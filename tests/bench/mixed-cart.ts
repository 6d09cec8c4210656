import { randomUUID } from 'node:crypto'
import { ObjectId } from 'bson'
import { createSale } from '../../electron/sale/service'
import { instantCode } from '../../shared/instant'
import { testBackend, type TestBackend } from '../support/backend'
import { fmt, stats, verdict } from './stats'

/** The demo's instant game (Cash Blast, game 0457) and two demo products, all seeded by demoHistory. */
const INSTANT_GAME = '0457'
const SKUS = ['SODA-500', 'CHIP-SALT'] as const
/** The CHECK on packs: at most 999 tickets in one. */
const TICKETS_PER_PACK = 999

type Row = Record<string, unknown>
interface Ids {
  store: string
  user: string
  shift: string
  pick3: string
  instantGame: string
  inventory: string
  products: string[]
}

function idsOf(b: TestBackend): Ids {
  const db = b.ctx.db
  const one = (sql: string, ...args: unknown[]) => (db.prepare(sql).get(...args) as { _id: string })._id
  const pick3 = b.gameId('PICK3')
  return {
    store: one('SELECT _id FROM stores'),
    user: one("SELECT _id FROM users WHERE username = 'carlos'"),
    shift: one("SELECT _id FROM shifts WHERE status = 'open'"),
    pick3,
    instantGame: one("SELECT _id FROM lotteries WHERE game_number = ? AND game_type = 'instant'", INSTANT_GAME),
    inventory: one('SELECT _id FROM inventory WHERE lottery_id = ?', pick3),
    products: SKUS.map((sku) => one('SELECT _id FROM products WHERE sku = ?', sku)),
  }
}

/**
 * Stock that never runs out: the lottery stock and the products' quantities raised, and activated packs of the
 * instant game (999 tickets each) for `tickets` sales. Returns every ticket, in the order they are to be sold.
 */
function stockUp(b: TestBackend, tickets: number): { packId: string; ticketNo: number; code: string }[] {
  const db = b.ctx.db
  db.exec('UPDATE inventory SET total_stock = 100000000, remaining_stock = 100000000')
  db.exec('UPDATE products SET quantity = 100000000')
  const game = db
    .prepare("SELECT _id, ticket_price FROM lotteries WHERE game_number = ? AND game_type = 'instant'")
    .get(INSTANT_GAME) as { _id: string; ticket_price: number }
  const manager = (db.prepare("SELECT _id FROM users WHERE role = 'manager' LIMIT 1").get() as { _id: string })._id
  const store = (db.prepare('SELECT _id FROM stores').get() as { _id: string })._id
  const now = b.ctx.clock().toISOString()
  // As seedDemoInstant (electron/demo/history.ts) writes a pack on sale.
  const insert = db.prepare(
    `INSERT INTO packs (_id, store_id, lottery_id, pack_number, tickets_per_pack, ticket_price, status, received_at, received_by,
       activated_at, activated_by, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, 'activated', ?, ?, ?, ?, ?)`,
  )
  const out: { packId: string; ticketNo: number; code: string }[] = []
  for (let k = 0; out.length < tickets; k++) {
    const packId = new ObjectId().toHexString()
    const packNumber = String(200001 + k)
    insert.run(
      packId,
      store,
      game._id,
      packNumber,
      TICKETS_PER_PACK,
      game.ticket_price,
      now,
      manager,
      now,
      manager,
      now,
    )
    for (let t = 0; t < TICKETS_PER_PACK && out.length < tickets; t++)
      out.push({ packId, ticketNo: t, code: instantCode(INSTANT_GAME, packNumber, t) })
  }
  return out
}

/** Rows in every table, and the rows inserted, updated or deleted since the connection opened (triggers too). */
function tableCounts(b: TestBackend): Record<string, number> {
  const db = b.ctx.db
  const tables = (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as {
      name: string
    }[]
  ).map((r) => r.name)
  return Object.fromEntries(
    tables.map((t) => [t, (db.prepare(`SELECT COUNT(*) AS n FROM "${t}"`).get() as { n: number }).n]),
  )
}
const totalChanges = (b: TestBackend) => (b.ctx.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n

function delta(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const d: Record<string, number> = {}
  for (const t of Object.keys(after)) if (after[t] !== before[t]) d[t] = after[t] - (before[t] ?? 0)
  return d
}
const showDelta = (d: Record<string, number>) =>
  Object.entries(d)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([t, n]) => `${t} +${n}`)
    .join(', ')

/** What one real sale wrote, read back from its database: the baseline inserts these values. */
interface Sample {
  tender: Row
  /** By line number: the draw line's and the instant line's sales rows. */
  sales: Row[]
  tickets: Row[]
  movement: Row
  items: Row[]
  description: string
  /** The sale's outbox rows in the order they were queued (collection, op, payload verbatim). */
  outbox: { collection: string; op: string; payload: string }[]
}

function sampleOf(b: TestBackend, transactionId: string, outboxAfter: number): Sample {
  const db = b.ctx.db
  const sales = db.prepare('SELECT * FROM sales WHERE transaction_id = ? ORDER BY line_no').all(transactionId) as Row[]
  const draw = sales[0]
  return {
    tender: db.prepare('SELECT * FROM sale_tenders WHERE transaction_id = ?').get(transactionId) as Row,
    sales,
    tickets: db.prepare('SELECT * FROM tickets WHERE sale_id = ? ORDER BY ticket_number').all(draw._id) as Row[],
    movement: db.prepare('SELECT * FROM inventory_movements WHERE ref_id = ?').get(draw._id) as Row,
    items: db
      .prepare('SELECT * FROM inventory_transactions WHERE reference_number = ? ORDER BY line_no')
      .all(transactionId) as Row[],
    description: (
      db.prepare('SELECT description FROM audit_logs ORDER BY seq DESC LIMIT 1').get() as { description: string }
    ).description,
    outbox: db
      .prepare('SELECT collection, op, payload FROM outbox WHERE seq > ? ORDER BY seq')
      .all(outboxAfter) as Sample['outbox'],
  }
}

/** The collections one mixed cart queues for central, in the order createSale queues them. */
const OUTBOX_ORDER = [
  'tickets',
  'tickets',
  'sales',
  'inventory_movements',
  'packs',
  'sales',
  'inventory_transactions',
  'products',
  'inventory_transactions',
  'products',
  'audit_logs',
]

/**
 * The rows of one mixed cart inserted and updated with bare prepared statements in one transaction, in the order
 * createSale writes them, with the values of a real sale (outbox payloads and audit text verbatim): the counters,
 * the tender, the draw line (sale, 2 tickets, stock, movement), the instant line (sale, instant_sales, the pack's
 * count), the two product lines (inventory_transactions, the product's quantity), the audit entry, 11 outbox rows.
 */
function bareMixedOn(
  bare: TestBackend,
  sample: Sample,
  device: string,
  tickets: { packId: string; ticketNo: number }[],
) {
  const db = bare.ctx.db
  const ids = idsOf(bare)
  const q = {
    counter: db.prepare(
      'INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = value + excluded.value RETURNING value',
    ),
    tender: db.prepare(
      'INSERT INTO sale_tenders (transaction_id, request_id, payment_method, amount_due, amount_tendered, change_due, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    sale: db.prepare(
      'INSERT INTO sales (_id, transaction_id, request_id, line_no, ticket_id, store_id, user_id, lottery_id, quantity, price, payment_method, tax, total_amount, sale_time, device_info, created_at, shift_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    ticket: db.prepare(
      "INSERT INTO tickets (_id, ticket_number, validation_code, sale_id, lottery_id, store_id, user_id, purchase_datetime, status, draw_date, numbers, quick_pick, price, payment_method, device_info, print_status, print_count, never_sent, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'sold', ?, ?, ?, ?, ?, ?, 'pending', 0, 1, ?, ?)",
    ),
    stock: db.prepare(
      'UPDATE inventory SET remaining_stock = remaining_stock - ?, restock_flag = 0, updated_at = ? WHERE _id = ?',
    ),
    move: db.prepare(
      "INSERT INTO inventory_movements (_id, inventory_id, store_id, lottery_id, quantity_delta, reason, ref_type, ref_id, created_at) VALUES (?, ?, ?, ?, ?, 'sale', 'sale', ?, ?)",
    ),
    instant: db.prepare(
      'INSERT INTO instant_sales (_id, sale_id, pack_id, ticket_no, created_at) VALUES (?, ?, ?, ?, ?)',
    ),
    packSold: db.prepare('UPDATE packs SET sold = sold + 1, updated_at = ? WHERE _id = ? RETURNING sold'),
    item: db.prepare(
      "INSERT INTO inventory_transactions (_id, product_id, transaction_type, quantity, unit_price, total_value, transaction_date, reference_number, transaction_status, supplier_id, store_id, user_id, updated_at, shift_id, tax, payment_method, line_no) VALUES (?, ?, 'sale', ?, ?, ?, ?, ?, 'completed', NULL, ?, ?, ?, ?, ?, ?, ?)",
    ),
    sellFrom: db.prepare(
      "UPDATE products SET quantity = quantity - ?, status = CASE WHEN status = 'in_stock' AND quantity - ? = 0 THEN 'out_of_stock' ELSE status END WHERE _id = ? RETURNING quantity, status",
    ),
    audit: db.prepare(
      "INSERT INTO audit_logs (_id, seq, user_id, action, entity_type, entity_id, description, ip_address, device_info, timestamp, prev_hash, hash) VALUES (?, ?, ?, 'sale.create', 'sale', ?, ?, NULL, ?, ?, ?, ?)",
    ),
    outbox: db.prepare('INSERT INTO outbox (collection, doc_id, op, payload, created_at) VALUES (?, ?, ?, ?, ?)'),
  }
  const [draw, inst] = sample.sales
  const tender = sample.tender
  const ticketCount = sample.tickets.length
  const box = sample.outbox
  let n = 0
  let ticketSeq = 0
  let auditSeq = (db.prepare('SELECT COALESCE(MAX(seq), 0) AS n FROM audit_logs').get() as { n: number }).n
  const deviceId = bare.ctx.device.device_id
  return db.transaction(() => {
    const now = new Date().toISOString()
    const { packId, ticketNo } = tickets[n]
    const txn = `BARE-${++n}`
    const requestId = randomUUID()
    const id = () => new ObjectId().toHexString()
    q.counter.get('ticket_seq', ticketCount)
    q.counter.get('transaction_seq', 1)
    q.tender.run(
      txn,
      requestId,
      tender.payment_method,
      tender.amount_due,
      tender.amount_tendered,
      tender.change_due,
      now,
    )
    let o = 0
    const queue = (docId: string) => {
      const r = box[o++]
      q.outbox.run(r.collection, docId, r.op, r.payload, now)
    }
    // Line 0: two draw tickets.
    const saleId = id()
    const ticketIds = sample.tickets.map(() => id())
    q.sale.run(
      saleId,
      txn,
      requestId,
      0,
      ticketIds[0],
      ids.store,
      ids.user,
      ids.pick3,
      draw.quantity,
      draw.price,
      draw.payment_method,
      draw.tax,
      draw.total_amount,
      now,
      device,
      now,
      ids.shift,
    )
    sample.tickets.forEach((t, k) => {
      q.ticket.run(
        ticketIds[k],
        `B${String(++ticketSeq).padStart(17, '0')}`,
        t.validation_code,
        saleId,
        ids.pick3,
        ids.store,
        ids.user,
        now,
        t.draw_date,
        t.numbers,
        t.quick_pick,
        t.price,
        t.payment_method,
        device,
        now,
        now,
      )
      queue(ticketIds[k])
    })
    queue(saleId)
    q.stock.run(ticketCount, now, ids.inventory)
    const moveId = id()
    q.move.run(moveId, ids.inventory, ids.store, ids.pick3, sample.movement.quantity_delta, saleId, now)
    queue(moveId)
    // Line 1: the instant ticket.
    const instSaleId = id()
    const instantId = id()
    q.sale.run(
      instSaleId,
      txn,
      requestId,
      1,
      instantId,
      ids.store,
      ids.user,
      ids.instantGame,
      inst.quantity,
      inst.price,
      inst.payment_method,
      inst.tax,
      inst.total_amount,
      now,
      device,
      now,
      ids.shift,
    )
    q.instant.run(instantId, instSaleId, packId, ticketNo, now)
    q.packSold.get(now, packId)
    queue(packId)
    queue(instSaleId)
    // Lines 2 and 3: the products.
    sample.items.forEach((it, k) => {
      const itemId = id()
      q.item.run(
        itemId,
        ids.products[k],
        it.quantity,
        it.unit_price,
        it.total_value,
        now,
        txn,
        ids.store,
        ids.user,
        now,
        ids.shift,
        it.tax,
        it.payment_method,
        it.line_no,
      )
      q.sellFrom.get(it.quantity, it.quantity, ids.products[k])
      queue(itemId)
      queue(ids.products[k])
    })
    const auditId = id()
    q.audit.run(
      auditId,
      ++auditSeq,
      ids.user,
      saleId,
      sample.description,
      deviceId,
      now,
      'p'.repeat(64),
      'h'.repeat(64),
    )
    queue(auditId)
  })
}

/**
 * A mixed cart (issue 12): 2 PICK3 draw tickets, 1 instant ticket (scanned by its 14-digit code) and 2 products,
 * cash, through createSale (synchronous=FULL), against inserting the same rows with bare prepared statements in
 * one transaction on a second database file of the same schema (its open shift, activated packs and products in
 * stock, so its triggers run as ours do), interleaved in blocks of 50, after a warm-up. Target: the sale-commit
 * target, at most 1.5x the bare inserts.
 */
export async function benchMixedCart(iterations = 1000) {
  const WARM = 100
  const ours = testBackend({ demoHistory: true })
  const bare = testBackend({ demoHistory: true })
  // One sample sale, the warm-up and the timed sales; the baseline's check run takes one more ticket.
  const oursTickets = stockUp(ours, 1 + WARM + iterations)
  const bareTickets = stockUp(bare, 1 + WARM + iterations)

  const s = await ours.login('carlos')
  const userId = ours.dispatcher.sessions.get(s)!.userId
  const o = idsOf(ours)
  let next = 0
  const sell = () =>
    createSale(ours.ctx, userId, {
      requestId: randomUUID(),
      paymentMethod: 'cash',
      confirmed: false,
      ageConfirmed: false,
      lines: [
        { lotteryId: o.pick3, quantity: 2 },
        { instant: oursTickets[next++].code },
        { productId: o.products[0], quantity: 1 },
        { productId: o.products[1], quantity: 1 },
      ],
    })
  // Real clock for the benchmark: the frozen test clock would put every sale at one instant.
  ours.ctx.clock = () => new Date()

  // "The same rows": what one real sale adds to each table, read back and copied by the baseline.
  // The first sale creates the transaction_seq counter; the one counted is a sale like every timed one.
  sell()
  const oursBefore = tableCounts(ours)
  const oursChanges = totalChanges(ours)
  const outboxAfterFirst = (ours.ctx.db.prepare('SELECT MAX(seq) AS n FROM outbox').get() as { n: number }).n
  const r = sell()
  const oursChanged = totalChanges(ours) - oursChanges
  const oursDelta = delta(oursBefore, tableCounts(ours))
  const sample = sampleOf(ours, r.transaction_id, outboxAfterFirst)
  const got = sample.outbox.map((x) => x.collection).join(',')
  if (got !== OUTBOX_ORDER.join(','))
    throw new Error(`a mixed cart queued ${got}; the baseline is written for ${OUTBOX_ORDER.join(',')}`)
  const device = JSON.stringify({ device_id: ours.ctx.device.device_id, pos_version: ours.ctx.device.pos_version })
  const bareSale = bareMixedOn(bare, sample, device, bareTickets)
  // The baseline's first sale creates its transaction_seq counter too; its second is counted against ours.
  bareSale.immediate()
  const bareBefore = tableCounts(bare)
  const bareChanges = totalChanges(bare)
  bareSale.immediate()
  const bareChanged = totalChanges(bare) - bareChanges
  const bareDelta = delta(bareBefore, tableCounts(bare))
  if (showDelta(oursDelta) !== showDelta(bareDelta))
    throw new Error(`the baseline writes ${showDelta(bareDelta)}; one real sale wrote ${showDelta(oursDelta)}`)
  if (oursChanged !== bareChanged)
    throw new Error(`the baseline changes ${bareChanged} rows (triggers too); one real sale changed ${oursChanged}`)

  const time = (fn: () => unknown) => {
    const t = process.hrtime.bigint()
    fn()
    return process.hrtime.bigint() - t
  }
  const cases = [
    { run: sell, samples: [] as bigint[] },
    { run: () => bareSale.immediate(), samples: [] as bigint[] },
  ]
  for (let i = 0; i < WARM - 1; i++) for (const c of cases) c.run()
  // Blocks of 50 per case; the case that goes first alternates, so neither always follows the other.
  for (let block = 0; block < iterations / 50; block++)
    for (let k = 0; k < cases.length; k++) {
      const c = cases[(block + k) % cases.length]
      for (let i = 0; i < 50; i++) c.samples.push(time(c.run))
    }
  const sold = (ours.ctx.db.prepare('SELECT COUNT(*) AS n FROM instant_sales').get() as { n: number }).n
  for (const b of [ours, bare]) await b.cleanup()
  const [sa, sb] = cases.map((c) => stats(c.samples))
  const ratio = sa.p50 / sb.p50
  return {
    name: 'mixed cart commit: 2 draw tickets, 1 instant ticket, 2 products (synchronous=FULL)',
    lines: [
      `one sale writes: ${showDelta(oursDelta)}; ${oursChanged} row changes with triggers (baseline: the same, checked)`,
      `ours: ${fmt(sa)}`,
      `bare SQL, same rows: ${fmt(sb)}`,
      `ratio (median) ${ratio.toFixed(2)}x, target <= 1.5x: ${verdict(ratio <= 1.5)}; ratio (mean) ${(sa.mean / sb.mean).toFixed(2)}x; p99 ours ${sa.p99.toFixed(2)} ms`,
      `instant tickets sold by ours: ${sold} (each sale a fresh ticket)`,
    ],
    ratio,
    p99: sa.p99,
  }
}

import { randomUUID } from 'node:crypto'
import { ObjectId } from 'bson'
import { createSale } from '../../electron/sale/service'
import { testBackend } from '../support/backend'
import { fmt, stats, verdict } from './stats'

/**
 * The sale transaction (5 tickets + sale + its tender + stock + movement + audit + 8 outbox
 * rows, synchronous=FULL) against inserting the same rows with bare prepared
 * statements in one transaction, on a second database file of the same schema,
 * interleaved in blocks so both see the same disk.
 */
export async function benchSaleCommit(iterations = 1000) {
  const ours = testBackend()
  const bare = testBackend()
  const big = 'UPDATE inventory SET total_stock = 100000000, remaining_stock = 100000000'
  ours.ctx.db.exec(big)
  bare.ctx.db.exec(big)
  const s = await ours.login('carlos')
  const userId = ours.dispatcher.sessions.get(s)!.userId
  const lotteryId = ours.gameId('PICK3')
  const sell = () =>
    createSale(ours.ctx, userId, {
      requestId: randomUUID(),
      paymentMethod: 'cash',
      confirmed: false,
      ageConfirmed: false,
      lines: [{ lotteryId, quantity: 5 }],
    })

  const db = bare.ctx.db
  const bareUser = (db.prepare("SELECT _id FROM users WHERE username = 'carlos'").get() as { _id: string })._id
  const bareStore = (db.prepare('SELECT _id FROM stores').get() as { _id: string })._id
  const bareGame = bare.gameId('PICK3')
  const inv = (db.prepare('SELECT _id FROM inventory WHERE lottery_id = ?').get(bareGame) as { _id: string })._id
  const q = {
    counter: db.prepare(
      'INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = value + excluded.value RETURNING value',
    ),
    sale: db.prepare(
      'INSERT INTO sales (_id, transaction_id, request_id, line_no, ticket_id, store_id, user_id, lottery_id, quantity, price, payment_method, tax, total_amount, sale_time, device_info, created_at) VALUES (?, ?, ?, 0, ?, ?, ?, ?, 5, 500, ?, 25, 525, ?, ?, ?)',
    ),
    ticket: db.prepare(
      "INSERT INTO tickets (_id, ticket_number, validation_code, sale_id, lottery_id, store_id, user_id, purchase_datetime, status, draw_date, numbers, quick_pick, price, payment_method, device_info, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'sold', ?, ?, 1, 100, 'cash', ?, ?, ?)",
    ),
    stock: db.prepare('UPDATE inventory SET remaining_stock = remaining_stock - 5, updated_at = ? WHERE _id = ?'),
    move: db.prepare(
      "INSERT INTO inventory_movements (_id, inventory_id, store_id, lottery_id, quantity_delta, reason, ref_type, ref_id, created_at) VALUES (?, ?, ?, ?, -5, 'sale', 'sale', ?, ?)",
    ),
    audit: db.prepare(
      "INSERT INTO audit_logs (_id, seq, user_id, action, entity_type, entity_id, description, ip_address, device_info, timestamp, prev_hash, hash) VALUES (?, ?, ?, 'sale.create', 'sale', ?, ?, NULL, ?, ?, ?, ?)",
    ),
    outbox: db.prepare(
      "INSERT INTO outbox (collection, doc_id, op, payload, created_at) VALUES (?, ?, 'insert', ?, ?)",
    ),
    tender: db.prepare(
      "INSERT INTO sale_tenders (transaction_id, payment_method, amount_due, amount_tendered, change_due, created_at) VALUES (?, 'cash', 525, 525, 0, ?)",
    ),
  }
  let seq = 0
  let auditSeq = 0
  // "The same rows": one real sale's outbox payloads and audit text, inserted verbatim by the baseline.
  sell()
  const sample = (collection: string) =>
    (
      ours.ctx.db
        .prepare('SELECT payload FROM outbox WHERE collection = ? ORDER BY seq DESC LIMIT 1')
        .get(collection) as { payload: string }
    ).payload
  const payloads = {
    tickets: sample('tickets'),
    sales: sample('sales'),
    inventory_movements: sample('inventory_movements'),
    audit_logs: sample('audit_logs'),
  }
  const description = (
    ours.ctx.db.prepare('SELECT description FROM audit_logs ORDER BY seq DESC LIMIT 1').get() as { description: string }
  ).description
  const device = JSON.stringify({ device_id: ours.ctx.device.device_id, pos_version: ours.ctx.device.pos_version })
  const bareSale = db.transaction(() => {
    const now = new Date().toISOString()
    q.counter.get('ticket_seq', 5)
    q.counter.get('transaction_seq', 1)
    const saleId = new ObjectId().toHexString()
    const ids = Array.from({ length: 5 }, () => new ObjectId().toHexString())
    q.sale.run(saleId, `T${seq}`, randomUUID(), ids[0], bareStore, bareUser, bareGame, 'cash', now, device, now)
    q.tender.run(`T${seq}`, now)
    for (const id of ids) {
      seq++
      q.ticket.run(
        id,
        String(seq).padStart(18, '0'),
        '12345678',
        saleId,
        bareGame,
        bareStore,
        bareUser,
        now,
        now,
        '[1,2,3]',
        device,
        now,
        now,
      )
      q.outbox.run('tickets', id, payloads.tickets, now)
    }
    q.outbox.run('sales', saleId, payloads.sales, now)
    q.stock.run(now, inv)
    const moveId = new ObjectId().toHexString()
    q.move.run(moveId, inv, bareStore, bareGame, saleId, now)
    q.outbox.run('inventory_movements', moveId, payloads.inventory_movements, now)
    const auditId = new ObjectId().toHexString()
    q.audit.run(auditId, ++auditSeq, bareUser, saleId, description, device, now, 'p'.repeat(64), 'h'.repeat(64))
    q.outbox.run('audit_logs', auditId, payloads.audit_logs, now)
  })

  const time = (fn: () => unknown) => {
    const t = process.hrtime.bigint()
    fn()
    return process.hrtime.bigint() - t
  }
  // Real clock for the benchmark: the frozen test clock would put every sale at one instant.
  ours.ctx.clock = () => new Date()
  for (let i = 0; i < 100; i++) {
    sell()
    bareSale.immediate()
  }
  const a: bigint[] = []
  const b: bigint[] = []
  for (let block = 0; block < iterations / 50; block++) {
    for (let i = 0; i < 50; i++) a.push(time(sell))
    for (let i = 0; i < 50; i++) b.push(time(() => bareSale.immediate()))
  }
  await ours.cleanup()
  await bare.cleanup()
  const sa = stats(a)
  const sb = stats(b)
  const ratio = sa.p50 / sb.p50
  return {
    name: 'sale commit, 5 tickets (synchronous=FULL)',
    lines: [
      `ours: ${fmt(sa)}`,
      `bare SQL, same rows: ${fmt(sb)}`,
      `ratio (median) ${ratio.toFixed(2)}x, target <= 1.3x: ${verdict(ratio <= 1.3)}; ratio (mean) ${(sa.mean / sb.mean).toFixed(2)}x; p99 ${sa.p99.toFixed(2)} ms, target < 5 ms: ${verdict(sa.p99 < 5)}`,
    ],
    ratio,
    p99: sa.p99,
  }
}

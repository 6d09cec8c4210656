import { randomUUID } from 'node:crypto'
import { ObjectId } from 'bson'
import { createSale } from '../../electron/sale/service'
import { moveCash } from '../../electron/shift/service'
import { testBackend, type TestBackend } from '../support/backend'
import { fmt, stats, verdict } from './stats'

/** The open shift of a backend (testBackend opens Carlos's at creation). */
function openShiftId(b: TestBackend): string {
  return (b.ctx.db.prepare("SELECT _id FROM shifts WHERE status = 'open'").get() as { _id: string })._id
}

/**
 * The rows of one sale inserted with bare prepared statements in one transaction: the same rows createSale
 * writes (payloads and audit text copied verbatim from a real sale). `shiftId` is the open shift the sale row
 * names, as ours does; null leaves it NULL, for a database without the trigger that would refuse that.
 */
function bareSaleOn(
  bare: TestBackend,
  shiftId: string | null,
  payloads: Record<'tickets' | 'sales' | 'inventory_movements' | 'audit_logs', string>,
  description: string,
  device: string,
) {
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
      'INSERT INTO sales (_id, transaction_id, request_id, line_no, ticket_id, store_id, user_id, lottery_id, quantity, price, payment_method, tax, total_amount, sale_time, device_info, created_at, shift_id) VALUES (?, ?, ?, 0, ?, ?, ?, ?, 5, 500, ?, 25, 525, ?, ?, ?, ?)',
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
      "INSERT INTO sale_tenders (transaction_id, request_id, payment_method, amount_due, amount_tendered, change_due, created_at) VALUES (?, ?, 'cash', 525, 525, 0, ?)",
    ),
  }
  let seq = 0
  // The shift opened at creation wrote the chain's first entries: carry on after them.
  let auditSeq = (db.prepare('SELECT COALESCE(MAX(seq), 0) AS n FROM audit_logs').get() as { n: number }).n
  return db.transaction(() => {
    const now = new Date().toISOString()
    q.counter.get('ticket_seq', 5)
    q.counter.get('transaction_seq', 1)
    const saleId = new ObjectId().toHexString()
    const requestId = randomUUID()
    const ids = Array.from({ length: 5 }, () => new ObjectId().toHexString())
    q.sale.run(
      saleId,
      `T${seq}`,
      requestId,
      ids[0],
      bareStore,
      bareUser,
      bareGame,
      'cash',
      now,
      device,
      now,
      shiftId,
    )
    q.tender.run(`T${seq}`, requestId, now)
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
}

/**
 * The sale transaction (5 tickets + sale + its tender + stock + movement + audit + 8 outbox
 * rows, synchronous=FULL) against inserting the same rows with bare prepared
 * statements in one transaction, on a second database file of the same schema,
 * interleaved in blocks so both see the same disk.
 *
 * Two more cases in the same blocks (issue 11): the bare inserts on a third database without the
 * `sales_in_open_shift` trigger and with shift_id NULL (what attributing a sale to its shift costs in SQL), and
 * our sale commit on a terminal whose shift has had 50 pay ins and pay outs recorded before the timed sales
 * (the issue: opening a shift and recording a pay out add no more than 10% to the sale commit).
 */
export async function benchSaleCommit(iterations = 1000) {
  const ours = testBackend()
  const moved = testBackend()
  const bare = testBackend()
  const unattributed = testBackend()
  const big = 'UPDATE inventory SET total_stock = 100000000, remaining_stock = 100000000'
  for (const b of [ours, moved, bare, unattributed]) b.ctx.db.exec(big)
  unattributed.ctx.db.exec('DROP TRIGGER sales_in_open_shift')
  const seller = async (b: TestBackend) => {
    const s = await b.login('carlos')
    const userId = b.dispatcher.sessions.get(s)!.userId
    const lotteryId = b.gameId('PICK3')
    return {
      userId,
      sell: () =>
        createSale(b.ctx, userId, {
          requestId: randomUUID(),
          paymentMethod: 'cash',
          confirmed: false,
          ageConfirmed: false,
          lines: [{ lotteryId, quantity: 5 }],
        }),
    }
  }
  const sell = (await seller(ours)).sell
  const movedSeller = await seller(moved)
  const sellMoved = movedSeller.sell
  // 25 pay ins and 25 pay outs through the real path (audited, queued for central), before any timed sale.
  for (let i = 0; i < 25; i++) {
    moveCash(moved.ctx, movedSeller.userId, 'pay_in', 5_000, 'change from the safe')
    moveCash(moved.ctx, movedSeller.userId, 'pay_out', 2_000, 'supplier paid from the till')
  }

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
  const bareSale = bareSaleOn(bare, openShiftId(bare), payloads, description, device)
  const bareUnattributed = bareSaleOn(unattributed, null, payloads, description, device)

  const time = (fn: () => unknown) => {
    const t = process.hrtime.bigint()
    fn()
    return process.hrtime.bigint() - t
  }
  // Real clock for the benchmark: the frozen test clock would put every sale at one instant.
  ours.ctx.clock = () => new Date()
  moved.ctx.clock = () => new Date()
  const cases = [
    { run: sell, samples: [] as bigint[] },
    { run: sellMoved, samples: [] as bigint[] },
    { run: () => bareSale.immediate(), samples: [] as bigint[] },
    { run: () => bareUnattributed.immediate(), samples: [] as bigint[] },
  ]
  for (let i = 0; i < 100; i++) for (const c of cases) c.run()
  // Blocks of 50 per case; the case that goes first moves on each block, so none always follows the same one.
  for (let block = 0; block < iterations / 50; block++)
    for (let k = 0; k < cases.length; k++) {
      const c = cases[(block + k) % cases.length]
      for (let i = 0; i < 50; i++) c.samples.push(time(c.run))
    }
  for (const b of [ours, moved, bare, unattributed]) await b.cleanup()
  const [sa, sm, sb, su] = cases.map((c) => stats(c.samples))
  const ratio = sa.p50 / sb.p50
  const shiftSql = sb.p50 / su.p50
  const movedRatio = sm.p50 / sa.p50
  return {
    name: 'sale commit, 5 tickets (synchronous=FULL)',
    lines: [
      `ours: ${fmt(sa)}`,
      `bare SQL, same rows (sale names the open shift): ${fmt(sb)}`,
      `ratio (median) ${ratio.toFixed(2)}x, target <= 1.3x: ${verdict(ratio <= 1.3)}; ratio (mean) ${(sa.mean / sb.mean).toFixed(2)}x; p99 ${sa.p99.toFixed(2)} ms, target < 5 ms: ${verdict(sa.p99 < 5)}`,
      `bare SQL, no shift trigger, shift_id NULL: ${fmt(su)}`,
      `shift attribution in SQL (bare with shift / bare without, median) ${shiftSql.toFixed(2)}x; mean ${(sb.mean / su.mean).toFixed(2)}x`,
      `ours, after 50 pay ins/outs in the shift: ${fmt(sm)}`,
      `ours after 50 movements / ours with none (median) ${movedRatio.toFixed(2)}x, target <= 1.10x: ${verdict(movedRatio <= 1.1)}; mean ${(sm.mean / sa.mean).toFixed(2)}x`,
    ],
    ratio,
    p99: sa.p99,
  }
}

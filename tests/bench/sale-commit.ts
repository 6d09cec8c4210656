import { randomUUID } from 'node:crypto'
import { createSale } from '../../electron/sale/service'
import { moveCash } from '../../electron/shift/service'
import { testBackend, type TestBackend } from '../support/backend'
import { fmt, stats, verdict } from './stats'

/** The tables a sale inserts into, in the order the baseline writes them; anything else it writes is an update. */
const INSERTED = ['sale_tenders', 'sales', 'tickets', 'inventory_movements', 'audit_logs', 'outbox'] as const
type SaleRows = Record<(typeof INSERTED)[number], unknown[][]>
interface RecordedSales {
  /** Each table's columns as the baseline writes them (every one, but the outbox's own seq). */
  columns: Record<(typeof INSERTED)[number], string[]>
  sales: SaleRows[]
}

const PICK3_CART = (lotteryId: string) => ({
  requestId: randomUUID(),
  paymentMethod: 'cash' as const,
  confirmed: false,
  ageConfirmed: false,
  lines: [{ lotteryId, quantity: 5 }],
})

/**
 * "The same rows", literally: `n` real sales made by createSale on a backend of their own (seeded like the
 * baseline's, so its store, users, games and open shift have the same ids), and every row each one inserted,
 * every column as written. Throws if a sale wrote rows anywhere else, so the baseline cannot fall behind the sale.
 */
async function recordSales(n: number): Promise<RecordedSales> {
  const src = testBackend()
  src.ctx.db.exec('UPDATE inventory SET total_stock = 100000000, remaining_stock = 100000000')
  src.ctx.db.pragma('synchronous = OFF')
  src.ctx.clock = () => new Date()
  const s = await src.login('carlos')
  const userId = src.dispatcher.sessions.get(s)!.userId
  const lotteryId = src.gameId('PICK3')
  const db = src.ctx.db
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map(
    (t) => t.name,
  )
  const rowCounts = () =>
    Object.fromEntries(
      tables.map((t) => [t, (db.prepare(`SELECT COUNT(*) AS n FROM "${t}"`).get() as { n: number }).n]),
    )
  const columns = Object.fromEntries(
    INSERTED.map((t) => [
      t,
      (db.prepare('SELECT name FROM pragma_table_info(?)').all(t) as { name: string }[])
        .map((c) => c.name)
        .filter((c) => !(t === 'outbox' && c === 'seq')),
    ]),
  ) as RecordedSales['columns']
  const newRows = Object.fromEntries(
    INSERTED.map((t) => [
      t,
      db.prepare(`SELECT rowid AS r_, ${columns[t].join(', ')} FROM ${t} WHERE rowid > ? ORDER BY rowid`),
    ]),
  )
  const last = Object.fromEntries(
    INSERTED.map((t) => [t, (db.prepare(`SELECT COALESCE(MAX(rowid), 0) AS m FROM ${t}`).get() as { m: number }).m]),
  )
  const before = rowCounts()
  const sales: SaleRows[] = []
  for (let i = 0; i < n; i++) {
    createSale(src.ctx, userId, PICK3_CART(lotteryId))
    const rows = {} as SaleRows
    for (const t of INSERTED) {
      const got = newRows[t].all(last[t]) as Record<string, unknown>[]
      if (got.length) last[t] = got[got.length - 1].r_ as number
      rows[t] = got.map((r) => columns[t].map((c) => r[c]))
    }
    sales.push(rows)
  }
  const after = rowCounts()
  // The counters' rows are the baseline's upserts (the first sale makes them).
  const elsewhere = tables.filter(
    (t) => after[t] !== before[t] && t !== 'counters' && !(INSERTED as readonly string[]).includes(t),
  )
  await src.cleanup()
  if (elsewhere.length) throw new Error(`a sale also inserts into ${elsewhere.join(', ')}: the baseline must too`)
  return { columns, sales }
}

/**
 * The recorded sales' rows inserted with bare prepared statements (one per row) in one transaction each, with
 * the updates a sale makes (the two counters, the stock); triggers run as for ours. `unattributed` writes the
 * sales rows with shift_id NULL, for a database without the trigger that would refuse that.
 */
function bareInsertsOn(bare: TestBackend, recorded: RecordedSales, unattributed = false) {
  const db = bare.ctx.db
  const insert = Object.fromEntries(
    INSERTED.map((t) => [
      t,
      db.prepare(
        `INSERT INTO ${t} (${recorded.columns[t].join(', ')}) VALUES (${recorded.columns[t].map(() => '?').join(', ')})`,
      ),
    ]),
  )
  const shiftAt = recorded.columns.sales.indexOf('shift_id')
  const counter = db.prepare(
    'INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = value + excluded.value RETURNING value',
  )
  const inv = (
    db.prepare('SELECT _id FROM inventory WHERE lottery_id = ?').get(bare.gameId('PICK3')) as { _id: string }
  )._id
  const stock = db.prepare('UPDATE inventory SET remaining_stock = remaining_stock - 5, updated_at = ? WHERE _id = ?')
  const sales = unattributed
    ? recorded.sales.map((sale) => ({ ...sale, sales: sale.sales.map((row) => row.with(shiftAt, null)) }))
    : recorded.sales
  let next = 0
  return db.transaction(() => {
    const sale = sales[next++]
    counter.get('ticket_seq', 5)
    counter.get('transaction_seq', 1)
    for (const t of INSERTED) {
      if (t === 'inventory_movements') stock.run(sale.sales[0][recorded.columns.sales.indexOf('sale_time')], inv)
      for (const row of sale[t]) insert[t].run(row)
    }
  })
}

/**
 * The sale transaction (5 tickets + sale + its tender + stock + movement + audit + 8 outbox
 * rows, synchronous=FULL) against inserting the same rows with bare prepared
 * statements in one transaction (the rows real sales wrote, each its own: recordSales), on a second database
 * file of the same schema, interleaved in blocks so both see the same disk.
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
      sell: () => createSale(b.ctx, userId, PICK3_CART(lotteryId)),
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

  // The baseline's rows: those of as many real sales as it will make, each sale's own (warm-up included).
  const recorded = await recordSales(iterations + 100)
  const bareSale = bareInsertsOn(bare, recorded)
  const bareUnattributed = bareInsertsOn(unattributed, recorded, true)

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

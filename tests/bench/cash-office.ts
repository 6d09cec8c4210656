import { randomUUID } from 'node:crypto'
import { DateTime } from 'luxon'
import { createSale } from '../../electron/sale/service'
import { closeShift, dayReport, moveCash, openShift, settlement, xReport } from '../../electron/shift/service'
import { shiftReportLayout, type OfficeHeader } from '../../electron/printing/cash-office'
import { renderEscPos } from '../../electron/printing/escpos'
import { presented, seededRandomInt, testBackend } from '../support/backend'
import { fillTickets } from '../support/history'
import { lotteryWeek } from '../../shared/cash'
import { getSetting } from '../../electron/settings/repo'
import type { ReadDB } from '../../electron/store/db'
import { fmt, stats, verdict, type Stats } from './stats'

const TICKETS = 1_000_000
/** The paper the Z is laid out for: the preview's default width, an Epson command set. */
const PAPER = { type: 'epson' as const, width: 42 }

const time = (fn: () => unknown) => {
  const t = process.hrtime.bigint()
  fn()
  return process.hrtime.bigint() - t
}

/**
 * The aggregates a shift report needs, written by hand as plain prepared statements: what the figures cost
 * in SQL with nothing around them. `scope` is the SQL that picks the shifts' ids from its parameters.
 */
function bareAggregates(db: ReadDB, scope: string) {
  // Transactions counted by their first line in the same pass, as shiftTotals does (the cheaper of the two ways).
  const q = [
    `SELECT lottery_id, payment_method, SUM(line_no = 0) AS tx, SUM(quantity) AS tickets, SUM(total_amount) AS amount,
       SUM(tax) AS tax FROM sales WHERE shift_id IN (${scope}) GROUP BY lottery_id, payment_method`,
    `SELECT c.lottery_id, s.payment_method, COUNT(*) AS n, SUM(c.total_amount) AS amount, SUM(c.tax) AS tax FROM cancellations c
       JOIN sales s ON s._id = c.sale_id WHERE c.shift_id IN (${scope}) GROUP BY c.lottery_id, s.payment_method`,
    `SELECT COUNT(*) AS n, SUM(amount) AS amount FROM winning_claims WHERE shift_id IN (${scope})`,
    `SELECT kind, COUNT(*) AS n, SUM(amount) AS amount FROM shift_movements WHERE shift_id IN (${scope}) GROUP BY kind`,
  ].map((sql) => db.prepare(sql))
  return q
}

function ratioLine(label: string, ours: Stats, bare: Stats, what = 'bare aggregate SQL over the same rows') {
  const ratio = ours.p50 / bare.p50
  return [
    `${label}, ${what}: ${fmt(bare)}`,
    `${label}: ours / ${what}: ${ratio.toFixed(2)}x (median), ${(ours.p99 / bare.p99).toFixed(2)}x (p99)`,
  ]
}

function oursLine(label: string, ours: Stats) {
  return `${label}, ours: ${fmt(ours)}; p99 < 100 ms: ${verdict(ours.p99 < 100)}`
}

/**
 * The cash office on a terminal holding 1,000,000 tickets (a year of 365 closed shifts, ~2,700 tickets a day,
 * bulk-loaded as fillTickets writes them), each case against the bare aggregate SQL over the same rows in the
 * same run, the two taking turns sample by sample (the one that goes first alternates):
 *  - a shift's close with its Z report: closeShift (totals, the count, the stored Z, audit, outbox, one commit)
 *    and the Z laid out and rendered to ESC/POS bytes, after 200 sales of 1-5 tickets, two cancellations and a
 *    pay in and a pay out through the real paths (not timed);
 *  - the day report of a history day picked at random;
 *  - the lottery week's settlement of a history week picked at random.
 */
export async function benchCashOffice(closes = 100, days = 300, weeks = 300) {
  const b = testBackend({ startSync: false, shift: false })
  b.ctx.db.exec('UPDATE inventory SET total_stock = 100000000, remaining_stock = 100000000')
  const t0 = process.hrtime.bigint()
  fillTickets(b, TICKETS)
  const fillMs = Number(process.hrtime.bigint() - t0) / 1e6
  const db = b.ctx.db
  const held = (db.prepare('SELECT COUNT(*) AS n FROM tickets').get() as { n: number }).n
  if (held < TICKETS) throw new Error(`only ${held} tickets stored`)
  const s = await b.login('carlos')
  const carlos = b.dispatcher.sessions.get(s)!.userId
  const device = b.ctx.device.device_id
  const rand = seededRandomInt(7)
  const lines: string[] = [`fillTickets(${TICKETS.toLocaleString('en-US')}): ${(fillMs / 1000).toFixed(1)} s`]

  // ---- a. the close with its Z ----
  const games = ['PICK3', 'LOTTO', 'MEGA', 'KENO'].map((c) => b.gameId(c))
  const pick3 = b.gameId('PICK3')
  const methods = ['cash', 'cash', 'cash', 'cash', 'cash', 'cash', 'cash', 'card', 'card', 'wallet'] as const
  const sellOne = (lotteryId: string, quantity: number, paymentMethod: (typeof methods)[number]) => {
    b.clock.advance(20_000)
    return createSale(b.ctx, carlos, {
      requestId: randomUUID(),
      paymentMethod,
      confirmed: false,
      ageConfirmed: true,
      lines: [{ lotteryId, quantity }],
    })
  }
  /** A shift's worth of business in the open shift, through the real paths. */
  const business = async () => {
    for (let i = 0; i < 200; i++) {
      if (i === 60 || i === 140) {
        // Sold in error and cancelled at once (PICK3 may be cancelled within 10 minutes).
        const sale = sellOne(pick3, 1, 'cash')
        await b.call(s, 'ticket-cancel', { input: presented(b, sale.tickets[0]._id), reason: 'sold in error' })
        continue
      }
      sellOne(games[rand(0, games.length)], rand(1, 6), methods[rand(0, methods.length)])
    }
    moveCash(b.ctx, carlos, 'pay_in', 5_000, 'change from the safe')
    moveCash(b.ctx, carlos, 'pay_out', 2_000, 'window cleaner')
  }
  const header = (): OfficeHeader => ({
    store_name: b.ctx.store.name,
    timezone: b.ctx.store.timezone,
    currency: b.ctx.store.currency,
    device_id: device,
    printed_at: b.ctx.clock().toISOString(),
  })
  /** The close as the counter runs it: closeShift, then the Z laid out and rendered for the printer. */
  const closeAndZ = (shiftId: string, expected: { cash: number; card: number; wallet: number }) => {
    const t1 = process.hrtime.bigint()
    const r = closeShift(
      b.ctx,
      carlos,
      shiftId,
      {
        cash: { total: expected.cash },
        card: expected.card,
        wallet: expected.wallet,
      },
      [],
    )
    const t2 = process.hrtime.bigint()
    if (r.status !== 'closed') throw new Error(`shift not closed: ${r.status}`)
    const bytes = renderEscPos(shiftReportLayout(r.report, header(), { width: PAPER.width }), PAPER).length
    const t3 = process.hrtime.bigint()
    if (bytes < 500) throw new Error(`a Z report of ${bytes} bytes`)
    return { total: t3 - t1, close: t2 - t1, paper: t3 - t2 }
  }
  // On the connection the close runs on, so both read the same page cache.
  const bareShift = bareAggregates(db, '?')
  const aggregates = (shiftId: string) => bareShift.map((q) => q.all(shiftId))
  // A floor for the close's writing: the bytes it stores (the Z body, its audit text, the shift's and the
  // report's records for central, the shift row's new figures) as plain inserts, one transaction, one commit.
  db.exec('CREATE TABLE bench_close_rows (k TEXT NOT NULL, body TEXT NOT NULL)')
  const bareRow = db.prepare('INSERT INTO bench_close_rows (k, body) VALUES (?, ?)')
  let written: { k: string; body: string }[] = []
  const closeRowsOf = (shiftId: string) => [
    ...(db.prepare("SELECT 'report' AS k, body FROM reports WHERE shift_id = ?").all(shiftId) as typeof written),
    ...(db
      .prepare(
        "SELECT 'audit' AS k, description AS body FROM audit_logs WHERE action = 'shift.close' AND entity_id = ?",
      )
      .all(shiftId) as typeof written),
    ...(db
      .prepare(
        `SELECT 'outbox' AS k, payload AS body FROM outbox WHERE (collection = 'shifts' AND doc_id = ? AND op = 'update')
           OR (collection = 'reports' AND doc_id = (SELECT _id FROM reports WHERE shift_id = ?))`,
      )
      .all(shiftId, shiftId) as typeof written),
    { k: 'shift', body: JSON.stringify(db.prepare('SELECT * FROM shifts WHERE _id = ?').get(shiftId)) },
  ]
  const bareWrite = db.transaction(() => {
    for (const r of written) bareRow.run(r.k, r.body)
  })
  const closeOurs: bigint[] = []
  const closeOnly: bigint[] = []
  const paperOnly: bigint[] = []
  const closeBare: bigint[] = []
  const closeBareWrite: bigint[] = []
  // The shift fillTickets left open is the first; two warm-up closes are discarded.
  for (let i = -2; i < closes; i++) {
    const open = db.prepare("SELECT _id FROM shifts WHERE status = 'open'").get() as { _id: string } | undefined
    const shiftId = open?._id ?? openShift(b.ctx, carlos, { total: 20_000 })._id
    await business()
    // The blind count: exactly what the drawer should hold, so the shift closes at once (untimed).
    const expected = xReport(b.ctx).totals.expected
    // Before or after the close alternately: the same rows either way (the close changes only the shift row).
    const bare = () => [time(() => aggregates(shiftId)), time(() => bareWrite.immediate())]
    let o: ReturnType<typeof closeAndZ>, tb: bigint[]
    if (i % 2 === 0) {
      tb = bare()
      o = closeAndZ(shiftId, expected)
    } else {
      o = closeAndZ(shiftId, expected)
      tb = bare()
    }
    written = closeRowsOf(shiftId)
    if (written.length !== 5) throw new Error(`the close wrote ${written.length} of the rows looked for`)
    if (i < 0) continue
    closeOurs.push(o.total)
    closeOnly.push(o.close)
    paperOnly.push(o.paper)
    closeBare.push(tb[0])
    closeBareWrite.push(tb[0] + tb[1])
  }
  const tickets = db
    .prepare(
      "SELECT SUM(quantity) AS n FROM sales WHERE shift_id = (SELECT _id FROM shifts WHERE status = 'closed' ORDER BY closed_at DESC LIMIT 1)",
    )
    .get() as { n: number }
  lines.push(
    `shift close with its Z (closeShift + layout + ESC/POS), after 200 sales (${tickets.n} tickets in the last), 2 cancellations, a pay in and a pay out:`,
    oursLine('close + Z', stats(closeOurs)),
    `close + Z, of which closeShift (one commit): p50 ${stats(closeOnly).p50.toFixed(3)} ms, p99 ${stats(closeOnly).p99.toFixed(3)} ms; the Z laid out and rendered to ESC/POS: p50 ${stats(paperOnly).p50.toFixed(3)} ms, p99 ${stats(paperOnly).p99.toFixed(3)} ms`,
    ...ratioLine('close + Z', stats(closeOurs), stats(closeBare)),
    ...ratioLine(
      'close + Z',
      stats(closeOurs),
      stats(closeBareWrite),
      "bare aggregate SQL plus the close's bytes written in one plain transaction",
    ),
  )

  // ---- b. the day report, c. the settlement ----
  const historyDays = (
    db.prepare('SELECT business_day FROM shifts WHERE shift_number > 1000000 ORDER BY business_day').all() as {
      business_day: string
    }[]
  ).map((r) => r.business_day)
  const dayScope = 'SELECT _id FROM shifts WHERE business_day = ? AND device_id = ?'
  const bareDay = [
    ...bareAggregates(b.ctx.read, dayScope),
    b.ctx.read.prepare(
      `SELECT substr(sale_time, 1, 16) AS h, SUM(quantity) AS tickets, SUM(total_amount) AS amount FROM sales
       WHERE shift_id IN (${dayScope}) GROUP BY h`,
    ),
  ]
  const dayTickets: number[] = []
  const dayOurs: bigint[] = []
  const dayBare: bigint[] = []
  for (let i = -10; i < days; i++) {
    const day = historyDays[rand(0, historyDays.length)]
    let n = 0
    const ours = () => (n = dayReport(b.ctx, day).totals.sales.tickets)
    const bare = () => bareDay.map((q) => q.all(day, device))
    let to: bigint, tb: bigint
    if (i % 2 === 0) {
      to = time(ours)
      tb = time(bare)
    } else {
      tb = time(bare)
      to = time(ours)
    }
    if (i < 0) continue
    dayTickets.push(n)
    dayOurs.push(to)
    dayBare.push(tb)
  }
  const avgDay = Math.round(dayTickets.reduce((x, y) => x + y, 0) / dayTickets.length)
  lines.push(
    `day report (dayReport) of a history day picked at random, ${avgDay.toLocaleString('en-US')} tickets a day on average:`,
    oursLine('day report', stats(dayOurs)),
    ...ratioLine('day report', stats(dayOurs), stats(dayBare)),
  )

  const weekScope = 'SELECT _id FROM shifts WHERE business_day BETWEEN ? AND ? AND device_id = ?'
  const bareWeek = [
    `SELECT sh.business_day AS day, SUM(s.price) AS amount FROM sales s JOIN shifts sh ON sh._id = s.shift_id
       WHERE s.shift_id IN (${weekScope}) GROUP BY sh.business_day`,
    `SELECT sh.business_day AS day, SUM(c.price) AS amount FROM cancellations c JOIN shifts sh ON sh._id = c.shift_id
       WHERE c.shift_id IN (${weekScope}) GROUP BY sh.business_day`,
    `SELECT sh.business_day AS day, SUM(w.amount) AS amount FROM winning_claims w JOIN shifts sh ON sh._id = w.shift_id
       WHERE w.shift_id IN (${weekScope}) GROUP BY sh.business_day`,
  ].map((sql) => b.ctx.read.prepare(sql))
  const zone = b.ctx.store.timezone
  const weekOurs: bigint[] = []
  const weekBare: bigint[] = []
  let weekSales = 0
  for (let i = -10; i < weeks; i++) {
    const day = historyDays[rand(0, historyDays.length)]
    // The week's first and last day for the bare queries, worked out untimed by the rule settlement uses.
    const week = lotteryWeek(
      DateTime.fromISO(day, { zone }).set({ hour: 12 }).toJSDate(),
      zone,
      getSetting(db, 'lottery_week_start'),
      getSetting(db, 'business_day_start_hour'),
    )
    let sales = 0
    const ours = () => (sales = settlement(b.ctx, day).total.sales)
    const bare = () => bareWeek.map((q) => q.all(week.first, week.last, device))
    let to: bigint, tb: bigint
    if (i % 2 === 0) {
      to = time(ours)
      tb = time(bare)
    } else {
      tb = time(bare)
      to = time(ours)
    }
    if (i < 0) continue
    weekSales += sales
    weekOurs.push(to)
    weekBare.push(tb)
  }
  const avgWeek = Math.round(weekSales / weeks / 100)
  lines.push(
    `lottery week settlement (settlement) of a history week picked at random, $${avgWeek.toLocaleString('en-US')} of sales a week on average:`,
    oursLine('settlement', stats(weekOurs)),
    ...ratioLine('settlement', stats(weekOurs), stats(weekBare)),
  )
  await b.cleanup()
  return { name: `cash office on ${TICKETS.toLocaleString('en-US')} tickets`, lines }
}

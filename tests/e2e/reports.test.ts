import { parse } from 'csv-parse/sync'
import fs from 'node:fs'
import path from 'node:path'
import { extractText } from 'unpdf'
import { describe, expect, it } from 'vitest'
import { formatCell, reportDocument, type CellFormat } from '../../shared/report-doc'
import { salesReport } from '../../electron/report/service'
import { axeFindings, cutOff } from '../support/axe'
import { e2eSuite, screenshots } from '../support/e2e'
import { newRequestId } from '../support/backend'
import { slowDisk } from '../support/exports'

const suite = e2eSuite()
const fmt: CellFormat = { currency: 'USD', locale: 'en-US' }

describe('reports, in Chromium', () => {
  it('a manager opens each report, switches the period, sees the charts, sorts, and exports CSV and PDF that match the screen', async () => {
    const app = await suite.app()
    const { page, login, sale, shell } = app.ui
    const b = app.backend
    // Today's sales at this counter, on top of the demo's past days.
    const carlos = (b.ctx.db.prepare("SELECT _id FROM users WHERE username = 'carlos'").get() as { _id: string })._id
    const session = 'e2e-seller'
    const users = (await b.dispatcher.dispatch(session, 'auth-users', {})) as { ok: true; value: { _id: string }[] }
    expect(users.ok).toBe(true)
    await b.dispatcher.dispatch(session, 'auth-login', { userId: carlos, pin: '1111' })
    for (const [code, quantity, paymentMethod] of [
      ['PICK3', 4, 'cash'],
      ['LOTTO', 2, 'card'],
      ['MEGA', 1, 'cash'],
    ] as const) {
      const r = await b.dispatcher.dispatch(session, 'sale-create', {
        requestId: newRequestId(),
        paymentMethod,
        lines: [
          {
            lotteryId: (b.ctx.db.prepare('SELECT _id FROM lotteries WHERE code = ?').get(code) as { _id: string })._id,
            quantity,
          },
        ],
      })
      expect(r.ok).toBe(true)
    }

    await login.as('maria', '2580')
    await sale.screen.waitFor()
    await page.keyboard.press('F9')
    await shell.menu('reports').click()
    await page.getByTestId('reports').waitFor()
    const kpi = (id: string) => page.getByTestId(`kpi-${id}`).locator('dd').first().textContent()
    // Today's sales, as the backend adds them up.
    const today = reportDocument('sales', salesReport(b.ctx, { kind: 'today' }, { kind: 'store' }))
    await expect
      .poll(() => kpi('amount'))
      .toBe(formatCell(today.kpis.find((k) => k.id === 'amount')!.value, 'money', fmt))
    expect(await kpi('tickets')).toBe('7')
    expect(await page.getByTestId('report-scope').textContent()).toMatch(/^Whole store · compared with/)
    // The charts are drawn: a canvas with pixels on it, and words for a screen reader.
    const byHour = page.getByTestId('chart-by_hour').locator('canvas')
    await expect
      .poll(() =>
        byHour.evaluate((c) => {
          const canvas = c as unknown as { width: number; toDataURL(): string }
          return canvas.width > 0 && canvas.toDataURL().length > 2000
        }),
      )
      .toBe(true)
    expect(await byHour.getAttribute('aria-label')).toMatch(/^Sales by hour of the day: Ticket sales total \$/)

    // Sorted by sales, biggest first, then by name.
    const games = page.getByTestId('table-by_game')
    await games.getByRole('button', { name: 'Sales', exact: true }).click()
    expect(await games.locator('th[aria-sort="descending"]').textContent()).toMatch(/^Sales/)
    const cells = async () =>
      games.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent ?? '')))
    const sorted = await cells()
    const amounts = sorted.map((r) => Number(r[2].replace(/[$,]/g, '')))
    expect(amounts).toEqual([...amounts].sort((x, y) => y - x))
    await games.getByRole('button', { name: 'Game', exact: true }).click()
    expect((await cells()).map((r) => r[0])).toEqual(sorted.map((r) => r[0]).sort((x, y) => x.localeCompare(y)))

    expect(await axeFindings(page, '[data-testid="reports"]')).toEqual([])
    expect(await cutOff(page, '[data-testid="reports"]')).toEqual([])
    await page.getByTestId('report-title').evaluate((e) => e.scrollIntoView())
    await screenshots(app, 'reports-sales')

    // The table as CSV: the same rows as on screen (in the report's own order: the sort is the screen's).
    const onScreen = await cells()
    await page.getByTestId('csv-by_game').click()
    const done = page.getByTestId('export-row').first()
    await expect.poll(() => done.getAttribute('data-status')).toBe('completed')
    const csvFile = (await done.getByTestId('export-file').textContent())!
    const csv = parse(fs.readFileSync(csvFile, 'utf8')) as string[][]
    expect(csv[0]).toEqual(['Game', 'Tickets', 'Sales', 'Previous period'])
    const byName = (rows: string[][]) => [...rows].sort((x, y) => x[0].localeCompare(y[0]))
    expect(
      byName(csv.slice(1).map((r) => [r[0], r[1], formatCell(Math.round(Number(r[2]) * 100), 'money', fmt)])),
    ).toEqual(byName(onScreen.map((r) => [r[0], r[1], r[2]])))

    // The whole report as PDF: its text holds every headline figure the screen shows.
    await page.getByTestId('export-pdf').click()
    await expect.poll(() => page.getByTestId('export-row').first().getAttribute('data-status')).toBe('completed')
    const pdfFile = (await page.getByTestId('export-row').first().getByTestId('export-file').textContent())!
    expect(pdfFile).toMatch(/\.pdf$/)
    const text = (await extractText(new Uint8Array(fs.readFileSync(pdfFile)), { mergePages: true })).text
    for (const id of ['amount', 'tickets', 'net_sales', 'lottery_cash_due', 'commissions'])
      expect(text).toContain(await kpi(id))
    expect(text).toContain('Sales by hour of the day')

    // Another period: this month, from the same screen.
    await page.getByTestId('period-kind').selectOption('this_month')
    const month = reportDocument('sales', salesReport(b.ctx, { kind: 'this_month' }, { kind: 'store' }))
    await expect
      .poll(() => kpi('amount'))
      .toBe(formatCell(month.kpis.find((k) => k.id === 'amount')!.value, 'money', fmt))
    expect(await page.getByTestId('chart-by_day').locator('canvas').getAttribute('aria-label')).toMatch(/^Sales by day/)
    // A custom range the wrong way round: the backend's words, nothing shown as if it were an answer.
    await page.getByTestId('period-kind').selectOption('custom')
    await page.getByTestId('period-from').fill(month.period.last)
    await page.getByTestId('period-to').fill(month.period.first)
    await page.getByTestId('period-apply').click()
    if (month.period.first !== month.period.last)
      await expect.poll(() => page.getByTestId('report-error').textContent()).toMatch(/before the first/)

    // Inventory and performance: each with its chart and tables.
    await page.getByTestId('period-kind').selectOption('today')
    await page.getByTestId('report-inventory').click()
    await expect.poll(() => page.getByTestId('report-title').textContent()).toMatch(/^Inventory report/)
    await page.getByTestId('chart-stock_by_game').locator('canvas').waitFor()
    expect(await page.getByTestId('table-products').locator('tbody tr').count()).toBeGreaterThan(0)
    expect(await axeFindings(page, '[data-testid="reports"]')).toEqual([])
    await page.getByTestId('report-title').evaluate((e) => e.scrollIntoView())
    await screenshots(app, 'reports-inventory')
    await page.getByTestId('report-performance').click()
    await expect.poll(() => page.getByTestId('report-title').textContent()).toMatch(/^Performance report/)
    const cashierRow = page.getByTestId('table-cashiers').locator('tbody tr').first()
    await expect.poll(() => cashierRow.locator('th').textContent()).toBe('Carlos Cashier')
    expect(await axeFindings(page, '[data-testid="reports"]')).toEqual([])
    await page.getByTestId('report-title').evaluate((e) => e.scrollIntoView())
    await screenshots(app, 'reports-performance')
    await shell.logOut()

    // A cashier: their own figures, no stock, no exports.
    await login.as('carlos', '1111')
    await sale.screen.waitFor()
    await page.keyboard.press('F9')
    await shell.menu('reports').click()
    await expect.poll(() => page.getByTestId('report-scope').textContent()).toMatch(/^Carlos Cashier's own figures/)
    expect(await kpi('tickets')).toBe('7')
    expect(await page.getByTestId('report-inventory').count()).toBe(0)
    expect(await page.getByTestId('export-pdf').count()).toBe(0)
    expect(await page.getByTestId('csv-by_game').count()).toBe(0)
  })
})

describe('a long export, in Chromium', () => {
  it('shows its progress and stops when the manager cancels it: no file left, the record failed and why', async () => {
    // The disk is slow today: every write waits until the test lets it through (it never does).
    const disk = slowDisk()
    const release = disk.release
    const app = await suite.app({ backend: { openReportFile: disk.openReportFile } })
    try {
      const { page, login, sale, shell } = app.ui
      await login.as('maria', '2580')
      await sale.screen.waitFor()
      await page.keyboard.press('F9')
      await shell.menu('reports').click()
      await page.getByTestId('period-kind').selectOption('this_month')
      await page.getByTestId('csv-tickets').click()
      const row = page.getByTestId('export-row').first()
      await expect.poll(() => row.getAttribute('data-status')).toBe('scheduled')
      await row.getByTestId('export-progress').waitFor()
      expect(await axeFindings(page, '[data-testid="exports"]')).toEqual([])
      await row.getByTestId('export-cancel').click()
      await expect.poll(() => row.getAttribute('data-status')).toBe('failed')
      expect(await row.getByTestId('export-failure').textContent()).toBe('Cancelled by Maria Manager.')
      expect(fs.readdirSync(path.join(app.dataDir, 'reports'))).toEqual([])
    } finally {
      release()
    }
  })
})

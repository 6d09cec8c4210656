import type { Browser } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { formatTicketNumber } from '../../shared/ticket-number'
import { launchBrowser, loginAs, startApp, type App } from '../support/browser'
import { closedPortUri, startFakePrinter, type FakePrinter } from '../support/fake-printer'

let browser: Browser
let app: App | null = null
let printer: FakePrinter | null = null
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(() => browser.close())
afterEach(async () => {
  await app?.close()
  await printer?.close()
  app = printer = null
})

// Every terminal starts with the demo's past-draw tickets; these tests count what they sell themselves.
const NOT_DEMO = "request_id NOT LIKE 'demo-history-%'"
const TODAY = `sale_id IN (SELECT _id FROM sales WHERE ${NOT_DEMO})`

const ticketNumbers = (a: App) =>
  a.page.getByTestId('ticket-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-ticket-number') ?? ''))

describe('selling at the counter, in Chromium', () => {
  it('logs in, sells 3 + 1 tickets, shows the sale and its preview, and prints every ticket', async () => {
    printer = await startFakePrinter({ mode: 'ok' })
    app = await startApp(browser, { printerUri: printer.uri })
    const { page } = app
    await loginAs(page, 'carlos', '1111')
    await page.getByTestId('game-PICK3').waitFor()
    // Type the quantity, then the game's hotkey; click the other game.
    await page.keyboard.press('3')
    await page.keyboard.press('F1')
    await page.getByTestId('game-LOTTO').click()
    await expect.poll(() => page.getByTestId('cart-line-PICK3').textContent()).toContain('3')
    // 3 x $1 + 1 x $3, 5% tax.
    await expect.poll(() => page.getByTestId('cart-total').textContent()).toContain('$6.30')
    await page.getByTestId('sell').click()
    await page.getByTestId('sale-done').waitFor()
    expect(await page.getByTestId('sale-done').textContent()).toContain('$6.30')
    await expect.poll(() => page.getByTestId('ticket-row').count()).toBe(4)
    const numbers = await ticketNumbers(app)
    expect(new Set(numbers).size).toBe(4)
    await page.getByTestId('ticket-preview').waitFor()
    expect(await page.getByTestId('ticket-preview').getAttribute('src')).toMatch(/^data:image\/svg\+xml/)
    for (const n of numbers) await printer.waitForBytes(formatTicketNumber(n), 5000)
    await expect
      .poll(() =>
        page.getByTestId('ticket-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-print-status'))),
      )
      .toEqual(['printed', 'printed', 'printed', 'printed'])
    // The status bar follows: printer ready, nothing left to print, the sale's records waiting for sync.
    await expect.poll(() => page.getByTestId('status-printer').textContent()).toMatch(/ready/i)
    await expect.poll(() => page.getByTestId('status-prints').textContent()).toBe('Prints pending: 0')
    const queued = (
      app.backend.ctx.db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE status = 'pending'").get() as { n: number }
    ).n
    expect(queued).toBeGreaterThanOrEqual(9)
    expect(await page.getByTestId('status-pending').textContent()).toContain(String(queued))
    // The sale is in the database exactly once (beside the demo's past-draw tickets).
    const db = app.backend.ctx.db
    expect(db.prepare(`SELECT COUNT(*) AS n FROM tickets WHERE ${TODAY}`).get()).toEqual({ n: 4 })
    expect(db.prepare(`SELECT COUNT(DISTINCT transaction_id) AS n FROM sales WHERE ${NOT_DEMO}`).get()).toEqual({
      n: 1,
    })
  })

  it('tells the cashier a PIN is wrong and logs nobody in', async () => {
    app = await startApp(browser)
    await loginAs(app.page, 'chloe', '9999')
    await app.page.getByTestId('login-error').waitFor()
    expect(await app.page.getByTestId('login-error').textContent()).toMatch(/Wrong PIN\. 4 tries left/)
    expect(await app.page.getByTestId('game-PICK3').count()).toBe(0)
  })

  it('asks for confirmation above the configured total before selling', async () => {
    app = await startApp(browser)
    const { page } = app
    await loginAs(page, 'carlos', '1111')
    await page.getByTestId('game-MEGA').waitFor()
    await page.keyboard.type('10')
    await page.keyboard.press('F3')
    await expect.poll(() => page.getByTestId('cart-total').textContent()).toContain('$52.50')
    await page.keyboard.press('Enter')
    await page.getByTestId('confirm-dialog').waitFor()
    expect(app.backend.ctx.db.prepare(`SELECT COUNT(*) AS n FROM sales WHERE ${NOT_DEMO}`).get()).toEqual({ n: 0 })
    await page.getByTestId('confirm-yes').click()
    await page.getByTestId('sale-done').waitFor()
    await expect.poll(() => page.getByTestId('ticket-row').count()).toBe(10)
  })

  it('shows a price changed by central before charging it, and sells at it on the next Sell', async () => {
    app = await startApp(browser)
    const { page } = app
    await loginAs(page, 'carlos', '1111')
    await page.getByTestId('game-PICK3').click()
    await expect.poll(() => page.getByTestId('cart-total').textContent()).toContain('$1.05')
    // The catalogue pull raises the price while the cart is open.
    app.backend.ctx.db.prepare("UPDATE lotteries SET ticket_price = 150 WHERE code = 'PICK3'").run()
    await page.getByTestId('sell').click()
    await expect.poll(() => page.getByTestId('error-banner').textContent()).toMatch(/Prices changed.*\$1\.58/)
    await expect.poll(() => page.getByTestId('cart-total').textContent()).toContain('$1.58')
    expect(app.backend.ctx.db.prepare(`SELECT COUNT(*) AS n FROM sales WHERE ${NOT_DEMO}`).get()).toEqual({ n: 0 })
    await page.getByTestId('sell').click()
    await page.getByTestId('sale-done').waitFor()
    expect(await page.getByTestId('sale-done').textContent()).toContain('$1.58')
  })

  it('keeps the sale when the printer refuses, and reprints it marked REPRINT once the printer is back', async () => {
    const uri = await closedPortUri()
    app = await startApp(browser, { printerUri: uri })
    const { page } = app
    await loginAs(page, 'carlos', '1111')
    await page.getByTestId('game-PICK3').click()
    await page.getByTestId('sell').click()
    await page.getByTestId('sale-done').waitFor()
    const row = page.getByTestId('ticket-row').first()
    await expect.poll(() => row.getAttribute('data-print-status')).toBe('failed')
    expect(await row.textContent()).toMatch(/refused/i)
    expect(await page.getByTestId('status-printer').textContent()).toMatch(/refused|error/i)
    // The printer comes back on the same address.
    printer = await startFakePrinter({ mode: 'ok', port: Number(new URL(uri.replace('tcp:', 'http:')).port) })
    const [number] = await ticketNumbers(app)
    const id = (
      app.backend.ctx.db.prepare('SELECT _id FROM tickets WHERE ticket_number = ?').get(number) as { _id: string }
    )._id
    await page.getByTestId(`reprint-${id}`).click()
    const bytes = await printer.waitForBytes(formatTicketNumber(number), 5000)
    expect(bytes.toString('latin1')).toContain('REPRINT')
    await expect.poll(() => row.getAttribute('data-print-status')).toBe('printed')
    expect(app.backend.ctx.db.prepare(`SELECT COUNT(*) AS n FROM sales WHERE ${NOT_DEMO}`).get()).toEqual({ n: 1 })
  })

  it('keeps cashiers out of settings, locks the screen, and lets a manager set the printer and print a test page', async () => {
    printer = await startFakePrinter({ mode: 'ok' })
    app = await startApp(browser)
    const { page } = app
    await loginAs(page, 'carlos', '1111')
    await page.getByTestId('game-PICK3').waitFor()
    expect(await page.getByTestId('nav-settings').count()).toBe(0)
    await page.getByTestId('lock').click()
    await page.getByTestId('lock-screen').waitFor()
    expect(
      await page
        .getByTestId('game-PICK3')
        .isVisible()
        .catch(() => false),
    ).toBe(false)
    await page.keyboard.type('1111')
    await page.keyboard.press('Enter')
    await page.getByTestId('game-PICK3').waitFor()
    await page.getByTestId('logout').click()

    await loginAs(page, 'maria', '2580')
    await page.getByTestId('nav-settings').click()
    await page.getByTestId('printer-uri').fill('not a printer')
    await page.getByTestId('printer-save').click()
    await expect.poll(() => page.getByTestId('settings-message').textContent()).toMatch(/tcp:\/\/host:port/)
    await page.getByTestId('printer-uri').fill(printer.uri)
    await page.getByTestId('printer-save').click()
    await page.getByTestId('printer-test').click()
    await printer.waitForBytes('PRINTER TEST', 5000)
    const saved = app.backend.ctx.db.prepare("SELECT value FROM settings WHERE key = 'printer'").get() as {
      value: string
    }
    expect(JSON.parse(saved.value)).toMatchObject({ uri: printer.uri })
  })
})

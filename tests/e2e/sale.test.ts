import { catalogChanged } from '../../electron/catalog/repo'
import { describe, expect, it } from 'vitest'
import { formatTicketNumber } from '../../shared/ticket-number'
import { e2eSuite } from '../support/e2e'
import { closedPortUri } from '../support/fake-printer'

const suite = e2eSuite()

// Every terminal starts with the demo's past-draw tickets; these tests count what they sell themselves.
const NOT_DEMO = "request_id NOT LIKE 'demo-history-%'"
const TODAY = `sale_id IN (SELECT _id FROM sales WHERE ${NOT_DEMO})`

describe('selling at the counter, in Chromium', () => {
  it('logs in, sells 3 + 1 tickets, shows the sale and its preview, and prints every ticket', async () => {
    const printer = await suite.printer({ mode: 'ok' })
    const app = await suite.app({ printerUri: printer.uri })
    const { page, login, sale, status } = app.ui
    await login.as('carlos', '1111')
    await sale.game('PICK3').waitFor()
    // Type the quantity, then the game's hotkey; click the other game.
    await page.keyboard.press('3')
    await page.keyboard.press('F1')
    await sale.game('LOTTO').click()
    await expect.poll(() => sale.cartLine('PICK3').textContent()).toContain('3')
    // 3 x $1 + 1 x $3, 5% tax.
    await expect.poll(() => sale.cartTotal.textContent()).toContain('$6.30')
    await sale.sell.click()
    await sale.done.waitFor()
    expect(await sale.done.textContent()).toContain('$6.30')
    await expect.poll(() => sale.ticketRows.count()).toBe(4)
    const numbers = await sale.ticketNumbers()
    expect(new Set(numbers).size).toBe(4)
    await sale.ticketPreview.waitFor()
    expect(await sale.ticketPreview.getAttribute('src')).toMatch(/^data:image\/svg\+xml/)
    for (const n of numbers) await printer.waitForBytes(formatTicketNumber(n), 5000)
    await expect.poll(() => sale.printStatuses()).toEqual(['printed', 'printed', 'printed', 'printed'])
    // The status bar follows: printer ready, nothing left to print, the sale's records kept for a central that
    // is not set up (issue 10: not a growing "waiting to sync" warning).
    await expect.poll(() => status.printer.textContent()).toMatch(/ready/i)
    await expect.poll(() => status.prints.textContent()).toBe('Prints pending: 0')
    const queued = (
      app.backend.ctx.db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE status = 'pending'").get() as { n: number }
    ).n
    expect(queued).toBeGreaterThanOrEqual(9)
    expect(await status.sync.textContent()).toBe('Sync: not configured (sales are kept on this terminal)')
    expect(await status.pending.count()).toBe(0)
    // The sale is in the database exactly once (beside the demo's past-draw tickets).
    const db = app.backend.ctx.db
    expect(db.prepare(`SELECT COUNT(*) AS n FROM tickets WHERE ${TODAY}`).get()).toEqual({ n: 4 })
    expect(db.prepare(`SELECT COUNT(DISTINCT transaction_id) AS n FROM sales WHERE ${NOT_DEMO}`).get()).toEqual({
      n: 1,
    })
  })

  it('tells the cashier a PIN is wrong and logs nobody in', async () => {
    const { login, sale } = (await suite.app()).ui
    await login.as('chloe', '9999')
    await login.error.waitFor()
    expect(await login.error.textContent()).toMatch(/Wrong PIN\. 4 tries left/)
    expect(await sale.game('PICK3').count()).toBe(0)
  })

  it('asks for confirmation above the configured total before selling', async () => {
    const app = await suite.app()
    const { page, login, sale } = app.ui
    await login.as('carlos', '1111')
    await sale.game('MEGA').waitFor()
    await page.keyboard.type('10')
    await page.keyboard.press('F3')
    await expect.poll(() => sale.cartTotal.textContent()).toContain('$52.50')
    await page.keyboard.press('Enter')
    await sale.confirmDialog.waitFor()
    expect(app.backend.ctx.db.prepare(`SELECT COUNT(*) AS n FROM sales WHERE ${NOT_DEMO}`).get()).toEqual({ n: 0 })
    await sale.confirmYes.click()
    await sale.done.waitFor()
    await expect.poll(() => sale.ticketRows.count()).toBe(10)
  })

  it('shows a price changed by central before charging it, and sells at it on the next Sell', async () => {
    const app = await suite.app()
    const { login, sale, shell } = app.ui
    await login.as('carlos', '1111')
    await sale.game('PICK3').click()
    await expect.poll(() => sale.cartTotal.textContent()).toContain('$1.05')
    // The catalogue pull raises the price while the cart is open.
    app.backend.ctx.db.prepare("UPDATE lotteries SET ticket_price = 150 WHERE code = 'PICK3'").run()
    catalogChanged(app.backend.ctx.db) // what a pull does after writing the catalogue
    await sale.sell.click()
    await expect.poll(() => shell.errorBanner.textContent()).toMatch(/Prices changed.*\$1\.58/)
    await expect.poll(() => sale.cartTotal.textContent()).toContain('$1.58')
    expect(app.backend.ctx.db.prepare(`SELECT COUNT(*) AS n FROM sales WHERE ${NOT_DEMO}`).get()).toEqual({ n: 0 })
    await sale.sell.click()
    await sale.done.waitFor()
    expect(await sale.done.textContent()).toContain('$1.58')
  })

  it('keeps the sale when the printer refuses, and prints it once the printer is back: the original, unmarked', async () => {
    const uri = await closedPortUri()
    const app = await suite.app({ printerUri: uri })
    const { login, sale, status } = app.ui
    await login.as('carlos', '1111')
    await sale.game('PICK3').click()
    await sale.sell.click()
    await sale.done.waitFor()
    const row = sale.ticketRows.first()
    await expect.poll(() => row.getAttribute('data-print-status')).toBe('failed')
    expect(await row.textContent()).toMatch(/refused/i)
    expect(await status.printer.textContent()).toMatch(/refused|error/i)
    // The printer comes back on the same address.
    const printer = await suite.printer({ mode: 'ok', port: Number(new URL(uri.replace('tcp:', 'http:')).port) })
    const [number] = await sale.ticketNumbers()
    const id = (
      app.backend.ctx.db.prepare('SELECT _id FROM tickets WHERE ticket_number = ?').get(number) as { _id: string }
    )._id
    await sale.reprint(id).click()
    const bytes = await printer.waitForBytes(formatTicketNumber(number), 5000)
    // Nothing of it left on the refused connection: this first paper copy is the original (issue 10).
    expect(bytes.toString('latin1')).not.toContain('REPRINT')
    await expect.poll(() => row.getAttribute('data-print-status')).toBe('printed')
    expect(app.backend.ctx.db.prepare(`SELECT COUNT(*) AS n FROM sales WHERE ${NOT_DEMO}`).get()).toEqual({ n: 1 })
  })

  it('keeps cashiers out of settings, locks the screen, and lets a manager set the printer and print a test page', async () => {
    const printer = await suite.printer({ mode: 'ok' })
    const app = await suite.app()
    const { page, login, sale, settings, shell } = app.ui
    await login.as('carlos', '1111')
    await sale.game('PICK3').waitFor()
    expect(await shell.toSettings.count()).toBe(0)
    await shell.lock.click()
    await shell.lockScreen.waitFor()
    expect(
      await sale
        .game('PICK3')
        .isVisible()
        .catch(() => false),
    ).toBe(false)
    await page.keyboard.type('1111')
    await page.keyboard.press('Enter')
    await sale.game('PICK3').waitFor()
    await shell.logout.click()

    await login.as('maria', '2580')
    await shell.toSettings.click()
    await settings.printerUri.fill('not a printer')
    await settings.printerSave.click()
    await expect.poll(() => settings.message.textContent()).toMatch(/tcp:\/\/host:port/)
    await settings.printerUri.fill(printer.uri)
    await settings.printerSave.click()
    await settings.printerTest.click()
    await printer.waitForBytes('PRINTER TEST', 5000)
    const saved = app.backend.ctx.db.prepare("SELECT value FROM settings WHERE key = 'printer'").get() as {
      value: string
    }
    expect(JSON.parse(saved.value)).toMatchObject({ uri: printer.uri })
  })
})

import { catalogChanged } from '../../electron/catalog/repo'
import { describe, expect, it } from 'vitest'
import { formatTicketNumber } from '../../shared/ticket-number'
import path from 'node:path'
import { openApp } from '../../electron/recovery/host'
import { startWebHost } from '../../electron/web/server'
import { e2eSuite, painted, screenshots } from '../support/e2e'
import { SaleExtras } from '../support/pages'
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
    expect(await status.sync.textContent()).toBe('Sync: not set up')
    expect(await status.sync.getAttribute('title')).toMatch(/kept on this terminal/)
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
    // A second Enter by reflex does not answer it (nothing has the focus it would press): Y does.
    expect(await sale.confirmYes.evaluate((el) => el.ownerDocument.activeElement === el)).toBe(false)
    await page.keyboard.press('Enter')
    await painted(page)
    expect(await sale.confirmDialog.isVisible()).toBe(true)
    expect(await sale.confirmYes.textContent()).toBe('Confirm sale Y')
    await page.keyboard.press('y')
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
    // The status bar hears of the printer in its own (coalesced) status push, after or before the ticket's.
    await expect.poll(() => status.printer.textContent()).toMatch(/refused|error/i)
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
    // A cashier's back office is the cash office alone: never Settings.
    await shell.toSettings.click()
    await shell.menu('cash-office').waitFor()
    expect(await shell.menu('settings').count()).toBe(0)
    await page.keyboard.press('Escape')
    await sale.game('PICK3').waitFor()
    await shell.lock.click()
    await shell.lockScreen.waitFor()
    expect(
      await sale
        .game('PICK3')
        .isVisible()
        .catch(() => false),
    ).toBe(false)
    // A wrong PIN is told; Escape starts again and takes the refusal away with the digits.
    await page.keyboard.type('9999')
    await page.keyboard.press('Enter')
    await page.getByTestId('unlock-error').waitFor()
    await page.keyboard.press('Escape')
    await page.getByTestId('unlock-error').waitFor({ state: 'detached' })
    await page.keyboard.type('1111')
    await page.keyboard.press('Enter')
    await sale.game('PICK3').waitFor()
    await shell.logOut()

    await login.as('maria', '2580')
    await shell.openSettings()
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

  it('asks for the cash tendered: 20 then F6 shows the change, the sale and its receipt say it, sale_tenders has it', async () => {
    const app = await suite.app()
    const { page, login, sale } = app.ui
    const x = new SaleExtras(page)
    await login.as('carlos', '1111')
    await sale.game('PICK3').waitFor()
    await page.keyboard.press('3')
    await page.keyboard.press('F1')
    // $3.15 due; the customer hands over $20: typed, then the cash key.
    await page.keyboard.type('20')
    await page.keyboard.press('F6')
    await expect.poll(() => x.tenderInput.inputValue()).toBe('20')
    await expect.poll(() => x.changeDue.textContent()).toBe('$16.85')
    expect(await sale.cartLine('PICK3').textContent()).toContain('3')
    // Too little is refused before anything is sent, in words.
    await x.tenderInput.fill('2')
    await expect.poll(() => x.tenderError.textContent()).toMatch(/\$2\.00 does not cover the total of \$3\.15/)
    await x.quick(2000).click()
    await expect.poll(() => x.changeDue.textContent()).toBe('$16.85')
    await screenshots(app, 'sale-tender')
    await page.keyboard.press('Enter')
    await sale.done.waitFor()
    expect(await x.saleChange.textContent()).toBe('$16.85')
    expect(await x.saleTendered.textContent()).toBe('$20.00')
    const tx = await sale.done.getAttribute('data-transaction-id')
    expect(
      app.backend.ctx.db
        .prepare('SELECT amount_due, amount_tendered, change_due FROM sale_tenders WHERE transaction_id = ?')
        .get(tx),
    ).toEqual({
      amount_due: 315,
      amount_tendered: 2000,
      change_due: 1685,
    })
    await screenshots(app, 'sale-done-change')
  })

  it('refuses a quantity the stock cannot cover as it is added, and asks before Esc clears a cart', async () => {
    const app = await suite.app()
    const { page, login, sale } = app.ui
    const x = new SaleExtras(page)
    app.backend.ctx.db
      .prepare(
        "UPDATE inventory SET remaining_stock = 0 WHERE lottery_id = (SELECT _id FROM lotteries WHERE code = 'KENO')",
      )
      .run()
    app.backend.ctx.db
      .prepare(
        "UPDATE inventory SET remaining_stock = 5 WHERE _id = (SELECT _id FROM inventory WHERE lottery_id = (SELECT _id FROM lotteries WHERE code = 'KENO') LIMIT 1)",
      )
      .run()
    await login.as('carlos', '1111')
    await sale.game('KENO').waitFor()
    await page.keyboard.type('8')
    await sale.game('KENO').click()
    await expect.poll(() => x.cartNotice.textContent()).toBe('Only 5 Keno Express left.')
    expect(await sale.cartCount.textContent()).toBe('5 tickets')
    // Escape asks; Escape again keeps the cart; a scan's Enter answers nothing; Escape then Y clears it.
    await page.keyboard.press('Escape')
    await x.clearDialog.waitFor()
    await page.keyboard.press('Escape')
    await x.clearDialog.waitFor({ state: 'detached' })
    expect(await sale.cartCount.textContent()).toBe('5 tickets')
    await page.keyboard.press('Escape')
    await x.clearDialog.waitFor()
    await screenshots(app, 'clear-cart-dialog')
    await page.keyboard.type('0457100001007')
    await page.keyboard.press('Enter')
    // A frame painted after the key: whatever it did has rendered.
    await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))')
    expect(await x.clearDialog.count()).toBe(1)
    expect(await sale.cartCount.textContent()).toBe('5 tickets')
    await page.keyboard.press('y')
    await expect.poll(() => sale.cartCount.textContent()).toBe('0 tickets')
  })

  it('keeps the cart across a reload and an app restart, and says why the cashier must log in again', async () => {
    const app = await suite.app()
    const { page, login, sale } = app.ui
    const x = new SaleExtras(page)
    await login.as('carlos', '1111')
    await sale.game('PICK3').waitFor()
    await page.keyboard.press('3')
    await page.keyboard.press('F1')
    await sale.game('LOTTO').click()
    await expect.poll(() => sale.cartCount.textContent()).toBe('4 tickets')
    await page.reload()
    await sale.game('PICK3').waitFor()
    await expect.poll(() => sale.cartCount.textContent()).toBe('4 tickets')
    // The app restarts: a new backend on the same data folder, the page on the same address.
    const { port } = app.host
    await app.host.close()
    await app.appHost.close()
    const again = openApp({ dataDir: app.dataDir, configPath: path.join(app.dataDir, 'terminal.json'), log: () => {} })
    const host = await startWebHost(again, { port, staticDir: path.resolve('dist/renderer') })
    try {
      await page.reload()
      await login.screen.waitFor()
      await expect
        .poll(() => x.sessionEnded.textContent())
        .toBe(
          'Carlos Cashier was logged out because the point of sale restarted or the session ended. Log in again to carry on. The cart (4 tickets) was kept and is waiting for you.',
        )
      await screenshots(app, 'login-after-restart')
      await login.as('carlos', '1111')
      await expect.poll(() => sale.cartCount.textContent()).toBe('4 tickets')
      await sale.sell.click()
      await sale.done.waitFor()
      expect(await sale.cartCount.textContent()).toBe('0 tickets')
      expect(again.backend!.ctx.db.prepare(`SELECT COUNT(*) AS n FROM tickets WHERE ${TODAY}`).get()).toEqual({ n: 4 })
      // Sold: nothing is kept any more.
      await page.reload()
      await sale.game('PICK3').waitFor()
      expect(await sale.cartCount.textContent()).toBe('0 tickets')
    } finally {
      await page.context().close()
      await host.close()
      await again.close()
    }
  })

  it('says at once when the backend is unreachable, and stops selling with the reason until it is back', async () => {
    const printer = await suite.printer({ mode: 'ok' })
    const app = await suite.app({ printerUri: printer.uri })
    const { page, login, sale, status } = app.ui
    const x = new SaleExtras(page)
    await login.as('carlos', '1111')
    await sale.sellOne('PICK3')
    await expect.poll(() => status.printer.textContent()).toMatch(/ready/)
    await sale.game('PICK3').click()
    // The web host's backend stops: the event stream drops and the UI asks, finding nobody.
    const { port } = app.host
    await app.host.close()
    await expect.poll(() => x.statusBackend.textContent()).toBe('Backend not reachable: selling is stopped')
    expect(await status.printer.textContent()).not.toMatch(/ready/)
    expect(await sale.sell.isDisabled()).toBe(true)
    expect(await x.sellBlocked.textContent()).toMatch(/Selling is stopped: the point of sale backend is not responding/)
    await screenshots(app, 'backend-gone')
    const sold = app.backend.ctx.db.prepare(`SELECT COUNT(*) AS n FROM sales WHERE ${NOT_DEMO}`).get()
    await page.keyboard.press('Enter')
    expect(app.backend.ctx.db.prepare(`SELECT COUNT(*) AS n FROM sales WHERE ${NOT_DEMO}`).get()).toEqual(sold)
    // Back on the same address: selling resumes, the cart as it was.
    const host = await startWebHost(app.appHost, { port, staticDir: path.resolve('dist/renderer') })
    try {
      await x.statusBackend.waitFor({ state: 'detached' })
      await expect.poll(() => sale.sell.isDisabled()).toBe(false)
      expect(await sale.cartCount.textContent()).toBe('1 ticket')
    } finally {
      await page.context().close()
      await host.close()
    }
  })

  it('shows store time in the status bar, labelled when the computer is in another timezone', async () => {
    const app = await suite.app()
    const { page } = app.ui
    const x = new SaleExtras(page)
    const zone = (await app.backend.dispatcher.dispatch('probe', 'app-info', {})) as {
      ok: true
      value: { store: { timezone: string } }
    }
    expect(zone.value.store.timezone).toBe('America/New_York')
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Emulation.setTimezoneOverride', { timezoneId: 'Europe/Berlin' })
    const at = (d: Date) =>
      d.toLocaleTimeString('en-GB', { timeZone: 'America/New_York', hour: '2-digit', minute: '2-digit', hour12: false })
    const before = at(new Date())
    await expect.poll(() => x.statusClock.textContent()).toMatch(/store time$/)
    expect(await x.statusClock.getAttribute('title')).toMatch(
      /^Store time \(New York\); this computer's own timezone reads/,
    )
    const shown = (await x.statusClock.textContent())!.slice(0, 5)
    expect([before, at(new Date())]).toContain(shown)
    await cdp.send('Emulation.setTimezoneOverride', { timezoneId: 'America/New_York' })
    await expect.poll(() => x.statusClock.textContent()).not.toMatch(/store time/)
  })
})

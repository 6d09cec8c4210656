import { describe, expect, it } from 'vitest'
import { formatTicketNumber } from '../../shared/ticket-number'
import { setSetting } from '../../electron/settings/repo'
import { presented } from '../support/backend'
import type { App } from '../support/browser'
import { e2eSuite, painted, screenshots, type E2eApp } from '../support/e2e'
import { SaleExtras } from '../support/pages'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'
import type { FakePrinter } from '../support/fake-printer'

const suite = e2eSuite()

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
/** axe-core's findings on the page as it is (evaluated: the CSP refuses added script tags). */
async function runAxe(page: Page, selector: string): Promise<{ id: string; impact: string | null; help: string }[]> {
  await page.evaluate(axeSource)
  return page.evaluate(async (within) => {
    const g = globalThis as unknown as {
      axe: {
        run(c: unknown, o: object): Promise<{ violations: { id: string; impact: string | null; help: string }[] }>
      }
      document: { querySelector(s: string): unknown }
    }
    const r = await g.axe.run(g.document.querySelector(within), { resultTypes: ['violations'] })
    return r.violations.map(({ id, impact, help }) => ({ id, impact, help }))
  }, selector)
}

interface Demo {
  _id: string
  ticket_number: string
  validation_code: string
}
/** The demo history's tickets: Pick 3 Match 3, Pick 3 Match 2, a loser, Lotto Match 5, Keno expired. */
const demoTickets = (a: App) =>
  a.backend.ctx.db
    .prepare(
      "SELECT t._id, t.ticket_number, t.validation_code FROM tickets t JOIN sales s ON s._id = t.sale_id WHERE s.request_id LIKE 'demo-history-%' ORDER BY t.ticket_number",
    )
    .all() as Demo[]
const [MATCH3, MATCH2, , LOTTO5] = [0, 1, 2, 3]
const count = (a: App, sql: string) => (a.backend.ctx.db.prepare(sql).get() as { n: number }).n
/** The receipt job that carries `heading`, as text. */
const jobWith = (p: FakePrinter, heading: string) =>
  p
    .jobs()
    .map((j) => j.toString('latin1'))
    .find((j) => j.includes(heading)) ?? ''

/** Carlos logged in at the counter, with a fake printer or none. */
async function start(withPrinter = true): Promise<{ app: E2eApp; printer: FakePrinter | null }> {
  const printer = withPrinter ? await suite.printer({ mode: 'ok' }) : null
  // Carlos's drawer opened with $1,000: the demo's $500 winner is paid out of it.
  const app = await suite.app({ float: 100_000, ...(printer ? { printerUri: printer.uri } : {}) })
  await app.ui.login.as('carlos', '1111')
  await app.ui.sale.game('PICK3').waitFor()
  return { app, printer }
}

describe('claims at the counter, in Chromium', () => {
  it('cancels a ticket of the last sale with a reason, prints the refund slip and marks the row cancelled', async () => {
    const { app, printer } = await start()
    const { page, sale, cancel } = app.ui
    await sale.game('PICK3').click()
    await sale.sell.click()
    await sale.done.waitFor()
    const sold = app.backend.ctx.db
      .prepare("SELECT _id, ticket_number FROM tickets WHERE status = 'sold' ORDER BY created_at DESC LIMIT 1")
      .get() as { _id: string; ticket_number: string }
    await sale.cancel(sold._id).click()
    await cancel.dialog.waitFor()
    // The player hands the ticket back; the cashier scans it (the backend cancels only a presented ticket).
    await cancel.scan.pressSequentially(presented(app.backend, sold._id))
    expect(await cancel.reason.inputValue()).toBe('Sold in error')
    await cancel.reason.fill('Player changed their mind')
    await page.keyboard.press('Enter')
    await cancel.done.waitFor()
    expect(await cancel.refundTotal.textContent()).toBe('$1.05')
    await printer!.waitForBytes('REFUND', 5000)
    expect(jobWith(printer!, 'REFUND')).toContain(formatTicketNumber(sold.ticket_number))
    await expect.poll(() => cancel.receiptStatus.getAttribute('data-printed')).toBe('true')
    expect(await cancel.receiptPreview.getAttribute('src')).toMatch(/^data:image\/svg\+xml/)
    await page.keyboard.press('Enter')
    await cancel.dialog.waitFor({ state: 'detached' })
    const row = sale.ticketRow(sold._id)
    expect(await row.getAttribute('data-status')).toBe('cancelled')
    expect(await row.textContent()).toContain('Cancelled')
    expect(await sale.cancel(sold._id).count()).toBe(0)
    // A cancelled ticket has no copy to print.
    expect(await sale.reprint(sold._id).count()).toBe(0)
    expect(app.backend.ctx.db.prepare('SELECT reason, total_amount FROM cancellations').all()).toEqual([
      { reason: 'Player changed their mind', total_amount: 105 },
    ])
  })

  it('asks for a manager and their PIN above the approval amount, then cancels', async () => {
    const { app } = await start(false)
    const { page, sale, cancel } = app.ui
    setSetting(app.backend.ctx.db, 'cancel_approval_threshold', 100)
    await sale.game('PICK3').click()
    await sale.sell.click()
    await sale.done.waitFor()
    const id = (
      app.backend.ctx.db.prepare("SELECT _id FROM tickets WHERE status = 'sold' ORDER BY created_at DESC").get() as {
        _id: string
      }
    )._id
    await sale.cancel(id).click()
    await cancel.scan.pressSequentially(presented(app.backend, id))
    await cancel.confirm.click()
    await cancel.approver('maria').waitFor()
    expect(await cancel.error.textContent()).toContain("needs a manager's PIN")
    expect(await cancel.approver('carlos').count()).toBe(0)
    // Maria is 3 on the login screen (Carlos, Chloe, Maria): she is 3 here too, and 3 chooses her.
    expect(await cancel.approver('maria').textContent()).toMatch(/^3/)
    await page.keyboard.press('1')
    expect(await cancel.approver('maria').count()).toBe(1)
    await page.keyboard.press('3')
    await cancel.approver('maria').waitFor({ state: 'detached' })
    await page.keyboard.type('0000')
    await page.keyboard.press('Enter')
    await expect.poll(() => cancel.error.textContent()).toMatch(/PIN/i)
    expect(count(app, 'SELECT COUNT(*) AS n FROM cancellations')).toBe(0)
    await page.keyboard.type('2580')
    await page.keyboard.press('Enter')
    await cancel.done.waitFor()
    const maria = (
      app.backend.ctx.db.prepare("SELECT _id FROM users WHERE username = 'maria'").get() as { _id: string }
    )._id
    expect(app.backend.ctx.db.prepare('SELECT approved_by FROM cancellations').get()).toEqual({ approved_by: maria })
  })

  it('validates a typed Match 3 winner, pays it after the cash confirmation, and then says already paid', async () => {
    const { app, printer } = await start()
    const { page, checkTicket, shell } = app.ui
    const t = demoTickets(app)[MATCH3]
    await shell.toCheckTicket.click()
    await checkTicket.check(t)
    await expect.poll(() => checkTicket.outcome()).toBe('winner')
    expect(await checkTicket.outcomeCard.textContent()).toContain('$500.00')
    expect(await checkTicket.message.textContent()).toBe('Winner: Match 3, $500.00. Pay the player.')
    // Once read, the field keeps the ticket number and hides the code: codes are on paper, never on screen.
    await expect.poll(() => checkTicket.input.inputValue()).toBe(`${formatTicketNumber(t.ticket_number)}  ••••••••`)
    expect(await page.getByTestId('validate-digits').textContent()).toMatch(/^Ticket number and code read/)
    // Enter on the same answer pays; this prize needs the cashier to confirm the cash first.
    await page.keyboard.press('Enter')
    await checkTicket.cashConfirmDialog.waitFor()
    expect(await checkTicket.cashConfirmYes.textContent()).toContain('I have $500.00 in cash to pay')
    expect(count(app, 'SELECT COUNT(*) AS n FROM winning_claims')).toBe(0)
    await checkTicket.cashConfirmYes.click()
    await checkTicket.payoutDone.waitFor()
    expect(await checkTicket.payoutDone.getAttribute('data-status')).toBe('paid')
    await printer!.waitForBytes('PRIZE PAID', 5000)
    expect(jobWith(printer!, 'PRIZE PAID')).toContain(formatTicketNumber(t.ticket_number))
    await expect.poll(() => checkTicket.receiptStatus.textContent()).toBe('Receipt printed')
    await checkTicket.check(t)
    await expect.poll(() => checkTicket.outcome()).toBe('already_paid')
    expect(await checkTicket.pay.count()).toBe(0)
    expect(count(app, 'SELECT COUNT(*) AS n FROM winning_claims')).toBe(1)
  })

  it('a scanner burst on the sale screen validates the ticket and never touches the cart or sells', async () => {
    const { app } = await start(false)
    const { page, sale, checkTicket, shell } = app.ui
    const [m3, m2] = [demoTickets(app)[MATCH3], demoTickets(app)[MATCH2]]
    const sales = count(app, 'SELECT COUNT(*) AS n FROM sales')
    await page.keyboard.type(m2.ticket_number + m2.validation_code, { delay: 5 })
    await page.keyboard.press('Enter')
    await checkTicket.screen.waitFor()
    await expect.poll(() => checkTicket.outcome()).toBe('winner')
    expect(await checkTicket.message.textContent()).toContain('Match 2')
    await shell.toSale.click()
    expect(await sale.cartCount.textContent()).toBe('0 tickets')
    expect(await sale.qtyMultiplier.getAttribute('class')).not.toContain('active')
    // With a ticket in the cart, the scan's Enter must not sell it either.
    await sale.game('PICK3').click()
    await page.keyboard.type(m3.ticket_number + m3.validation_code, { delay: 5 })
    await page.keyboard.press('Enter')
    await checkTicket.screen.waitFor()
    await expect.poll(() => checkTicket.message.textContent()).toContain('Match 3')
    await page.keyboard.press('Escape')
    await page.keyboard.press('Escape')
    await sale.screen.waitFor()
    expect(await sale.cartCount.textContent()).toBe('1 ticket')
    expect(await sale.cartLine('PICK3').textContent()).toContain('1')
    expect(count(app, 'SELECT COUNT(*) AS n FROM sales')).toBe(sales)
    // Slow typing still means a quantity: 3 then F1.
    await page.keyboard.press('3')
    await page.keyboard.press('F1')
    await expect.poll(() => sale.cartCount.textContent()).toBe('4 tickets')
  })

  it('prints a not-cashed claim receipt for a prize above the payout limit and pays nothing', async () => {
    const { app, printer } = await start()
    const { page, checkTicket } = app.ui
    const t = demoTickets(app)[LOTTO5]
    await page.keyboard.press('v')
    await checkTicket.check(t)
    await expect.poll(() => checkTicket.outcome()).toBe('winner')
    expect(await checkTicket.message.textContent()).toMatch(/claims at the lottery office/)
    expect(await checkTicket.pay.count()).toBe(0)
    await checkTicket.printClaim.click()
    await checkTicket.payoutDone.waitFor()
    expect(await checkTicket.payoutDone.getAttribute('data-status')).toBe('referred')
    await printer!.waitForBytes('NOT CASHED', 5000)
    expect(count(app, 'SELECT COUNT(*) AS n FROM winning_claims')).toBe(0)
    expect(count(app, "SELECT COUNT(*) AS n FROM tickets WHERE status = 'won'")).toBe(0)
  })

  it('asks for the age confirmation before selling Keno, and lists draw results', async () => {
    const { app } = await start(false)
    const { page, sale, results, shell } = app.ui
    const sales = count(app, 'SELECT COUNT(*) AS n FROM sales')
    expect(await sale.age('KENO').textContent()).toBe('18+')
    await sale.game('KENO').click()
    await page.keyboard.press('Enter')
    await sale.ageDialog.waitFor()
    expect(count(app, 'SELECT COUNT(*) AS n FROM sales')).toBe(sales)
    // Escape backs out without selling; Sell asks again.
    await page.keyboard.press('Escape')
    await sale.ageDialog.waitFor({ state: 'detached' })
    await sale.sell.click()
    await sale.ageDialog.waitFor()
    // Enter never answers for the cashier, who must look at the player: Enter does nothing, N says no, Y yes.
    await page.keyboard.press('Enter')
    await painted(page)
    expect(await sale.ageDialog.isVisible()).toBe(true)
    await page.keyboard.press('n')
    await sale.ageDialog.waitFor({ state: 'detached' })
    expect(count(app, 'SELECT COUNT(*) AS n FROM sales')).toBe(sales)
    await sale.sell.click()
    await page.keyboard.press('y')
    await sale.done.waitFor()
    expect(count(app, 'SELECT COUNT(*) AS n FROM sales')).toBe(sales + 1)
    await shell.toResults.click()
    await expect.poll(() => results.rows.count()).toBe(4)
    expect(await results.rows.first().textContent()).toContain('Daily Pick 3')
  })

  it('offers Cancel only where it can succeed, with the time left, and C cancels a scanned ticket with the cart kept', async () => {
    const { app } = await start(false)
    const { page, sale, cancel } = app.ui
    const x = new SaleExtras(page)
    // Lotto never allows cancelling; Pick 3 does, for 10 minutes.
    await sale.game('LOTTO').click()
    await sale.game('PICK3').click()
    await sale.sell.click()
    await sale.done.waitFor()
    const ids = (code: string) =>
      (
        app.backend.ctx.db
          .prepare(
            "SELECT t._id FROM tickets t JOIN lotteries l ON l._id = t.lottery_id WHERE l.code = ? AND t.status = 'sold' ORDER BY t.created_at DESC LIMIT 1",
          )
          .get(code) as { _id: string }
      )._id
    const [lotto, pick3] = [ids('LOTTO'), ids('PICK3')]
    await expect.poll(() => sale.ticketRows.count()).toBe(2)
    expect(await sale.cancel(lotto).count()).toBe(0)
    expect(await x.noCancel(lotto).getAttribute('title')).toBe('Lotto 6/49 tickets cannot be cancelled.')
    await sale.cancel(pick3).waitFor()
    expect(await x.cancelWindow(pick3).textContent()).toMatch(/cancellable for (10|9) more minutes/)
    await screenshots(app, 'cancel-offered')
    // A new cart is in progress when the player hands the Pick 3 back: C, scan, Enter; the cart stays.
    await sale.game('MEGA').click()
    await page.keyboard.press('c')
    await cancel.dialog.waitFor()
    // The dialog this work built; the screens beneath are checked in the layout suite.
    const axe = await runAxe(page, '[data-testid="cancel-dialog"]')
    expect(axe.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([])
    await screenshots(app, 'cancel-by-key')
    await cancel.scan.pressSequentially(presented(app.backend, pick3))
    await page.keyboard.press('Enter')
    await cancel.done.waitFor()
    await page.keyboard.press('Enter')
    await cancel.dialog.waitFor({ state: 'detached' })
    expect(await sale.cartCount.textContent()).toBe('1 ticket')
    expect(await sale.cartLine('MEGA').count()).toBe(1)
    await expect.poll(() => sale.ticketRow(pick3).getAttribute('data-status')).toBe('cancelled')
    expect(count(app, 'SELECT COUNT(*) AS n FROM cancellations')).toBe(1)
  })
})

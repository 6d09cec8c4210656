import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { formatTicketNumber } from '../../shared/ticket-number'
import { setSetting } from '../../electron/settings/repo'
import { presented } from '../support/backend'
import { launchBrowser, loginAs, startApp, type App } from '../support/browser'
import { startFakePrinter, type FakePrinter } from '../support/fake-printer'

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

async function start(withPrinter = true): Promise<App> {
  printer = withPrinter ? await startFakePrinter({ mode: 'ok' }) : null
  app = await startApp(browser, printer ? { printerUri: printer.uri } : {})
  await loginAs(app.page, 'carlos', '1111')
  await app.page.getByTestId('game-PICK3').waitFor()
  return app
}

/** Types a ticket the way a cashier reads it off the paper: grouped number, a space, the code. */
async function check(page: Page, t: Demo) {
  await page.getByTestId('validate-input').fill('')
  await page
    .getByTestId('validate-input')
    .pressSequentially(`${formatTicketNumber(t.ticket_number)} ${t.validation_code}`)
  await page.keyboard.press('Enter')
}

const outcome = (page: Page) => page.getByTestId('validate-outcome').getAttribute('data-outcome')

describe('claims at the counter, in Chromium', () => {
  it('cancels a ticket of the last sale with a reason, prints the refund slip and marks the row cancelled', async () => {
    const { page } = await start()
    await page.getByTestId('game-PICK3').click()
    await page.getByTestId('sell').click()
    await page.getByTestId('sale-done').waitFor()
    const sold = app!.backend.ctx.db
      .prepare("SELECT _id, ticket_number FROM tickets WHERE status = 'sold' ORDER BY created_at DESC LIMIT 1")
      .get() as { _id: string; ticket_number: string }
    await page.getByTestId(`cancel-${sold._id}`).click()
    await page.getByTestId('cancel-dialog').waitFor()
    // The player hands the ticket back; the cashier scans it (the backend cancels only a presented ticket).
    await page.getByTestId('cancel-scan').pressSequentially(presented(app!.backend, sold._id))
    expect(await page.getByTestId('cancel-reason').inputValue()).toBe('Sold in error')
    await page.getByTestId('cancel-reason').fill('Player changed their mind')
    await page.keyboard.press('Enter')
    await page.getByTestId('cancel-done').waitFor()
    expect(await page.getByTestId('refund-total').textContent()).toBe('$1.05')
    await printer!.waitForBytes('REFUND', 5000)
    expect(jobWith(printer!, 'REFUND')).toContain(formatTicketNumber(sold.ticket_number))
    await expect.poll(() => page.getByTestId('receipt-status').getAttribute('data-printed')).toBe('true')
    expect(await page.getByTestId('receipt-preview').getAttribute('src')).toMatch(/^data:image\/svg\+xml/)
    await page.keyboard.press('Enter')
    await page.getByTestId('cancel-dialog').waitFor({ state: 'detached' })
    const row = page.locator(`[data-testid="ticket-row"][data-ticket-id="${sold._id}"]`)
    expect(await row.getAttribute('data-status')).toBe('cancelled')
    expect(await row.textContent()).toContain('Cancelled')
    expect(await page.getByTestId(`cancel-${sold._id}`).count()).toBe(0)
    expect(app!.backend.ctx.db.prepare('SELECT reason, total_amount FROM cancellations').all()).toEqual([
      { reason: 'Player changed their mind', total_amount: 105 },
    ])
  })

  it('asks for a manager and their PIN above the approval amount, then cancels', async () => {
    const { page } = await start(false)
    setSetting(app!.backend.ctx.db, 'cancel_approval_threshold', 100)
    await page.getByTestId('game-PICK3').click()
    await page.getByTestId('sell').click()
    await page.getByTestId('sale-done').waitFor()
    const id = (
      app!.backend.ctx.db.prepare("SELECT _id FROM tickets WHERE status = 'sold' ORDER BY created_at DESC").get() as {
        _id: string
      }
    )._id
    await page.getByTestId(`cancel-${id}`).click()
    await page.getByTestId('cancel-scan').pressSequentially(presented(app!.backend, id))
    await page.getByTestId('cancel-confirm').click()
    await page.getByTestId('approver-tile-maria').waitFor()
    expect(await page.getByTestId('cancel-error').textContent()).toContain("needs a manager's PIN")
    expect(await page.getByTestId('approver-tile-carlos').count()).toBe(0)
    await page.getByTestId('approver-tile-maria').click()
    await page.keyboard.type('0000')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByTestId('cancel-error').textContent()).toMatch(/PIN/i)
    expect(count(app!, 'SELECT COUNT(*) AS n FROM cancellations')).toBe(0)
    await page.keyboard.type('2580')
    await page.keyboard.press('Enter')
    await page.getByTestId('cancel-done').waitFor()
    const maria = (
      app!.backend.ctx.db.prepare("SELECT _id FROM users WHERE username = 'maria'").get() as { _id: string }
    )._id
    expect(app!.backend.ctx.db.prepare('SELECT approved_by FROM cancellations').get()).toEqual({ approved_by: maria })
  })

  it('validates a typed Match 3 winner, pays it after the cash confirmation, and then says already paid', async () => {
    const { page } = await start()
    const t = demoTickets(app!)[MATCH3]
    await page.getByTestId('nav-validate').click()
    await check(page, t)
    await expect.poll(() => outcome(page)).toBe('winner')
    expect(await page.getByTestId('validate-outcome').textContent()).toContain('$500.00')
    expect(await page.getByTestId('validate-message').textContent()).toBe('Winner: Match 3, $500.00. Pay the player.')
    // Enter on the same answer pays; this prize needs the cashier to confirm the cash first.
    await page.keyboard.press('Enter')
    await page.getByTestId('cash-confirm-dialog').waitFor()
    expect(await page.getByTestId('cash-confirm-yes').textContent()).toContain('I have $500.00 in cash to pay')
    expect(count(app!, 'SELECT COUNT(*) AS n FROM winning_claims')).toBe(0)
    await page.getByTestId('cash-confirm-yes').click()
    await page.getByTestId('payout-done').waitFor()
    expect(await page.getByTestId('payout-done').getAttribute('data-status')).toBe('paid')
    await printer!.waitForBytes('PRIZE PAID', 5000)
    expect(jobWith(printer!, 'PRIZE PAID')).toContain(formatTicketNumber(t.ticket_number))
    await expect.poll(() => page.getByTestId('receipt-status').textContent()).toBe('Receipt printed')
    await check(page, t)
    await expect.poll(() => outcome(page)).toBe('already_paid')
    expect(await page.getByTestId('pay').count()).toBe(0)
    expect(count(app!, 'SELECT COUNT(*) AS n FROM winning_claims')).toBe(1)
  })

  it('a scanner burst on the sale screen validates the ticket and never touches the cart or sells', async () => {
    const { page } = await start(false)
    const [m3, m2] = [demoTickets(app!)[MATCH3], demoTickets(app!)[MATCH2]]
    const sales = count(app!, 'SELECT COUNT(*) AS n FROM sales')
    await page.keyboard.type(m2.ticket_number + m2.validation_code, { delay: 5 })
    await page.keyboard.press('Enter')
    await page.getByTestId('validate-screen').waitFor()
    await expect.poll(() => outcome(page)).toBe('winner')
    expect(await page.getByTestId('validate-message').textContent()).toContain('Match 2')
    await page.getByTestId('nav-sale').click()
    expect(await page.getByTestId('cart-count').textContent()).toBe('0 tickets')
    expect(await page.getByTestId('qty-multiplier').getAttribute('class')).not.toContain('active')
    // With a ticket in the cart, the scan's Enter must not sell it either.
    await page.getByTestId('game-PICK3').click()
    await page.keyboard.type(m3.ticket_number + m3.validation_code, { delay: 5 })
    await page.keyboard.press('Enter')
    await page.getByTestId('validate-screen').waitFor()
    await expect.poll(() => page.getByTestId('validate-message').textContent()).toContain('Match 3')
    await page.keyboard.press('Escape')
    await page.keyboard.press('Escape')
    await page.getByTestId('sale-screen').waitFor()
    expect(await page.getByTestId('cart-count').textContent()).toBe('1 ticket')
    expect(await page.getByTestId('cart-line-PICK3').textContent()).toContain('1')
    expect(count(app!, 'SELECT COUNT(*) AS n FROM sales')).toBe(sales)
    // Slow typing still means a quantity: 3 then F1.
    await page.keyboard.press('3')
    await page.keyboard.press('F1')
    await expect.poll(() => page.getByTestId('cart-count').textContent()).toBe('4 tickets')
  })

  it('prints a not-cashed claim receipt for a prize above the payout limit and pays nothing', async () => {
    const { page } = await start()
    const t = demoTickets(app!)[LOTTO5]
    await page.keyboard.press('v')
    await check(page, t)
    await expect.poll(() => outcome(page)).toBe('winner')
    expect(await page.getByTestId('validate-message').textContent()).toMatch(/claims at the lottery office/)
    expect(await page.getByTestId('pay').count()).toBe(0)
    await page.getByTestId('print-claim').click()
    await page.getByTestId('payout-done').waitFor()
    expect(await page.getByTestId('payout-done').getAttribute('data-status')).toBe('referred')
    await printer!.waitForBytes('NOT CASHED', 5000)
    expect(count(app!, 'SELECT COUNT(*) AS n FROM winning_claims')).toBe(0)
    expect(count(app!, "SELECT COUNT(*) AS n FROM tickets WHERE status = 'won'")).toBe(0)
  })

  it('asks for the age confirmation before selling Keno, and lists draw results', async () => {
    const { page } = await start(false)
    const sales = count(app!, 'SELECT COUNT(*) AS n FROM sales')
    expect(await page.getByTestId('age-KENO').textContent()).toBe('18+')
    await page.getByTestId('game-KENO').click()
    await page.keyboard.press('Enter')
    await page.getByTestId('age-dialog').waitFor()
    expect(count(app!, 'SELECT COUNT(*) AS n FROM sales')).toBe(sales)
    // Escape backs out without selling; Sell asks again.
    await page.keyboard.press('Escape')
    await page.getByTestId('age-dialog').waitFor({ state: 'detached' })
    await page.getByTestId('sell').click()
    await page.getByTestId('age-yes').click()
    await page.getByTestId('sale-done').waitFor()
    expect(count(app!, 'SELECT COUNT(*) AS n FROM sales')).toBe(sales + 1)
    await page.getByTestId('nav-results').click()
    await expect.poll(() => page.getByTestId('result-row').count()).toBe(4)
    expect(await page.getByTestId('result-row').first().textContent()).toContain('Daily Pick 3')
  })
})

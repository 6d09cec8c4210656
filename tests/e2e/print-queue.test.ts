import { describe, expect, it } from 'vitest'
import { formatTicketNumber } from '../../shared/ticket-number'
import { axeFindings } from '../support/axe'
import { frozenClock } from '../support/backend'
import { screenshots } from '../support/e2e'
import { e2eSuite } from '../support/e2e'
import { closedPortUri } from '../support/fake-printer'
import { PrintQueueDialog } from '../support/pages'

const suite = e2eSuite()

describe('tickets that did not print, in Chromium', () => {
  it('lists them from the status bar, prints one as the original, and voids another with a manager', async () => {
    const uri = await closedPortUri()
    const clock = frozenClock('2026-11-21T15:00:00Z')
    const app = await suite.app({ printerUri: uri, backend: { clock, monotonic: clock.monotonic } })
    const { page, login, sale, status } = app.ui
    const queue = new PrintQueueDialog(page)
    await login.as('carlos', '1111')
    await sale.game('PICK3').waitFor()
    await page.keyboard.press('2')
    await page.keyboard.press('F1')
    await sale.sell.click()
    await sale.done.waitFor()
    await expect.poll(() => sale.printStatuses()).toEqual(['failed', 'failed'])
    await expect.poll(() => status.prints.textContent()).toBe('Prints pending: 2')
    const [first, second] = app.backend.ctx.db
      .prepare(
        "SELECT _id, ticket_number FROM tickets WHERE status = 'sold' AND print_status = 'failed' ORDER BY ticket_number",
      )
      .all() as {
      _id: string
      ticket_number: string
    }[]

    // The status bar's count opens the list: sale, game, time and the printer's error for each.
    await queue.open.click()
    await queue.dialog.waitFor()
    await expect.poll(() => queue.rows.count()).toBe(2)
    expect(await queue.row(first._id).textContent()).toMatch(/TX-.*Daily Pick 3.*refused/s)
    expect(await axeFindings(page, '[data-testid="print-queue"]')).toEqual([])
    expect(await axeFindings(page, 'footer')).toEqual([])
    await screenshots(app, 'print-queue')

    // The printer is back on its address: the first paper copy is the original, not a REPRINT.
    const printer = await suite.printer({ mode: 'ok', port: Number(new URL(uri.replace('tcp:', 'http:')).port) })
    await queue.printOne(first._id).click()
    const bytes = await printer.waitForBytes(formatTicketNumber(first.ticket_number), 5000)
    expect(bytes.toString('latin1')).not.toContain('REPRINT')
    await expect.poll(() => queue.rows.count()).toBe(1)
    await page.keyboard.press('Escape')
    await queue.dialog.waitFor({ state: 'detached' })

    // P opens it from the sale screen; the cashier voids the other ticket with the manager's PIN.
    await printer.close()
    await page.keyboard.press('p')
    await queue.dialog.waitFor()
    await queue.voidTicket(second._id).click()
    await queue.voidConfirm.click()
    await queue.approver('maria').click()
    await page.keyboard.type('2580')
    await page.keyboard.press('Enter')
    await queue.voidDone.waitFor()
    expect(await queue.voidRefund.textContent()).toBe('$1.05')
    // The printer is gone: the slip did not print, and nothing promises a reprint of it.
    const slip = await page.getByTestId('receipt-status').textContent()
    expect(slip).toMatch(/^Receipt not printed: .*keep this screen for the customer\.$/)
    expect(slip).not.toMatch(/then reprint/)
    expect(await axeFindings(page, '[data-testid="void-dialog"]')).toEqual([])
    await screenshots(app, 'print-queue-void')
    await queue.voidClose.click()
    await queue.empty.waitFor()
    await expect.poll(() => status.prints.textContent()).toBe('Prints pending: 0')
    const row = app.backend.ctx.db.prepare('SELECT total_amount FROM cancellations WHERE ticket_id = ?').get(second._id)
    expect(row).toEqual({ total_amount: 105 })
  })

  it('a copy of a printed ticket: a cashier gets a manager to approve it, a manager prints it straight away', async () => {
    const printer = await suite.printer({ mode: 'ok' })
    const app = await suite.app({ printerUri: printer.uri })
    const { page, login, sale, shell } = app.ui
    await login.as('carlos', '1111')
    await sale.sellOne('PICK3')
    await expect.poll(() => sale.printStatuses()).toEqual(['printed'])
    const id = (await sale.ticketRows.first().getAttribute('data-ticket-id'))!
    const approval = page.getByTestId('reprint-approval')
    await sale.reprint(id).click()
    await approval.waitFor()
    expect(await page.getByTestId('reprint-approval-message').textContent()).toMatch(/needs a manager's PIN/)
    expect(await axeFindings(page, '[data-testid="reprint-approval"]')).toEqual([])
    // Maria is 3 on the login screen; a wrong PIN prints nothing.
    await page.keyboard.press('3')
    await page.keyboard.type('0000')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByTestId('reprint-approval-message').textContent()).toMatch(/^Wrong PIN for Maria/)
    await page.keyboard.type('2580')
    await page.keyboard.press('Enter')
    await approval.waitFor({ state: 'detached' })
    // Each copy carries the REPRINT mark (at its head and its foot): count the first copy's marks.
    const copies = () =>
      (
        printer
          .received()
          .toString('latin1')
          .match(/REPRINT/g) ?? []
      ).length
    await expect.poll(copies).toBeGreaterThan(0)
    await app.backend.printer.idle()
    const perCopy = copies()
    // The manager's own session approves a copy: F5 prints it without a second PIN.
    await shell.logOut()
    await login.as('maria', '2580')
    await sale.game('PICK3').waitFor()
    await page.keyboard.press('F5')
    await expect.poll(copies).toBe(2 * perCopy)
    expect(await approval.count()).toBe(0)
  })
})

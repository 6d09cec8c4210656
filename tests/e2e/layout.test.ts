import fs from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { axeFindings, covered, cutOff, offScreen } from '../support/axe'
import { describeDemoTickets } from '../../electron/demo/history'
import { setSetting } from '../../electron/settings/repo'
import { e2eSuite, type E2eApp } from '../support/e2e'

const suite = e2eSuite()

const SIZES = [
  [1024, 768],
  [1280, 800],
] as const

/** What must never be cut at the counter's screen sizes: ticket numbers, buttons, status-bar words, fields. */
const MUST_FIT = [
  '.ticket-number',
  'button',
  'footer[aria-label="Terminal status"] > *',
  'input:not([type=checkbox]):not([type=radio])',
  'select',
].join(', ')

/**
 * At both counter sizes: a screenshot into test-results/ (to be looked at), no serious or critical axe-core
 * finding, and nothing a cashier must read cut off. Returns every problem found, labelled by screen and size.
 */
async function look(a: E2eApp, name: string): Promise<string[]> {
  const problems: string[] = []
  for (const [w, h] of SIZES) {
    await a.page.setViewportSize({ width: w, height: h })
    await a.page.screenshot({ path: `test-results/screen-${name}-${w}x${h}.png` })
    for (const f of await axeFindings(a.page)) problems.push(`${name} ${w}x${h}: ${f}`)
    for (const c of await cutOff(a.page, MUST_FIT)) problems.push(`${name} ${w}x${h}: cut off: ${c}`)
    for (const c of await offScreen(a.page)) problems.push(`${name} ${w}x${h}: off the screen: ${c}`)
    for (const c of await covered(a.page, `${MUST_FIT}, [data-testid="ticket-row"] > span`))
      problems.push(`${name} ${w}x${h}: covered: ${c}`)
  }
  return problems
}

const press = (page: Page, key: string) => page.keyboard.press(key)

/**
 * The controls that must be whole inside their panel and above the status bar (a panel that overflows pushes
 * Sell under it): those that stick out, with where.
 */
async function inPanel(page: Page, panel: string, controls: string): Promise<string[]> {
  const box = (await page.locator(panel).boundingBox())!
  const bar = (await page.locator('footer[aria-label="Terminal status"]').boundingBox())!
  const size = page.viewportSize()!
  const out: string[] = []
  for (const c of await page.locator(controls).all()) {
    const b = (await c.boundingBox())!
    const name = (await c.textContent())?.trim().slice(0, 30)
    if (
      b.x < box.x - 1 ||
      b.x + b.width > box.x + box.width + 1 ||
      b.y + b.height > Math.min(box.y + box.height, bar.y) + 1
    )
      out.push(`${size.width}x${size.height}: "${name}" sticks out of its panel or under the status bar`)
  }
  return out
}

describe('every screen and dialog at 1024x768 and 1280x800, in Chromium', () => {
  it('has no serious accessibility finding and cuts nothing a cashier or manager reads', async () => {
    const printer = await suite.printer({ mode: 'ok' })
    const a = await suite.app({ printerUri: printer.uri })
    const { page, login, sale, shell, checkTicket } = a.ui
    const problems: string[] = []
    await login.screen.waitFor()
    problems.push(...(await look(a, 'login')))
    await login.tile('carlos').click()
    problems.push(...(await look(a, 'login-pin')))
    await page.keyboard.type('1111')
    await press(page, 'Enter')
    await sale.game('PICK3').waitFor()
    problems.push(...(await look(a, 'sale-empty')))
    // A sale of two games, then a cart of two lines beside its last-sale panel.
    await sale.game('PICK3').click()
    await sale.game('LOTTO').click()
    await sale.sell.click()
    await sale.done.waitFor()
    await expect.poll(() => sale.printStatuses()).toEqual(['printed', 'printed'])
    await sale.game('PICK3').click()
    await sale.game('MEGA').click()
    problems.push(...(await look(a, 'sale-last-sale-and-cart')))
    // A third line asked past its limit: its notice takes room, and Sell and the quick amounts must still show.
    await page.keyboard.type('999')
    await page.keyboard.press('F2')
    await page.getByTestId('cart-notice').waitFor()
    // And the cheapest game's limit: a total past $60 gives four quick amounts ($65, $70, $80 and Exact).
    await page.keyboard.type('999')
    await page.keyboard.press('F1')
    await expect.poll(() => page.locator('[data-testid="tender"] button').count()).toBe(4)
    problems.push(...(await look(a, 'sale-cart-notice')))
    for (const [w, h] of SIZES) {
      await page.setViewportSize({ width: w, height: h })
      problems.push(
        ...(await inPanel(page, '[aria-label="Cart"]', '[data-testid="sell"], [data-testid="tender"] button')),
      )
    }
    await shell.toCheckTicket.click()
    await checkTicket.screen.waitFor()
    // All 26 digits typed (a ticket number and its code) must show whole.
    await checkTicket.input.fill('0001-007-0000000001-5 12345678')
    problems.push(...(await look(a, 'check-ticket')))
    await shell.toResults.click()
    await a.ui.results.screen.waitFor()
    problems.push(...(await look(a, 'results')))
    await shell.lock.click()
    await shell.lockScreen.waitFor()
    problems.push(...(await look(a, 'lock')))
    await page.keyboard.type('1111')
    await press(page, 'Enter')
    await shell.lockScreen.waitFor({ state: 'detached' })
    // Carlos's shift is open: Log out says so before it logs him out.
    await shell.logout.click()
    await shell.logoutDialog.waitFor()
    problems.push(...(await look(a, 'dialog-logout')))
    await page.getByTestId('logout-yes').click()
    await login.screen.waitFor()
    await login.as('maria', '2580')
    await sale.game('PICK3').waitFor()
    problems.push(...(await look(a, 'sale-manager')))
    await shell.openSettings()
    await a.ui.settings.screen.waitFor()
    // No central is set up here: the records are kept, not late.
    expect(await page.locator('dt:has(+ [data-testid="sync-pending"])').textContent()).toBe('Kept on this terminal')
    problems.push(...(await look(a, 'settings')))
    // The diagnostics bundle: written into the data folder, its path and checks shown, saved from the browser.
    await page.getByTestId('diagnostics-export').click()
    const file = await page.getByTestId('diagnostics-file').textContent()
    expect(file?.startsWith(path.join(a.dataDir, 'diagnostics'))).toBe(true)
    expect(fs.existsSync(file!)).toBe(true)
    expect(await page.getByTestId('diagnostics-download').getAttribute('download')).toBe(path.basename(file!))
    await page.getByTestId('diagnostics-result').scrollIntoViewIfNeeded()
    problems.push(...(await look(a, 'settings-diagnostics')))
    expect(problems).toEqual([])
  })

  it('has none in any dialog either: numbers, clear cart, age, confirm, print queue, cancel, cash', async () => {
    const a = await suite.app({ float: 100_000 })
    const { page, login, sale, checkTicket, shell, cancel } = a.ui
    const db = a.backend.ctx.db
    setSetting(db, 'confirm_threshold', 100)
    setSetting(db, 'cancel_approval_threshold', 0)
    const problems: string[] = []
    await login.as('carlos', '1111')
    await sale.game('PICK3').waitFor()
    await sale.game('LOTTO').click()
    await page.getByTestId('picks-LOTTO').click()
    await page.getByTestId('picks-dialog').waitFor()
    problems.push(...(await look(a, 'dialog-numbers')))
    await page.getByTestId('picks-cancel').click()
    await press(page, 'Escape')
    await page.getByTestId('clear-cart').waitFor()
    problems.push(...(await look(a, 'dialog-clear-cart')))
    await press(page, 'Escape')
    await sale.game('KENO').click()
    await sale.sell.click()
    await sale.ageDialog.waitFor()
    problems.push(...(await look(a, 'dialog-age')))
    await sale.ageYes.click()
    await sale.confirmDialog.waitFor()
    problems.push(...(await look(a, 'dialog-confirm')))
    await sale.confirmYes.click()
    await sale.done.waitFor()
    // No printer here: the sale's tickets wait in the print queue.
    await press(page, 'p')
    await page.getByTestId('print-queue').waitFor()
    problems.push(...(await look(a, 'dialog-print-queue')))
    await press(page, 'Escape')
    await page.getByTestId('print-queue').waitFor({ state: 'detached' })
    await press(page, 'c')
    await cancel.dialog.waitFor()
    problems.push(...(await look(a, 'dialog-cancel')))
    const pick = describeDemoTickets(db)[0]
    await cancel.scan.fill(pick.scan)
    await cancel.confirm.click()
    await cancel.error.waitFor()
    problems.push(...(await look(a, 'dialog-cancel-refused')))
    await press(page, 'Escape')
    await shell.toCheckTicket.click()
    await checkTicket.input.fill(pick.scan)
    await press(page, 'Enter')
    await checkTicket.pay.waitFor()
    problems.push(...(await look(a, 'check-ticket-winner')))
    // The winner's Pay is in view on the smallest counter screen, without scrolling.
    await page.setViewportSize({ width: 1024, height: 768 })
    const inView = await checkTicket.pay.evaluate((el) => {
      const r = el.getBoundingClientRect()
      return r.top >= 0 && r.bottom <= (globalThis as unknown as { innerHeight: number }).innerHeight
    })
    expect(inView).toBe(true)
    await checkTicket.pay.click()
    await checkTicket.cashConfirmDialog.or(checkTicket.payoutDone).first().waitFor()
    problems.push(...(await look(a, 'dialog-cash-or-paid')))
    expect(problems).toEqual([])
  })

  it('steps the preview through the last sale with the arrows and scrolls it with Page Down', async () => {
    const printer = await suite.printer({ mode: 'ok' })
    const a = await suite.app({ printerUri: printer.uri })
    const { page, login, sale } = a.ui
    await login.as('carlos', '1111')
    await sale.game('PICK3').waitFor()
    await page.keyboard.press('3')
    await page.keyboard.press('F1')
    await sale.sell.click()
    await sale.done.waitFor()
    const ids = await sale.ticketRows.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-ticket-id')))
    const shown = () => sale.ticketPreview.getAttribute('data-ticket-id')
    const position = page.getByTestId('preview-position')
    await expect.poll(shown).toBe(ids[2])
    expect(await position.textContent()).toBe('Ticket 3 of 3')
    await press(page, 'ArrowLeft')
    await expect.poll(shown).toBe(ids[1])
    await press(page, 'ArrowLeft')
    await press(page, 'ArrowLeft')
    await expect.poll(shown).toBe(ids[0])
    expect(await position.textContent()).toBe('Ticket 1 of 3')
    await press(page, 'ArrowRight')
    await expect.poll(shown).toBe(ids[1])
    const box = page.getByTestId('ticket-preview-box')
    await page.setViewportSize({ width: 1024, height: 768 })
    expect(await box.evaluate((e) => e.scrollTop)).toBe(0)
    expect(await box.evaluate((e) => e.scrollHeight > e.clientHeight)).toBe(true)
    await press(page, 'PageDown')
    await expect.poll(() => box.evaluate((e) => e.scrollTop)).toBeGreaterThan(0)
    await press(page, 'PageUp')
    await expect.poll(() => box.evaluate((e) => e.scrollTop)).toBe(0)
    // Real size: the paper is the 72 mm a thermal printer prints on 80 mm rolls.
    const mm = await page.evaluate(() => {
      const g = globalThis as unknown as {
        document: {
          body: { appendChild(e: unknown): void; removeChild(e: unknown): void }
          createElement(t: string): { style: { width: string }; offsetWidth: number }
        }
      }
      const probe = g.document.createElement('div')
      probe.style.width = '72mm'
      g.document.body.appendChild(probe)
      const w = probe.offsetWidth
      g.document.body.removeChild(probe)
      return w
    })
    expect(await sale.ticketPreview.evaluate((e) => (e as unknown as { offsetWidth: number }).offsetWidth)).toBe(mm)
  })

  it('the cash office too: the open-shift and cash dialogs, the blind count, the sign-off, the day and the week', async () => {
    const a = await suite.app({ shift: false })
    const { page, login, shell, cash } = a.ui
    const problems: string[] = []
    await login.as('carlos', '1111')
    await cash.openDialog.waitFor()
    problems.push(...(await look(a, 'open-shift')))
    await cash.mode('float', 'pieces').click()
    problems.push(...(await look(a, 'open-shift-pieces')))
    await cash.piece('float', 'bill:2000').fill('5')
    await cash.openSubmit.click()
    await cash.openDialog.waitFor({ state: 'detached' })
    await page.keyboard.press('F9')
    await cash.screen.waitFor()
    problems.push(...(await look(a, 'cash-office-cashier')))
    await cash.move('pay_out').click()
    await cash.moveDialog.waitFor()
    problems.push(...(await look(a, 'pay-out')))
    await page.keyboard.press('Escape')
    await cash.moveDialog.waitFor({ state: 'detached' })
    await cash.closeStart.click()
    await cash.mode('count-cash', 'pieces').click()
    problems.push(...(await look(a, 'blind-count')))
    await cash.mode('count-cash', 'total').click()
    await cash.countTotal.fill('10.00')
    // The demo's instant pack on sale: its next ticket, none of it sold.
    await page.getByTestId('book-100001').fill('0')
    await cash.countSubmit.click()
    await page.getByTestId('count-confirm').waitFor()
    problems.push(...(await look(a, 'count-confirm')))
    await page.getByTestId('count-confirm-submit').click()
    await cash.signOff.waitFor()
    problems.push(...(await look(a, 'sign-off')))
    await cash.signOffNote.fill('Float miscounted at open')
    await page.getByTestId('sign-off-next').click()
    problems.push(...(await look(a, 'sign-off-manager')))
    await shell.logOut()
    await login.as('maria', '2580')
    await a.ui.sale.screen.waitFor()
    await page.keyboard.press('F9')
    await shell.menu('cash-office').click()
    await cash.screen.waitFor()
    problems.push(...(await look(a, 'cash-office-manager')))
    await shell.menu('end-of-day').click()
    await cash.verdict.waitFor()
    problems.push(...(await look(a, 'end-of-day')))
    await shell.menu('settlement').click()
    await page.getByTestId('settlement-due').waitFor()
    problems.push(...(await look(a, 'settlement')))
    expect(problems).toEqual([])
  })
})

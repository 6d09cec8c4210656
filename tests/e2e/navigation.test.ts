import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { contract } from '../../shared/contract'
import { e2eSuite, type E2eApp } from '../support/e2e'

const suite = e2eSuite()

// Every terminal starts with the demo's past-draw tickets; these tests count the sales they make (a
// sale of several games is one transaction of several sale records).
const salesMade = (a: E2eApp) =>
  (
    a.backend.ctx.db
      .prepare("SELECT COUNT(DISTINCT transaction_id) AS n FROM sales WHERE request_id NOT LIKE 'demo-history-%'")
      .get() as { n: number }
  ).n

// Controls of the sale screen the page objects do not name yet.
const quantity = (page: Page) => page.getByTestId('cart-line-PICK3').getAttribute('data-quantity')

/** Handler names the page asked the backend for, in order. */
function calls(page: Page): string[] {
  const names: string[] = []
  page.on('request', (r) => {
    if (!r.url().endsWith('/api/invoke')) return
    const body = r.postDataJSON() as { name?: string } | null
    if (body?.name) names.push(body.name)
  })
  return names
}

describe('keys and navigation, in Chromium', () => {
  it('Enter or Space on a focused control does what the control says and never sells the cart', async () => {
    const printer = await suite.printer({ mode: 'ok' })
    const a = await suite.app({ printerUri: printer.uri })
    const { page, login, sale, shell } = a.ui
    await login.as('carlos', '1111')
    // One sale first, so the last-sale panel shows its Reprint and Cancel buttons.
    await sale.sellOne('PICK3')
    expect(salesMade(a)).toBe(1)
    const ticketId = await sale.ticketRows.first().getAttribute('data-ticket-id')

    /** Two Pick 3 tickets in the cart, whatever the last step left there. */
    const fillCart = async () => {
      await sale.screen.waitFor()
      if ((await sale.cartLine('PICK3').count()) === 0) await sale.game('PICK3').click()
      for (let q = Number(await quantity(page)); q !== 2; q += q < 2 ? 1 : -1) {
        await page.getByTestId(q < 2 ? 'qty-inc-PICK3' : 'qty-dec-PICK3').click()
        await expect.poll(() => quantity(page)).toBe(String(q < 2 ? q + 1 : q - 1))
      }
    }
    /** Back on the sale screen with no sale on its way (Sell is busy from the key press to the answer), and none made. */
    const settled = async (why = 'a key sold the cart') => {
      await sale.screen.waitFor()
      await expect.poll(() => sale.sell.getAttribute('aria-busy')).toBe('false')
      expect(salesMade(a), why).toBe(1)
    }
    /** Focuses a control, presses the key, checks what the control did and that nothing was sold. */
    const press = async (testid: string, effect: () => Promise<unknown>, key = 'Enter') => {
      await fillCart()
      await page.getByTestId(testid).focus()
      await page.keyboard.press(key)
      // The sale count first: a key that sold the cart did not do what the control says either.
      const failed = await effect().then(
        () => null,
        (e: unknown) => e,
      )
      await settled(`${key} on ${testid} sold the cart`)
      if (failed) throw failed
    }
    const checked = (testid: string) => () =>
      expect.poll(() => page.getByTestId(testid).getAttribute('aria-checked')).toBe('true')
    // A reprint is asked for: the backend answers on the banner (sent, or a reason it will not print), or, for a
    // ticket that printed, by asking for a manager (the approval dialog, left with its back button).
    const answered = async () => {
      const banner = page.locator('[data-testid="info-banner"], [data-testid="error-banner"]')
      const approval = page.getByTestId('reprint-approval')
      await banner.or(approval).first().waitFor()
      if (await approval.count()) {
        await page.getByTestId('reprint-approval-back').click()
        await approval.waitFor({ state: 'detached' })
        return
      }
      await banner.getByRole('button').click()
      await banner.waitFor({ state: 'detached' })
    }
    const opensAndLeaves = (screen: string) => async () => {
      await page.getByTestId(screen).waitFor()
      await page.keyboard.press('Escape')
    }

    await press('pay-card', checked('pay-card'))
    await press('pay-wallet', checked('pay-wallet'))
    await press('pay-cash', checked('pay-cash'))
    await press('pay-card', checked('pay-card'), ' ')
    await press('qty-inc-PICK3', () => expect.poll(() => quantity(page)).toBe('3'))
    await press('qty-dec-PICK3', () => expect.poll(() => quantity(page)).toBe('1'))
    await press('picks-PICK3', async () => {
      await page.getByTestId('picks-dialog').waitFor()
      await page.getByTestId('picks-cancel').click()
    })
    await press('remove-PICK3', () => expect.poll(() => sale.cartLine('PICK3').count()).toBe(0))
    await press('clear-cart', () => expect.poll(() => sale.cartCount.textContent()).toBe('0 tickets'))
    await press('reprint-last', answered)
    await press(`reprint-${ticketId}`, answered)
    await press(`cancel-${ticketId}`, async () => {
      await a.ui.cancel.dialog.waitFor()
      await page.getByTestId('cancel-back').click()
      await a.ui.cancel.dialog.waitFor({ state: 'detached' })
    })
    await press('nav-validate', opensAndLeaves('validate-screen'))
    await press('nav-results', opensAndLeaves('results-screen'))
    await press('lock', async () => {
      await shell.lockScreen.waitFor()
      await page.keyboard.type('1111')
      await page.keyboard.press('Enter')
    })
    await press('logout', async () => {
      // A cart not sold and the shift open: it says so first. Stay keeps both; Log out clears the cart.
      await shell.logoutDialog.waitFor()
      expect(await page.getByTestId('logout-cart').textContent()).toBe('The cart is not sold: logging out clears it.')
      expect(await page.getByTestId('logout-shift').textContent()).toMatch(/^Shift \d+ stays open in your name/)
      await page.keyboard.press('Escape')
      await shell.logoutDialog.waitFor({ state: 'detached' })
      expect(await sale.cartLine('PICK3').count()).toBe(1)
      await shell.logout.click()
      await page.keyboard.press('Enter')
      await login.screen.waitFor()
      await login.as('carlos', '1111')
      await sale.screen.waitFor()
      expect(await sale.cartLine('PICK3').count()).toBe(0)
    })
    // A field: Enter applies the typed quantity.
    await fillCart()
    await page.getByTestId('quantity-PICK3').focus()
    await page.keyboard.type('4')
    await page.keyboard.press('Enter')
    await expect.poll(() => quantity(page)).toBe('4')
    await settled()
    // A game tile reached with Tab adds its game; it does not sell either, nor does the next one Tab reaches.
    await sale.game('LOTTO').focus()
    await page.keyboard.press('Enter')
    await sale.cartLine('LOTTO').waitFor()
    await page.keyboard.press('Tab')
    expect(await page.locator(':focus').getAttribute('data-testid')).toBe('game-MEGA')
    await page.keyboard.press('Enter')
    await sale.cartLine('MEGA').waitFor()
    await settled()
    // Sell says what it does.
    await sale.sell.focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => salesMade(a)).toBe(2)
    // The sale is in the database before its answer reaches the screen: the cart is frozen until it does.
    await expect.poll(() => sale.sell.getAttribute('aria-busy')).toBe('false')
    // And with the focus nowhere in particular, Enter is still the cashier's Sell key.
    await fillCart()
    await page.evaluate('document.activeElement && document.activeElement.blur()')
    await page.keyboard.press('Enter')
    await expect.poll(() => salesMade(a)).toBe(3)
  })

  it('shows the back office only to those who may use it, each settings section by its own permission', async () => {
    const a = await suite.app()
    const { page, login, sale, settings, shell } = a.ui
    // A cashier: the back office holds only their cash office (their own shift), by button or key.
    await login.as('carlos', '1111')
    await sale.game('PICK3').waitFor()
    await page.keyboard.press('F9')
    await page.getByTestId('cash-office').waitFor()
    expect(await shell.menu('settings').count()).toBe(0)
    expect(await shell.menu('end-of-day').count()).toBe(0)
    expect(await settings.screen.count()).toBe(0)
    await page.keyboard.press('Escape')
    await sale.screen.waitFor()
    await shell.logOut()

    // A cashier trusted with the store's limits, but not with the printer, sync or audit.
    a.backend.ctx.db.prepare(`UPDATE users SET permissions = '["settings.manage"]' WHERE username = 'chloe'`).run()
    await login.as('chloe', '2222')
    await shell.openSettings()
    await page.getByTestId('threshold-input').waitFor()
    expect(await settings.printerUri.count()).toBe(0)
    expect(await page.getByTestId('sync-settings').count()).toBe(0)
    expect(await page.getByTestId('audit-verify').count()).toBe(0)
    await page.getByTestId('threshold-input').fill('75.00')
    await page.getByTestId('threshold-save').click()
    await expect.poll(() => page.getByTestId('threshold-message').textContent()).toMatch(/^Saved/)
    expect(a.backend.ctx.db.prepare("SELECT value FROM settings WHERE key = 'confirm_threshold'").get()).toMatchObject({
      value: '7500',
    })
    await page.keyboard.press('Escape')
    await sale.screen.waitFor()
    await shell.logOut()

    // A manager: every section.
    await login.as('maria', '2580')
    await sale.screen.waitFor()
    await page.keyboard.press('F9')
    await shell.menu('settings').click()
    await settings.printerUri.waitFor()
    for (const id of ['threshold-input', 'sync-settings', 'audit-verify']) await page.getByTestId(id).waitFor()
  })

  it('a printer port out of range shows the contract message at once, without asking the backend', async () => {
    const a = await suite.app()
    const { page, login, settings, shell } = a.ui
    await login.as('maria', '2580')
    await shell.openSettings()
    await settings.printerUri.waitFor()
    const asked = calls(page)
    await settings.printerUri.fill('tcp://printer.local:70000')
    await settings.printerSave.click()
    const port = contract['printer-set'].args.safeParse({ uri: 'tcp://printer.local:70000' })
    const message = port.success ? '' : port.error.issues[0].message
    expect(message).toMatch(/Port 70000 is not a network port/)
    await expect.poll(() => page.getByTestId('printer-uri-error').textContent()).toBe(message)
    expect(asked).not.toContain('printer-set')
  })
})

import { describe, expect, it } from 'vitest'
import { axeFindings, cutOff } from '../support/axe'
import { e2eSuite, screenshots } from '../support/e2e'

const suite = e2eSuite()

describe('users, in Chromium', () => {
  it('a manager adds a cashier, who logs in with the one-time PIN, must change it, sells; deactivated, their session ends at the next action', async () => {
    const app = await suite.app({ shift: false })
    const { page, login, sale, shell } = app.ui
    const b = app.backend

    // The manager adds Dana from the Users screen and reads the one-time PIN off it.
    await login.as('maria', '2580')
    await page.getByTestId('open-shift-later').click()
    await sale.screen.waitFor()
    await page.keyboard.press('F9')
    await shell.menu('users').click()
    await page.getByTestId('users').waitFor()
    expect(await page.getByTestId('user-maria').textContent()).toContain('manager')
    // A manager cannot touch the admin: no buttons on that row.
    expect(await page.getByTestId('user-alex').getByRole('button').count()).toBe(0)
    await page.getByTestId('user-add').click()
    await page.getByTestId('user-name').fill('Dana Doe')
    await page.getByTestId('user-username').fill('dana')
    await page.getByTestId('user-email').fill('not-an-email')
    await page.getByTestId('user-save').click()
    await expect.poll(() => page.getByTestId('user-form-message').textContent()).toMatch(/Email: not an email/)
    await page.getByTestId('user-email').fill('dana@example.com')
    // A manager may not make a manager: the role list offers only what will be accepted.
    const roles = await page
      .getByTestId('user-role')
      .locator('option')
      .evaluateAll((o) => o.map((x) => (x as { value: string }).value))
    expect(roles).toEqual(['staff', 'accountant'])
    expect(await axeFindings(page, '[data-testid="users"]')).toEqual([])
    await page.getByTestId('user-save').click()
    const first = (await page.getByTestId('one-time-pin-value').textContent())!
    expect(first).toMatch(/^\d{4}$/)
    // Shown where the manager is looking, though the form they saved was further down.
    const inView = (testid: string) =>
      page.getByTestId(testid).evaluate((el) => {
        const r = el.getBoundingClientRect()
        return r.top >= 0 && r.bottom <= (globalThis as unknown as { innerHeight: number }).innerHeight
      })
    await expect.poll(() => inView('one-time-pin')).toBe(true)
    expect(await page.getByTestId('user-dana').textContent()).toContain('one-time PIN')
    expect(await cutOff(page, '[data-testid="users"]')).toEqual([])
    await screenshots(app, 'users')
    await page.getByTestId('one-time-pin-done').click()
    // Reset PIN asks first (it ends the PIN the user has): Keep it changes nothing; Reset PIN gives a new one.
    const audits = () => (b.ctx.db.prepare('SELECT COUNT(*) AS n FROM audit_logs').get() as { n: number }).n
    const before = audits()
    await page.getByTestId('user-reset-dana').click()
    await page.getByTestId('user-reset-confirm-dialog').waitFor()
    expect(await page.locator('#user-reset-confirm-title').textContent()).toBe('Reset the PIN of Dana Doe?')
    expect(await axeFindings(page, '[data-testid="user-reset-confirm-dialog"]')).toEqual([])
    await page.getByTestId('user-reset-confirm-no').click()
    await page.getByTestId('user-reset-confirm-dialog').waitFor({ state: 'detached' })
    expect(await page.getByTestId('one-time-pin').count()).toBe(0)
    expect(audits()).toBe(before)
    await page.getByTestId('user-reset-dana').click()
    await page.getByTestId('user-reset-confirm-yes').click()
    const pin = (await page.getByTestId('one-time-pin-value').textContent())!
    await expect.poll(() => inView('one-time-pin')).toBe(true)
    expect(audits()).toBe(before + 1)
    await page.getByTestId('one-time-pin-done').click()
    // Deactivate asks too; Keep active leaves her as she is.
    await page.getByTestId('user-status-dana').click()
    await page.getByTestId('user-deactivate-confirm-dialog').waitFor()
    await page.keyboard.press('Escape')
    await page.getByTestId('user-deactivate-confirm-dialog').waitFor({ state: 'detached' })
    expect(await page.getByTestId('user-dana').textContent()).not.toContain('inactive')
    expect(audits()).toBe(before + 1)
    await page.getByTestId('logout').first().click()

    // Dana: the one-time PIN opens only Change PIN; a trivial new one is refused on the spot.
    await login.screen.waitFor()
    await login.as('dana', pin)
    await page.getByTestId('pin-change-gate').waitFor()
    expect(await axeFindings(page, '[data-testid="pin-change-gate"]')).toEqual([])
    await screenshots(app, 'users-change-pin')
    await page.keyboard.type(pin)
    await page.keyboard.press('Enter')
    await page.keyboard.type('1234')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByTestId('change-pin-error').textContent()).toMatch(/straight run/)
    await page.keyboard.type('4862')
    await page.keyboard.press('Enter')
    await page.keyboard.type('4862')
    await page.keyboard.press('Enter')
    // Then as any cashier: the shift, and a sale.
    await page.getByTestId('open-shift-submit').click()
    await sale.screen.waitFor()
    await sale.sellOne('PICK3')
    const sold = b.ctx.db
      .prepare("SELECT COUNT(*) AS n FROM sales s JOIN users u ON u._id = s.user_id WHERE u.username = 'dana'")
      .get() as { n: number }
    expect(sold.n).toBe(1)

    // The manager deactivates her (from another screen of the store: the backend's own call); her next action
    // ends the session and the login screen no longer offers her.
    const m = 'e2e-manager'
    const maria = b.ctx.db.prepare("SELECT _id FROM users WHERE username = 'maria'").get() as { _id: string }
    const dana = b.ctx.db.prepare("SELECT _id FROM users WHERE username = 'dana'").get() as { _id: string }
    const r1 = await b.dispatcher.dispatch(m, 'auth-login', { userId: maria._id, pin: '2580' })
    expect(r1.ok).toBe(true)
    const r2 = await b.dispatcher.dispatch(m, 'user-set-status', { id: dana._id, status: 'inactive' })
    expect(r2.ok).toBe(true)
    // Her next action ends the session: a sale by keys (F1, Enter), unless the screen's own next read came first.
    await page.keyboard.press('F1')
    await page.keyboard.press('Enter')
    await login.screen.waitFor()
    await expect.poll(() => login.tile('dana').count()).toBe(0)
    expect(
      (b.ctx.db.prepare('SELECT COUNT(*) AS n FROM sales WHERE user_id = ?').get(dana._id) as { n: number }).n,
    ).toBe(1)
  })
})

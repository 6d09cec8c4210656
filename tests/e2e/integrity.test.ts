import fs from 'node:fs'
import path from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { frozenClock, newRequestId, tempDir, testBackend } from '../support/backend'
import { launchBrowser, loginAs, startApp, type App } from '../support/browser'

let browser: Browser
let app: App | null = null
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(() => browser.close())
afterEach(async () => {
  await app?.close()
  app = null
})

const shot = async (a: App, name: string) => {
  fs.mkdirSync('test-results', { recursive: true })
  for (const [w, h] of [
    [1024, 768],
    [1280, 800],
  ]) {
    await a.page.setViewportSize({ width: w, height: h })
    await a.page.screenshot({ path: `test-results/${name}-${w}x${h}.png` })
  }
}

describe('integrity at the counter, in Chromium', () => {
  it('a damaged database opens the recovery screen; a manager restores the backup and selling resumes', async () => {
    // A terminal that sold, took its daily backup, sold more, and then found its database damaged.
    const dataDir = tempDir('pos-e2e-recovery-')
    const before = testBackend({ dataDir })
    const s = await before.login('carlos')
    const sell = () =>
      before.call(s, 'sale-create', {
        requestId: newRequestId(),
        paymentMethod: 'cash',
        lines: [{ lotteryId: before.gameId('LOTTO'), quantity: 1 }],
      })
    await sell()
    await before.backupIfDue()
    await sell()
    await sell()
    await before.close()
    const file = path.join(dataDir, 'pos.sqlite')
    fs.writeFileSync(file, Buffer.alloc(fs.statSync(file).size, 0x5a))

    app = await startApp(browser, { dataDir })
    const { page } = app
    await page.getByTestId('recovery').waitFor()
    expect(await page.getByTestId('recovery-problem').textContent()).toMatch(/damaged/)
    expect(await page.getByTestId('backup-0').isChecked()).toBe(true)
    await shot(app, 'recovery')
    await page.getByTestId('recovery-manager-maria').click()
    await page.keyboard.type('0000')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByTestId('recovery-error').textContent()).toMatch(/PIN/)
    await page.keyboard.type('2580')
    await page.keyboard.press('Enter')
    // Restored without a restart: the login screen, then a sale whose ticket number is new.
    await loginAs(page, 'carlos', '1111')
    await page.getByTestId('game-LOTTO').click()
    await page.getByTestId('sell').click()
    await page.getByTestId('sale-done').waitFor()
    const numbers = app.backend.ctx.db
      .prepare('SELECT ticket_number FROM tickets ORDER BY ticket_number')
      .all()
      .map((r) => Number((r as { ticket_number: string }).ticket_number.slice(7, 17)))
    // The backup held ticket 1; tickets 2 and 3 were lost with the damaged file and are never issued again.
    expect(numbers.filter((n) => n > 1 && n <= 3)).toEqual([])
    expect(Math.max(...numbers)).toBeGreaterThan(3)
    expect(fs.readdirSync(path.join(dataDir, 'damaged'))).toHaveLength(1)
  })

  it('a clock set back stops selling with a banner; a manager acknowledges a legitimate correction', async () => {
    const clock = frozenClock('2026-11-21T15:00:00Z')
    app = await startApp(browser, { backend: { clock, demoHistory: false } })
    const { page } = app
    await loginAs(page, 'carlos', '1111')
    await page.getByTestId('game-LOTTO').click()
    await page.getByTestId('sell').click()
    await page.getByTestId('sale-done').waitFor()
    // IT sets the computer's clock back a day.
    clock.set('2026-11-20T15:00:00Z')
    await page.getByTestId('game-LOTTO').click()
    await page.getByTestId('sell').click()
    await expect.poll(() => page.getByTestId('error-banner').textContent()).toMatch(/clock/)
    await page.getByTestId('clock-banner').waitFor()
    expect(await page.getByTestId('clock-ack').count()).toBe(0)
    await shot(app, 'clock-behind')
    expect(
      (
        app.backend.ctx.db.prepare("SELECT COUNT(*) AS n FROM notifications WHERE type = 'compliance'").get() as {
          n: number
        }
      ).n,
    ).toBe(1)
    // The manager checks and acknowledges.
    await page.getByTestId('logout').click()
    await loginAs(page, 'maria', '2580')
    await page.getByTestId('clock-note').fill('clock was a day ahead; IT corrected it')
    await page.getByTestId('clock-ack').click()
    await page.getByTestId('clock-banner').waitFor({ state: 'detached' })
    expect(
      app.backend.ctx.db.prepare("SELECT COUNT(*) AS n FROM audit_logs WHERE action = 'clock.acknowledged'").get(),
    ).toEqual({ n: 1 })
  })
})

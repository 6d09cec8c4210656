import { DateTime } from 'luxon'
import { describe, expect, it } from 'vitest'
import { formatCell, type CellFormat } from '../../shared/report-doc'
import { axeFindings, cutOff, offScreen } from '../support/axe'
import { e2eSuite, painted, screenshots } from '../support/e2e'
import { newRequestId } from '../support/backend'

const suite = e2eSuite()
const fmt: CellFormat = { currency: 'USD', locale: 'en-US' }

describe('budgets, in Chromium', () => {
  it('a manager plans a month in three items; a purchase and a day close post themselves; a forecast past its allocation reaches the bell', async () => {
    const app = await suite.app()
    const { page, login, sale, shell } = app.ui
    const b = app.backend
    const month = DateTime.fromJSDate(b.ctx.clock()).setZone(b.ctx.store.timezone)
    const first = month.startOf('month').toISODate()!
    const last = month.endOf('month').toISODate()!
    const call = async (session: string, name: string, args: object = {}) => {
      const r = await b.dispatcher.dispatch(session, name as never, args as never)
      if (!r.ok) throw new Error(`${name}: ${r.error.message}`)
      return r.value as never
    }
    const idOf = (username: string) =>
      (b.ctx.db.prepare('SELECT _id FROM users WHERE username = ?').get(username) as { _id: string })._id

    await login.as('maria', '2580')
    await sale.screen.waitFor()
    await page.keyboard.press('F9')
    await shell.menu('budgets').click()
    await page.getByTestId('budgets').waitFor()
    await page.getByTestId('budget-new').click()
    await page.getByTestId('budget-name').fill('This month')
    await page.getByTestId('budget-total').fill('3000.00')
    await page.getByTestId('budget-first').fill(first)
    await page.getByTestId('budget-last').fill(last)
    const item = async (k: number, category: string, allocated: string) => {
      if (k > 0) await page.getByTestId('budget-add-item').click()
      await page.getByTestId(`budget-item-${k}-category`).fill(category)
      await page.getByTestId(`budget-item-${k}-allocated`).fill(allocated)
    }
    await item(0, 'Merchandise purchases', '2000.00')
    await item(1, 'Lottery commissions', '1.00')
    await item(2, 'Utilities', '30.00')
    // A known income category is an income.
    expect(await page.getByTestId('budget-item-1-kind').inputValue()).toBe('income')
    // Expenses $2,030 against a total of $3,000: not over-allocated; $3,100 would be, and says so.
    await page.getByTestId('budget-item-2-allocated').fill('1100.00')
    await page.getByTestId('budget-over-allocated').waitFor()
    await page.getByTestId('budget-item-2-allocated').fill('30.00')
    await page.getByTestId('budget-over-allocated').waitFor({ state: 'detached' })
    expect(await axeFindings(page, '[data-testid="budget-form"]')).toEqual([])
    // The form with its items fits a 1024-pixel window: nothing past its right edge, the Total field whole.
    await page.setViewportSize({ width: 1024, height: 768 })
    expect(await offScreen(page)).toEqual([])
    await page.setViewportSize({ width: 1366, height: 900 })
    // Something that is no amount is said to be one, not refused as a negative amount.
    await page.getByTestId('budget-item-2-allocated').fill('1e2')
    await page.getByTestId('budget-save').click()
    await expect.poll(() => page.getByTestId('budget-message').textContent()).toBe('Utilities: an amount like 1500.00.')
    await page.getByTestId('budget-item-2-allocated').fill('30.00')
    await page.getByTestId('budget-save').click()
    await expect.poll(() => page.getByTestId('budget-title').textContent()).toMatch(/^This month: /)
    expect(await page.getByTestId('budget-verdict').getAttribute('data-good')).toBe('true')
    // The list says what is spent of the budget's total.
    expect(await page.getByTestId('budget-list').textContent()).toContain('spent $0.00 of $3,000.00')

    // A purchase received from the Products screen's backend posts an expense by itself.
    const m = 'e2e-manager'
    await call(m, 'auth-login', { userId: idOf('maria'), pin: '2580' })
    const supplier = (await call(m, 'supplier-save', { supplier: { name: 'Metro' } })) as { _id: string }
    const cola = (await call(m, 'product-save', {
      product: { product_name: 'Cola', sku: 'COLA-E2E', price: 150, category: 'Drinks' },
    })) as { _id: string }
    await call(m, 'purchase-create', {
      supplierId: supplier._id,
      reference: 'PO-E2E',
      lines: [{ productId: cola._id, quantity: 24, unitPrice: 80 }],
    })
    await call(m, 'purchase-receive', { reference: 'PO-E2E' })
    // A day of sales closed: the lottery's commissions post as income.
    const s = 'e2e-cashier'
    await call(s, 'auth-login', { userId: idOf('carlos'), pin: '1111' })
    await call(s, 'sale-create', {
      requestId: newRequestId(),
      paymentMethod: 'cash',
      lines: [
        {
          lotteryId: (b.ctx.db.prepare("SELECT _id FROM lotteries WHERE code = 'LOTTO'").get() as { _id: string })._id,
          quantity: 4,
        },
      ],
    })
    const shift = ((await call(s, 'shift-current')) as { shift: { _id: string } }).shift
    const cash = (
      b.ctx.db.prepare('SELECT SUM(total_amount) AS n FROM sales WHERE shift_id = ?').get(shift._id) as { n: number }
    ).n
    // The demo's instant pack on sale is counted at the close (nothing of it sold: at its count so far).
    const packs = (await call(s, 'pack-list', { status: 'activated' })) as { _id: string; sold: number }[]
    await call(s, 'shift-close', {
      shiftId: shift._id,
      count: { cash: { total: cash } },
      books: packs.map((p) => ({ packId: p._id, nextTicket: p.sold })),
    })
    const day = (await call(m, 'report-day-close', { day: month.toISODate()! })) as { commissions: { total: number } }

    // Back to the budget: both are there, with nobody typing them. The purchase's pace stays within its $2,000
    // on any day of the month (at most 31 x $19.20); a $45 bill against $30 is over on any day.
    await shell.menu('stock').click()
    await page.getByTestId('stock').waitFor()
    await shell.menu('budgets').click()
    const row = (category: string) => page.getByTestId('table-items').locator('tbody tr', { hasText: category })
    await expect
      .poll(() => row('Merchandise purchases').locator('td').nth(2).textContent())
      .toBe(formatCell(24 * 80, 'money', fmt))
    await expect
      .poll(() => row('Lottery commissions').locator('td').nth(2).textContent())
      .toBe(formatCell(day.commissions.total, 'money', fmt))

    // A utilities bill past what was planned: the forecast passes the allocation, and the bell says so.
    const unread = Number(await page.getByTestId('status-unread').textContent())
    await page.getByTestId('tx-item').selectOption({ label: 'Utilities' })
    await page.getByTestId('tx-amount').fill('45.00')
    await page.getByTestId('tx-description').fill('Electricity')
    await page.getByTestId('tx-add').click()
    await expect.poll(() => page.getByTestId('tx-message').textContent()).toMatch(/^Recorded \$45\.00/)
    await expect.poll(() => page.getByTestId('budget-verdict').getAttribute('data-good')).toBe('false')
    expect(await page.getByTestId('budget-verdict').textContent()).toMatch(/^Utilities forecast over its allocation/)
    await expect.poll(() => page.getByTestId('status-unread').textContent()).toBe(String(unread + 1))
    // The chart of allocated, actual and forecast is drawn.
    const chart = page.getByTestId('chart-items').locator('canvas')
    expect(await chart.getAttribute('aria-label')).toMatch(/^Allocated, actual and forecast per item/)
    expect(await axeFindings(page, '[data-testid="budgets"]')).toEqual([])
    expect(await cutOff(page, '[data-testid="budgets"]')).toEqual([])
    await page.getByTestId('budget-title').evaluate((e) => e.scrollIntoView())
    await screenshots(app, 'budgets')
    await page.getByTestId('status-notifications').click()
    await page.getByTestId('notifications').waitFor()
    expect(await page.getByTestId('notification').first().textContent()).toContain(
      'Forecast over budget: Utilities (This month)',
    )
    // Filed with the seed's compliance type, under a filter that says budgets too.
    expect(await page.getByTestId('notify-filter-compliance').textContent()).toMatch(/^Compliance & budgets \(1\)/)
    await page.keyboard.press('Escape')
    await page.getByTestId('notifications').waitFor({ state: 'detached' })

    // A one-off (the freezer repaired) counts as spent, never as a daily pace: the forecast grows by it alone.
    const forecastOf = async (category: string) => row(category).locator('td').nth(4).textContent()
    const before = await forecastOf('Merchandise purchases')
    await page.getByTestId('tx-item').selectOption({ label: 'Merchandise purchases' })
    await page.getByTestId('tx-amount').fill('100.00')
    await page.getByTestId('tx-description').fill('Freezer repair')
    await page.getByTestId('tx-one-off').check()
    await page.getByTestId('tx-add').click()
    await expect.poll(() => page.getByTestId('tx-message').textContent()).toMatch(/^Recorded \$100\.00/)
    expect(await page.getByTestId('tx-one-off').isChecked()).toBe(false)
    const parse = (t: string | null) => Number(t!.replace(/[^0-9.]/g, ''))
    await expect.poll(async () => parse(await forecastOf('Merchandise purchases')) - parse(before)).toBe(100)
    // The day picker ends today: money is recorded on its day, never ahead of it.
    expect(await page.getByTestId('tx-day').getAttribute('max')).toBe(month.toISODate())
    await shell.logOut()

    // The accountant reads budgets and never sells: no word about opening a shift, once the screen knows of none.
    const shiftRead = page.waitForResponse((r) => r.request().postData()?.includes('"name":"shift-current"') ?? false)
    await login.as('ana', '4826')
    await page.getByTestId('reports').waitFor()
    await shell.menu('budgets').click()
    await page.getByTestId('budgets').waitFor()
    await shiftRead
    await painted(page)
    expect(await page.getByTestId('shift-banner').count()).toBe(0)
  })
})

import { describe, expect, it } from 'vitest'
import { axeFindings, cutOff } from '../support/axe'
import { e2eSuite, screenshots } from '../support/e2e'
import { instantCode } from '../../shared/instant'

const suite = e2eSuite()

describe('stock and the notification centre, in Chromium', () => {
  it('a manager receives a batch and adjusts one; low stock reaches the bell once and is read there', async () => {
    const app = await suite.app()
    const { page, login, sale, shell } = app.ui
    const db = app.backend.ctx.db

    // Keno is close to its reorder threshold: the cashier sells it down past it.
    await login.as('carlos', '1111')
    await sale.game('PICK3').waitFor()
    const keno = db
      .prepare(
        "SELECT remaining_stock, reorder_threshold FROM inventory i JOIN lotteries l ON l._id = i.lottery_id WHERE l.code = 'KENO'",
      )
      .get() as { remaining_stock: number; reorder_threshold: number }
    const sellKeno = async (n: number) => {
      await page.keyboard.type(String(n))
      await sale.game('KENO').click()
      await sale.sell.click()
      await sale.ageYes.click()
      await sale.done.waitFor()
    }
    await sellKeno(keno.remaining_stock - keno.reorder_threshold)
    await expect
      .poll(() => db.prepare("SELECT COUNT(*) AS n FROM notifications WHERE type = 'inventory_alert'").get())
      .toEqual({ n: 1 })
    // A cashier has no bell, but takes in a delivered pack: its label scanned on the Instant packs screen.
    expect(await page.getByTestId('status-notifications').count()).toBe(0)
    await page.keyboard.press('F9')
    await shell.menu('packs').click()
    await page.getByTestId('pack-label').fill(instantCode('0457', '300009'))
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByTestId('pack-message').textContent()).toMatch(/^Received Cash Blast pack 300009/)
    // Moving packs on is a manager's.
    expect(await page.getByTestId('pack-activate-300009').count()).toBe(0)
    await shell.logOut()

    await login.as('maria', '2580')
    await sale.screen.waitFor()
    await expect.poll(() => page.getByTestId('status-unread').textContent()).toBe('1')
    await page.getByTestId('status-notifications').click()
    await page.getByTestId('notifications').waitFor()
    expect(await page.getByTestId('notification').first().textContent()).toContain('Low stock: Keno Express')
    expect(await axeFindings(page, '[data-testid="notifications"]')).toEqual([])
    // The keyboard stays in the dialog: Tab never reaches the screen behind it.
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab')
      expect(await page.evaluate('!!document.activeElement.closest(\'[data-testid="notifications"]\')')).toBe(true)
    }
    await screenshots(app, 'notifications')
    await page.getByTestId('notification-read').click()
    await expect.poll(() => page.getByTestId('notification').first().getAttribute('data-read')).toBe('true')
    await expect.poll(() => page.getByTestId('status-unread').textContent()).toBe('0')
    await page.keyboard.press('Escape')
    await page.getByTestId('notifications').waitFor({ state: 'detached' })

    // The delivery: 300 Keno tickets, batch label typed as scanned.
    await page.keyboard.press('F9')
    await shell.menu('stock').click()
    await page.getByTestId('stock-table').waitFor()
    expect(await page.getByTestId('stock-KENO').getAttribute('data-low')).toBe('true')
    await page.getByTestId('receive-game').selectOption({ label: 'Keno Express' })
    await page.getByTestId('receive-batch').fill('KENO-2026-12-A')
    await page.getByTestId('receive-quantity').fill('300')
    await page.getByTestId('receive-reference').fill('Lottery delivery 5520')
    await page.getByTestId('receive-submit').click()
    await expect
      .poll(() => page.getByTestId('receive-message').textContent())
      .toMatch(/^Received batch KENO-2026-12-A: 300/)
    await expect.poll(() => page.getByTestId('stock-KENO').getAttribute('data-low')).toBe('false')
    expect(
      db.prepare("SELECT total_stock, remaining_stock FROM inventory WHERE batch_number = 'KENO-2026-12-A'").get(),
    ).toEqual({
      total_stock: 300,
      remaining_stock: 300,
    })
    // Two damaged tickets out of the new batch.
    await page.getByTestId('adjust-KENO-2026-12-A').click()
    await page.getByTestId('adjust-quantity').fill('-2')
    await page.getByTestId('adjust-reason').fill('Torn in the dispenser')
    await page.getByTestId('adjust-submit').click()
    await expect.poll(() => page.getByTestId('adjust-message').textContent()).toMatch(/^Damaged: -2/)
    expect(db.prepare("SELECT remaining_stock FROM inventory WHERE batch_number = 'KENO-2026-12-A'").get()).toEqual({
      remaining_stock: 298,
    })
    // Stolen only takes out: the manager types how many, 3, and three come out (no minus sign to remember).
    await page.getByTestId('adjust-type').selectOption('theft')
    expect(await page.getByTestId('adjust').textContent()).toContain('Tickets taken out')
    await page.getByTestId('adjust-quantity').fill('3')
    expect(await page.getByTestId('adjust-effect').textContent()).toBe('Takes 3 out (295 left)')
    // The same 3 as a count correction would add: the line says so before anything is recorded.
    await page.getByTestId('adjust-type').selectOption('correction')
    expect(await page.getByTestId('adjust-effect').textContent()).toBe('Adds 3 (301 left)')
    await page.getByTestId('adjust-type').selectOption('theft')
    await page.getByTestId('adjust-reason').fill('Taken from the counter display')
    await page.getByTestId('adjust-submit').click()
    await expect.poll(() => page.getByTestId('adjust-message').textContent()).toMatch(/^Stolen: -3 on batch/)
    expect(db.prepare("SELECT remaining_stock FROM inventory WHERE batch_number = 'KENO-2026-12-A'").get()).toEqual({
      remaining_stock: 295,
    })
    expect(await axeFindings(page, '[data-testid="stock"]')).toEqual([])
    await screenshots(app, 'stock')
    // An instant pack delivered: its label scanned (the scanner types its 11 digits and Enter), then activated.
    await shell.menu('packs').click()
    await page.getByTestId('packs').waitFor()
    await page.getByTestId('pack-label').fill(instantCode('0457', '300001'))
    await page.keyboard.press('Enter')
    await expect
      .poll(() => page.getByTestId('pack-message').textContent())
      .toMatch(/^Received Cash Blast pack 300001 \(60 tickets\)/)
    await page.getByTestId('pack-activate-300001').click()
    await expect.poll(() => page.getByTestId('pack-300001').getAttribute('data-status')).toBe('activated')
    // A label with a digit wrong is refused, saying why; a pack stolen needs a reason and tells the managers.
    const label = instantCode('0457', '300002')
    await page.getByTestId('pack-label').fill(label.slice(0, -1) + String((Number(label.at(-1)) + 1) % 10))
    await page.getByTestId('pack-receive').click()
    await expect.poll(() => page.getByTestId('pack-message').textContent()).toMatch(/check digit/)
    // Ending a pack asks first, saying what is lost; a theft waits for its reason, and Keep it changes nothing.
    await page.getByTestId('pack-stolen-100002').click()
    await page.getByTestId('pack-end-dialog').waitFor()
    expect(await page.getByTestId('pack-end-dialog').textContent()).toMatch(/can no longer be sold here/)
    expect(await page.getByTestId('pack-end-yes').isDisabled()).toBe(true)
    expect(await page.getByTestId('pack-note').evaluate((el) => el.ownerDocument.activeElement === el)).toBe(true)
    expect(await axeFindings(page, '[data-testid="pack-end-dialog"]')).toEqual([])
    await page.getByTestId('pack-end-no').click()
    await page.getByTestId('pack-end-dialog').waitFor({ state: 'detached' })
    expect(await page.getByTestId('pack-100002').getAttribute('data-status')).not.toBe('stolen')
    // Enter in the empty reason does nothing; typed, the reason and Enter report it (the button is red: for good).
    await page.getByTestId('pack-stolen-100002').click()
    await page.getByTestId('pack-note').press('Enter')
    expect(await page.getByTestId('pack-end-dialog').count()).toBe(1)
    expect(await page.getByTestId('pack-end-yes').getAttribute('class')).toMatch(/\bdanger\b/)
    await page.getByTestId('pack-note').fill('Missing from the safe')
    await screenshots(app, 'pack-end')
    await page.getByTestId('pack-note').press('Enter')
    await expect.poll(() => page.getByTestId('pack-100002').getAttribute('data-status')).toBe('stolen')
    await expect.poll(() => page.getByTestId('status-unread').textContent()).toBe('1')
    expect(await axeFindings(page, '[data-testid="packs"]')).toEqual([])
    for (const [w, h] of [
      [1024, 768],
      [1280, 800],
    ]) {
      await page.setViewportSize({ width: w, height: h })
      expect(await cutOff(page, 'button, input, select')).toEqual([])
    }
    await screenshots(app, 'packs')
    // The day and the lottery week tell the manager what went, apart from their figures.
    await shell.menu('end-of-day').click()
    await expect
      .poll(() => page.getByTestId('packs-stolen').textContent())
      .toMatch(/1 pack reported stolen this day: 60 tickets unsold \(\$300\.00\).*Missing from the safe/)
    expect(await axeFindings(page, '[data-testid="end-of-day"]')).toEqual([])
    await screenshots(app, 'end-of-day-stolen')
    await shell.menu('settlement').click()
    await expect
      .poll(() => page.getByTestId('packs-stolen').textContent())
      .toMatch(
        /1 pack reported stolen this week.*not activated yet; the lottery may credit it \(it asks for the police report\)/,
      )
    expect(await axeFindings(page, '[data-testid="settlement"]')).toEqual([])
  })
})

describe('merchandise, in Chromium', () => {
  it('a manager adds a supplier and a product, records a purchase and receives it, and imports a CSV with a bad row', async () => {
    const app = await suite.app()
    const { page, login, sale, shell } = app.ui
    await login.as('maria', '2580')
    await sale.screen.waitFor()
    await page.keyboard.press('F9')
    await shell.menu('products').click()
    await page.getByTestId('products').waitFor()

    await page.getByTestId('supplier-name').fill('Metro Cash & Carry')
    await page.getByTestId('supplier-add').click()
    await expect.poll(() => page.getByTestId('supplier-message').textContent()).toBe('Added Metro Cash & Carry.')

    await page.getByTestId('product-add').click()
    // The form opens below the list at 1024x768: its first field takes the focus, and with it the view.
    await expect
      .poll(() => page.getByTestId('product-name').evaluate((el) => el.ownerDocument.activeElement === el))
      .toBe(true)
    expect(await page.getByTestId('product-name').isVisible()).toBe(true)
    await page.getByTestId('product-name').fill('Cola 330ml')
    await page.getByTestId('product-sku').fill('COLA-330')
    await page.getByTestId('product-barcode').fill('5000112637922')
    await page.getByTestId('product-price').fill('1.50')
    await page.getByTestId('product-supplier').selectOption({ label: 'Metro Cash & Carry' })
    await page.getByTestId('product-save').click()
    await page.getByTestId('product-COLA-330').waitFor()
    // A barcode with a wrong check digit is refused in the contract's words.
    await page.getByTestId('product-add').click()
    await page.getByTestId('product-name').fill('Fake')
    await page.getByTestId('product-sku').fill('FAKE-1')
    await page.getByTestId('product-barcode').fill('5000112637923')
    await page.getByTestId('product-price').fill('1.00')
    await page.getByTestId('product-save').click()
    await expect.poll(() => page.getByTestId('product-message').textContent()).toMatch(/not an EAN-13 or UPC-A/)

    // A purchase of 24, received: the product's stock is 24.
    await page.getByTestId('purchase-reference').fill('PO-1001')
    await page.getByTestId('purchase-product').selectOption({ label: 'Cola 330ml (COLA-330)' })
    await page.getByTestId('purchase-quantity').fill('24')
    await page.getByTestId('purchase-unit').fill('0.80')
    await page.getByTestId('purchase-create').click()
    await page.getByTestId('receive-PO-1001').click()
    await expect.poll(() => page.getByTestId('purchase-PO-1001').textContent()).toMatch(/completed/)
    await expect.poll(() => page.getByTestId('product-COLA-330').textContent()).toMatch(/24/)

    // A CSV: one good row, one with a bad price.
    await page.getByTestId('import-file').setInputFiles({
      name: 'products.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('product_name,sku,price\nChips salted,CHIP-1,1.20\nBroken,BRK-1,free\n'),
    })
    await expect
      .poll(() => page.getByTestId('import-report').textContent())
      .toMatch(/1 added, 1 refused.*Line 3 \(BRK-1\)/)
    await page.getByTestId('product-search').fill('chip')
    await page.getByTestId('product-CHIP-1').waitFor()
    expect(await page.getByTestId('product-COLA-330').count()).toBe(0)
    // Three bags received: low, as the inventory report counts it.
    await page.getByTestId('purchase-reference').fill('PO-1002')
    await page.getByTestId('purchase-product').selectOption({ label: 'Chips salted (CHIP-1)' })
    await page.getByTestId('purchase-quantity').fill('3')
    await page.getByTestId('purchase-unit').fill('0.50')
    await page.getByTestId('purchase-create').click()
    await page.getByTestId('receive-PO-1002').click()
    await expect.poll(() => page.getByTestId('product-stock-CHIP-1').textContent()).toBe('3 · low')

    expect(await axeFindings(page, '[data-testid="products"]')).toEqual([])
    for (const [w, h] of [
      [1024, 768],
      [1280, 800],
    ]) {
      await page.setViewportSize({ width: w, height: h })
      expect(await cutOff(page, 'button, input, select')).toEqual([])
    }
    await screenshots(app, 'products')
  })
})

describe('one cart at the counter, in Chromium', () => {
  it('a cashier sells a draw ticket, an instant ticket and two products with one scan each; the last crisps reach the bell', async () => {
    const app = await suite.app()
    const { page, login, sale, shell } = app.ui
    const db = app.backend.ctx.db
    // A scanner types its digits in a burst and ends with Enter.
    const scan = async (code: string) => {
      await page.keyboard.type(code, { delay: 5 })
      await page.keyboard.press('Enter')
    }
    await login.as('carlos', '1111')
    await sale.game('PICK3').click()
    const ticket = instantCode('0457', '100001', 7)
    await scan(ticket)
    await sale.cartLine(ticket).waitFor()
    expect(await sale.cartLine(ticket).textContent()).toContain('Cash Blast 100001-007')
    await scan('5449000000996')
    await sale.cartLine('SODA-500').waitFor()
    // The last three crisps: scanned once, then + twice.
    await scan('5901234123457')
    await sale.cartLine('CHIP-SALT').waitFor()
    await page.keyboard.press('+')
    await page.keyboard.press('+')
    await expect.poll(() => sale.cartLine('CHIP-SALT').getAttribute('data-quantity')).toBe('3')
    // A ticket already in the cart, and a barcode with a digit wrong, are refused in words; nothing is added.
    await scan(ticket)
    await expect.poll(() => page.getByTestId('cart-notice').textContent()).toMatch(/already in the cart/)
    await scan('5449000000997')
    await expect.poll(() => page.getByTestId('error-banner').textContent()).toMatch(/check digit/)
    await page.keyboard.press('Escape')
    // S finds a product by name; Enter adds it.
    await page.keyboard.press('s')
    await page.getByTestId('product-search-dialog').waitFor()
    await page.getByTestId('product-search-input').pressSequentially('mint')
    await expect.poll(() => page.getByTestId('product-results').getAttribute('data-query')).toBe('mint')
    expect(await page.getByTestId('product-result-GUM-MINT').getAttribute('aria-selected')).toBe('true')
    expect(await axeFindings(page, '[data-testid="product-search-dialog"]')).toEqual([])
    await screenshots(app, 'product-search')
    await page.keyboard.press('Enter')
    await page.getByTestId('product-search-dialog').waitFor({ state: 'detached' })
    await sale.cartLine('GUM-MINT').waitFor()
    expect(await sale.cartCount.textContent()).toBe('2 tickets · 5 items')
    expect(await axeFindings(page, '[data-testid="sale-screen"]')).toEqual([])
    await screenshots(app, 'one-cart')

    await sale.sell.click()
    await sale.done.waitFor()
    expect(await sale.done.textContent()).toContain('1 ticket · 1 instant ticket · 5 items')
    const lines = db
      .prepare(
        `SELECT 'lottery' AS kind, line_no, quantity FROM sales WHERE transaction_id = (SELECT MAX(transaction_id) FROM sale_tenders)
         UNION ALL SELECT 'product', line_no, quantity FROM inventory_transactions
           WHERE transaction_type = 'sale' AND reference_number = (SELECT MAX(transaction_id) FROM sale_tenders)
         ORDER BY line_no`,
      )
      .all()
    expect(lines).toEqual([
      { kind: 'lottery', line_no: 0, quantity: 1 },
      { kind: 'lottery', line_no: 1, quantity: 1 },
      { kind: 'product', line_no: 2, quantity: 1 },
      { kind: 'product', line_no: 3, quantity: 3 },
      { kind: 'product', line_no: 4, quantity: 1 },
    ])
    expect(db.prepare("SELECT quantity, status FROM products WHERE sku = 'CHIP-SALT'").get()).toEqual({
      quantity: 0,
      status: 'out_of_stock',
    })
    expect(db.prepare('SELECT COUNT(*) AS n FROM instant_sales WHERE ticket_no = 7').get()).toEqual({ n: 1 })
    await shell.logOut()

    // The manager's bell: the crisps are out.
    await login.as('maria', '2580')
    await sale.screen.waitFor()
    await expect.poll(() => page.getByTestId('status-unread').textContent()).toBe('1')
    await page.getByTestId('status-notifications').click()
    expect(await page.getByTestId('notification').first().textContent()).toContain('Out of stock: Salted crisps 40g')
  })
})

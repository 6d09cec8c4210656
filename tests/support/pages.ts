import type { Locator, Page } from 'playwright-core'
import { formatTicketNumber } from '../../shared/ticket-number'

/**
 * Page objects for the end-to-end tests: each screen's selectors (its data-testid values) and the actions a
 * cashier or manager takes on it, in one place. Tests assert on the locators these hand out; a renamed
 * test id is changed here and nowhere else.
 */

/** The user tiles and the PIN pad. */
export class LoginPage {
  readonly screen: Locator
  readonly error: Locator
  constructor(readonly page: Page) {
    this.screen = page.getByTestId('login-screen')
    this.error = page.getByTestId('login-error')
  }
  tile(username: string): Locator {
    return this.page.getByTestId(`user-tile-${username}`)
  }
  /** Logs in the way a cashier does: pick the tile, type the PIN, Enter. */
  async as(username: string, pin: string): Promise<void> {
    await this.tile(username).click()
    await this.page.keyboard.type(pin)
    await this.page.keyboard.press('Enter')
  }
}

/** The counter: game buttons, the cart, Sell and its dialogs, and the last sale's tickets. */
export class SalePage {
  readonly screen: Locator
  readonly cartTotal: Locator
  readonly cartCount: Locator
  readonly qtyMultiplier: Locator
  readonly sell: Locator
  readonly done: Locator
  readonly ticketRows: Locator
  readonly ticketPreview: Locator
  /** The confirmation asked above the configured total. */
  readonly confirmDialog: Locator
  readonly confirmYes: Locator
  readonly ageDialog: Locator
  readonly ageYes: Locator
  constructor(readonly page: Page) {
    this.screen = page.getByTestId('sale-screen')
    this.cartTotal = page.getByTestId('cart-total')
    this.cartCount = page.getByTestId('cart-count')
    this.qtyMultiplier = page.getByTestId('qty-multiplier')
    this.sell = page.getByTestId('sell')
    this.done = page.getByTestId('sale-done')
    this.ticketRows = page.getByTestId('ticket-row')
    this.ticketPreview = page.getByTestId('ticket-preview')
    this.confirmDialog = page.getByTestId('confirm-dialog')
    this.confirmYes = page.getByTestId('confirm-yes')
    this.ageDialog = page.getByTestId('age-dialog')
    this.ageYes = page.getByTestId('age-yes')
  }
  game(code: string): Locator {
    return this.page.getByTestId(`game-${code}`)
  }
  /** The age mark on a game's button (18+). */
  age(code: string): Locator {
    return this.page.getByTestId(`age-${code}`)
  }
  cartLine(code: string): Locator {
    return this.page.getByTestId(`cart-line-${code}`)
  }
  /** The last sale's row for one ticket. */
  ticketRow(ticketId: string): Locator {
    return this.page.locator(`[data-testid="ticket-row"][data-ticket-id="${ticketId}"]`)
  }
  reprint(ticketId: string): Locator {
    return this.page.getByTestId(`reprint-${ticketId}`)
  }
  cancel(ticketId: string): Locator {
    return this.page.getByTestId(`cancel-${ticketId}`)
  }
  /** The ticket numbers of the last sale's rows, in order. */
  ticketNumbers(): Promise<string[]> {
    return this.ticketRows.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-ticket-number') ?? ''))
  }
  printStatuses(): Promise<(string | null)[]> {
    return this.ticketRows.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-print-status')))
  }
  /** One ticket of the game: its button, Sell, and the sale done. */
  async sellOne(code: string): Promise<void> {
    await this.game(code).click()
    await this.sell.click()
    await this.done.waitFor()
  }
}

/** Check ticket: typed or scanned ticket, its answer, and paying it. */
export class CheckTicketPage {
  readonly screen: Locator
  readonly input: Locator
  readonly outcomeCard: Locator
  readonly message: Locator
  readonly pay: Locator
  readonly printClaim: Locator
  readonly payoutDone: Locator
  readonly cashConfirmDialog: Locator
  readonly cashConfirmYes: Locator
  readonly receiptStatus: Locator
  constructor(readonly page: Page) {
    this.screen = page.getByTestId('validate-screen')
    this.input = page.getByTestId('validate-input')
    this.outcomeCard = page.getByTestId('validate-outcome')
    this.message = page.getByTestId('validate-message')
    this.pay = page.getByTestId('pay')
    this.printClaim = page.getByTestId('print-claim')
    this.payoutDone = page.getByTestId('payout-done')
    this.cashConfirmDialog = page.getByTestId('cash-confirm-dialog')
    this.cashConfirmYes = page.getByTestId('cash-confirm-yes')
    this.receiptStatus = page.getByTestId('receipt-status')
  }
  /** The answer's kind (winner, already_paid, ...). */
  outcome(): Promise<string | null> {
    return this.outcomeCard.getAttribute('data-outcome')
  }
  /** Types a ticket the way a cashier reads it off the paper: grouped number, a space, the code. */
  async check(ticket: { ticket_number: string; validation_code: string }): Promise<void> {
    await this.input.fill('')
    await this.input.pressSequentially(`${formatTicketNumber(ticket.ticket_number)} ${ticket.validation_code}`)
    await this.page.keyboard.press('Enter')
  }
}

export class ResultsPage {
  readonly screen: Locator
  readonly rows: Locator
  constructor(readonly page: Page) {
    this.screen = page.getByTestId('results-screen')
    this.rows = page.getByTestId('result-row')
  }
}

/** Settings: the printer and central sync sections. */
export class SettingsPage {
  readonly screen: Locator
  readonly printerUri: Locator
  readonly printerSave: Locator
  readonly printerTest: Locator
  readonly message: Locator
  readonly syncState: Locator
  readonly syncUri: Locator
  readonly syncDb: Locator
  readonly syncSave: Locator
  readonly syncMessage: Locator
  readonly syncEncryptWarning: Locator
  constructor(readonly page: Page) {
    this.screen = page.getByTestId('settings-screen')
    this.printerUri = page.getByTestId('printer-uri')
    this.printerSave = page.getByTestId('printer-save')
    this.printerTest = page.getByTestId('printer-test')
    this.message = page.getByTestId('settings-message')
    this.syncState = page.getByTestId('sync-state')
    this.syncUri = page.getByTestId('sync-uri')
    this.syncDb = page.getByTestId('sync-db')
    this.syncSave = page.getByTestId('sync-save')
    this.syncMessage = page.getByTestId('sync-message')
    this.syncEncryptWarning = page.getByTestId('sync-encrypt-warning')
  }
}

/** Cancelling a ticket of the last sale: the scan, the reason, a manager's approval, the refund slip. */
export class CancelDialog {
  readonly dialog: Locator
  readonly scan: Locator
  readonly reason: Locator
  readonly confirm: Locator
  readonly error: Locator
  readonly done: Locator
  readonly refundTotal: Locator
  readonly receiptStatus: Locator
  readonly receiptPreview: Locator
  constructor(readonly page: Page) {
    this.dialog = page.getByTestId('cancel-dialog')
    this.scan = page.getByTestId('cancel-scan')
    this.reason = page.getByTestId('cancel-reason')
    this.confirm = page.getByTestId('cancel-confirm')
    this.error = page.getByTestId('cancel-error')
    this.done = page.getByTestId('cancel-done')
    this.refundTotal = page.getByTestId('refund-total')
    this.receiptStatus = page.getByTestId('receipt-status')
    this.receiptPreview = page.getByTestId('receipt-preview')
  }
  approver(username: string): Locator {
    return this.page.getByTestId(`approver-tile-${username}`)
  }
}

/** The recovery screen of a terminal whose database is damaged. */
export class RecoveryPage {
  readonly screen: Locator
  readonly problem: Locator
  readonly error: Locator
  constructor(readonly page: Page) {
    this.screen = page.getByTestId('recovery')
    this.problem = page.getByTestId('recovery-problem')
    this.error = page.getByTestId('recovery-error')
  }
  backup(index: number): Locator {
    return this.page.getByTestId(`backup-${index}`)
  }
  manager(username: string): Locator {
    return this.page.getByTestId(`recovery-manager-${username}`)
  }
}

/** The status bar: printer, prints pending, records waiting for sync, Sync now. */
export class StatusBar {
  readonly printer: Locator
  readonly prints: Locator
  readonly pending: Locator
  readonly sync: Locator
  readonly syncNow: Locator
  constructor(readonly page: Page) {
    this.printer = page.getByTestId('status-printer')
    this.prints = page.getByTestId('status-prints')
    this.pending = page.getByTestId('status-pending')
    this.sync = page.getByTestId('status-sync')
    this.syncNow = page.getByTestId('status-sync-now')
  }
}

/** Navigation, lock and logout, and the banners above every screen. */
export class Shell {
  readonly toSale: Locator
  readonly toCheckTicket: Locator
  readonly toResults: Locator
  /** The top bar's way into the back office (it opens on the first back-office screen the user may use). */
  readonly toSettings: Locator
  readonly lock: Locator
  readonly lockScreen: Locator
  readonly logout: Locator
  /** What logging out leaves (a cart not sold, the cashier's shift open), asked before it does. */
  readonly logoutDialog: Locator
  readonly errorBanner: Locator
  readonly clockBanner: Locator
  readonly clockNote: Locator
  readonly clockAck: Locator
  constructor(readonly page: Page) {
    this.toSale = page.getByTestId('nav-sale')
    this.toCheckTicket = page.getByTestId('nav-validate')
    this.toResults = page.getByTestId('nav-results')
    this.toSettings = page.getByTestId('nav-settings')
    this.lock = page.getByTestId('lock')
    this.lockScreen = page.getByTestId('lock-screen')
    this.logout = page.getByTestId('logout')
    this.logoutDialog = page.getByTestId('logout-dialog')
    this.errorBanner = page.getByTestId('error-banner')
    this.clockBanner = page.getByTestId('clock-banner')
    this.clockNote = page.getByTestId('clock-note')
    this.clockAck = page.getByTestId('clock-ack')
  }
  /**
   * Logs out as a cashier does: Log out, and where it asks first (a cart not sold, their own shift open), Log
   * out again. Waits for whichever comes, the question or the login screen.
   */
  async logOut(): Promise<void> {
    await this.logout.click()
    const login = this.page.getByTestId('login-screen')
    await login.or(this.logoutDialog).first().waitFor()
    if (await this.logoutDialog.count()) await this.page.getByTestId('logout-yes').click()
    await login.waitFor()
  }
  /** A back-office screen's menu entry. */
  menu(id: string): Locator {
    return this.page.getByTestId(`bo-menu-${id}`)
  }
  /** Into the back office, then its Settings. */
  async openSettings(): Promise<void> {
    await this.toSettings.click()
    await this.menu('settings').click()
  }
}

/** The cash office: opening the shift, moving cash, the blind close and its sign-off; the day and the week. */
export class CashOffice {
  readonly openDialog: Locator
  readonly openSubmit: Locator
  readonly screen: Locator
  readonly moveDialog: Locator
  readonly moveAmount: Locator
  readonly moveReason: Locator
  readonly moveSubmit: Locator
  readonly moveDone: Locator
  readonly closeStart: Locator
  readonly countTotal: Locator
  readonly countSubmit: Locator
  readonly signOff: Locator
  readonly signOffNote: Locator
  readonly overShort: Locator
  readonly closed: Locator
  readonly verdict: Locator
  constructor(readonly page: Page) {
    this.openDialog = page.getByTestId('open-shift-dialog')
    this.openSubmit = page.getByTestId('open-shift-submit')
    this.screen = page.getByTestId('cash-office')
    this.moveDialog = page.getByTestId('move-cash-dialog')
    this.moveAmount = page.getByTestId('move-cash-amount')
    this.moveReason = page.getByTestId('move-cash-reason')
    this.moveSubmit = page.getByTestId('move-cash-submit')
    this.moveDone = page.getByTestId('move-cash-done')
    this.closeStart = page.getByTestId('close-shift-start')
    this.countTotal = page.getByTestId('count-cash-total')
    this.countSubmit = page.getByTestId('count-submit')
    this.signOff = page.getByTestId('sign-off')
    this.signOffNote = page.getByTestId('sign-off-note')
    this.overShort = page.getByTestId('over-short')
    this.closed = page.getByTestId('shift-closed')
    this.verdict = page.getByTestId('day-verdict')
  }
  /** One field of a count by denomination: `float` or `count-cash`, `bill:2000`. */
  piece(count: string, key: string): Locator {
    return this.page.getByTestId(`${count}-${key}`)
  }
  mode(count: string, mode: 'total' | 'pieces'): Locator {
    return this.page.getByTestId(`${count}-mode-${mode}`)
  }
  move(kind: 'pay_in' | 'pay_out' | 'drop' | 'no_sale'): Locator {
    return this.page.getByTestId(`move-${kind}`)
  }
}

/** Every page object on one browser page. */
export interface Screens {
  page: Page
  login: LoginPage
  sale: SalePage
  checkTicket: CheckTicketPage
  results: ResultsPage
  settings: SettingsPage
  cancel: CancelDialog
  recovery: RecoveryPage
  status: StatusBar
  shell: Shell
  cash: CashOffice
}

export function screens(page: Page): Screens {
  return {
    page,
    login: new LoginPage(page),
    sale: new SalePage(page),
    checkTicket: new CheckTicketPage(page),
    results: new ResultsPage(page),
    settings: new SettingsPage(page),
    cancel: new CancelDialog(page),
    recovery: new RecoveryPage(page),
    status: new StatusBar(page),
    shell: new Shell(page),
    cash: new CashOffice(page),
  }
}

/** The tickets that did not print (the print queue), opened from the status bar's count or P, and its void flow. */
export class PrintQueueDialog {
  readonly open: Locator
  readonly dialog: Locator
  readonly rows: Locator
  readonly printAll: Locator
  readonly close: Locator
  readonly message: Locator
  readonly empty: Locator
  readonly voidDialog: Locator
  readonly voidReason: Locator
  readonly voidConfirm: Locator
  readonly voidError: Locator
  readonly voidDone: Locator
  readonly voidRefund: Locator
  readonly voidClose: Locator
  constructor(readonly page: Page) {
    this.open = page.getByTestId('status-prints-open')
    this.dialog = page.getByTestId('print-queue')
    this.rows = page.getByTestId('print-queue-row')
    this.printAll = page.getByTestId('print-all')
    this.close = page.getByTestId('print-queue-close')
    this.message = page.getByTestId('print-queue-message')
    this.empty = page.getByTestId('print-queue-empty')
    this.voidDialog = page.getByTestId('void-dialog')
    this.voidReason = page.getByTestId('void-reason')
    this.voidConfirm = page.getByTestId('void-confirm')
    this.voidError = page.getByTestId('void-error')
    this.voidDone = page.getByTestId('void-done')
    this.voidRefund = page.getByTestId('void-refund')
    this.voidClose = page.getByTestId('void-close')
  }
  row(ticketId: string): Locator {
    return this.page.locator(`[data-testid="print-queue-row"][data-ticket-id="${ticketId}"]`)
  }
  printOne(ticketId: string): Locator {
    return this.page.getByTestId(`print-one-${ticketId}`)
  }
  voidTicket(ticketId: string): Locator {
    return this.page.getByTestId(`void-${ticketId}`)
  }
  approver(username: string): Locator {
    return this.page.getByTestId(`void-approver-${username}`)
  }
}

// ---- issue 10: the tender, the stock notice, the clear question, the backend gone, the store clock ----

/** The counter's cash tendered, change and the questions around a sale. */
export class SaleExtras {
  readonly tenderInput: Locator
  readonly tenderError: Locator
  readonly changeDue: Locator
  readonly saleTendered: Locator
  readonly saleChange: Locator
  readonly cartNotice: Locator
  readonly clearDialog: Locator
  readonly sellBlocked: Locator
  readonly sessionEnded: Locator
  readonly statusBackend: Locator
  readonly statusClock: Locator
  constructor(readonly page: Page) {
    this.tenderInput = page.getByTestId('tender-input')
    this.tenderError = page.getByTestId('tender-error')
    this.changeDue = page.getByTestId('change-due')
    this.saleTendered = page.getByTestId('sale-tendered')
    this.saleChange = page.getByTestId('sale-change')
    this.cartNotice = page.getByTestId('cart-notice')
    this.clearDialog = page.getByTestId('clear-cart-dialog')
    this.sellBlocked = page.getByTestId('sell-blocked')
    this.sessionEnded = page.getByTestId('session-ended')
    this.statusBackend = page.getByTestId('status-backend')
    this.statusClock = page.getByTestId('status-clock')
  }
  /** A quick tender button by its amount in minor units. */
  quick(amount: number): Locator {
    return this.page.getByTestId(`tender-quick-${amount}`)
  }
  cancelWindow(ticketId: string): Locator {
    return this.page.getByTestId(`cancel-window-${ticketId}`)
  }
  noCancel(ticketId: string): Locator {
    return this.page.getByTestId(`no-cancel-${ticketId}`)
  }
}

import { ErrorCodes } from '../shared/errors'
import type { TicketView } from '../shared/contract'
import { formatTicketNumber } from '../shared/ticket-number'
import { errorShape } from './api'
import { ageCheckedGames, toSaleLines, totalsOf } from './cart'
import { call, rememberSale, rememberedSale } from './data/backend'
import { currentApp, markLocked, signedOut } from './data/session'
import { readTender } from './screens/sale/tender'
import { useCart, useLastSale, useUi } from './store'
import { backendReachable } from './transport'

/**
 * The cashier's commands that reach the backend. They read the stores at call time rather than
 * through React, so a second press arriving before a re-render still sees the sale in flight.
 */

export const SELLING_STOPPED =
  'Selling is stopped: the point of sale backend is not responding. The cart is kept; sell once the status bar no longer says so.'

/** The cash handed over, as typed; not a change to what is sold, so a retry keeps its request id. */
export function setTendered(text: string): void {
  useCart.setState((s) => ({ cart: { ...s.cart, tendered: text } }))
}

export function needsConfirmation(total: number, threshold: number): boolean {
  return total > threshold
}

function newRequestId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  // randomUUID needs a secure context; a terminal opened over a LAN address still must not sell twice.
  const b = crypto.getRandomValues(new Uint8Array(16))
  b[6] = (b[6] & 0x0f) | 0x40
  b[8] = (b[8] & 0x3f) | 0x80
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

/** The cashier saw the player is of legal age: remember it for this cart and carry on selling. */
export function confirmAge(): Promise<void> {
  useCart.getState().setAgeConfirmed(true)
  useUi.getState().setOverlay(null)
  return sell()
}

export async function sell(confirmed = false): Promise<void> {
  const ui = useUi.getState()
  const { cart, setRequestId, reset } = useCart.getState()
  if (ui.selling || cart.lines.length === 0) return
  const app = currentApp()
  const total = totalsOf(cart, app?.store.tax_rate_bps ?? 0).total_amount
  // Nothing is sent to a backend that is gone: the cart stays, and the reason is on screen.
  if (!backendReachable()) {
    ui.showError({ code: ErrorCodes.INTERNAL, message: SELLING_STOPPED })
    return
  }
  const tender = cart.payment === 'cash' ? readTender(cart.tendered, total, app?.store.currency ?? 'USD') : null
  if (tender?.error) {
    ui.showError({ code: ErrorCodes.TENDER_SHORT, message: tender.error })
    return
  }
  // Age first: a player who may not buy should not be asked to confirm a large total.
  const ageGames = ageCheckedGames(cart)
  if (ageGames.length > 0 && !cart.ageConfirmed) {
    ui.setOverlay({ kind: 'age', games: ageGames })
    return
  }
  if (!confirmed && app && needsConfirmation(total, app.confirm_threshold)) {
    ui.setOverlay({ kind: 'confirm', total })
    return
  }
  const requestId = cart.requestId ?? newRequestId()
  setRequestId(requestId)
  ui.setSelling(true)
  ui.setOverlay(null)
  ui.showError(null)
  try {
    const sale = await call('sale-create', {
      requestId,
      lines: toSaleLines(cart),
      paymentMethod: cart.payment,
      confirmed,
      ageConfirmed: cart.ageConfirmed,
      expectedTotal: total,
      ...(tender?.amount != null ? { tendered: tender.amount } : {}),
    })
    // The answer is kept in the cache beside the reads it refreshed (stock, recent tickets, status).
    rememberSale(sale)
    useLastSale.getState().setSale(sale.transaction_id)
    reset()
  } catch (e) {
    const error = errorShape(e)
    // The backend's threshold is the authority; ask the cashier and keep the same request id.
    if (error.code === ErrorCodes.CONFIRMATION_REQUIRED) ui.setOverlay({ kind: 'confirm', total })
    // The catalogue here may predate the game's age rule; the backend knows which game asked.
    else if (error.code === ErrorCodes.AGE_CONFIRMATION_REQUIRED) ui.setOverlay({ kind: 'age', games: [] })
    else {
      // Central changed a price: the cart shows the new prices and the next Sell uses them.
      if (error.code === ErrorCodes.PRICE_CHANGED)
        useCart.getState().reprice(error.details?.prices as Record<string, number>)
      // The id belonged to another sale: the next Sell is a new request.
      if (error.code === ErrorCodes.REQUEST_REUSED) setRequestId(newRequestId())
      ui.showError(error)
    }
  } finally {
    ui.setSelling(false)
  }
}

export async function reprint(
  ticket: Pick<TicketView, '_id' | 'ticket_number'>,
  approver?: { userId: string; pin: string },
): Promise<void> {
  const ui = useUi.getState()
  try {
    // The answer is the ticket as it was before this print; its new status arrives as print-status pushes.
    await call('ticket-reprint', { ticketId: ticket._id, ...(approver ? { approver } : {}) })
    if (approver) ui.setOverlay(null)
    ui.showInfo(`Reprint of ${formatTicketNumber(ticket.ticket_number)} requested; its print status is below.`)
  } catch (e) {
    const error = errorShape(e)
    // A second copy of a printed ticket: ask for a manager and their PIN, then ask again with them.
    if (!approver && error.code === ErrorCodes.MANAGER_APPROVAL_REQUIRED)
      ui.setOverlay({ kind: 'reprintApproval', ticket, message: error.message })
    else if (approver) throw e
    else ui.showError(error)
  }
}

export async function reprintLast(): Promise<void> {
  let last: Pick<TicketView, '_id' | 'ticket_number'> | undefined = rememberedSale(
    useLastSale.getState().id,
  )?.tickets.at(-1)
  if (!last) {
    try {
      last = (await call('ticket-recent', { limit: 1 }))[0]
    } catch (e) {
      useUi.getState().showError(errorShape(e))
      return
    }
  }
  if (!last) {
    useUi.getState().showError({ code: ErrorCodes.NOT_FOUND, message: 'No ticket has been sold on this terminal yet.' })
    return
  }
  await reprint(last)
}

export async function lock(): Promise<void> {
  try {
    await call('auth-lock')
    markLocked()
    useUi.getState().setOverlay(null)
  } catch (e) {
    useUi.getState().showError(errorShape(e))
  }
}

export async function logout(): Promise<void> {
  try {
    await call('auth-logout')
  } catch {
    // Leaving the till must always work from the cashier's side, even with the backend away.
  }
  signedOut('logout')
}

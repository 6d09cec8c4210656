import type { PaymentMethod, PrinterConfig, PrinterState, PrintStatus, TicketStatus } from '../../shared/contract'

/** The sale as the customer's receipt shows it, printed at the foot of the sale's last ticket. */
export interface SaleSummaryPrint {
  tickets: number
  /** Minor units, the sum of the sale's lines. */
  price: number
  tax: number
  total: number
  payment_method: PaymentMethod
  /** What a cash customer handed over (sale_tenders); null: nothing recorded, so nothing printed about it. */
  tender: { amount_tendered: number; change_due: number } | null
}

/** Everything a ticket's layout needs; the layout is a pure function of this. */
export interface TicketPrintData {
  ticket_id: string
  ticket_number: string
  validation_code: string
  store_name: string
  store_address: string
  game_name: string
  game_code: string
  /** ISO UTC instant of the draw; printed in `timezone`. */
  draw_date: string
  numbers: number[]
  quick_pick: boolean
  /** Minor units: the ticket's price and its share of its sale line's tax (the line's tax split to the cent). */
  price: number
  tax: number
  currency: string
  purchase_datetime: string
  timezone: string
  device_id: string
  cashier_name: string
  transaction_id: string
  /** Only a ticket still on sale is printed. */
  status?: TicketStatus
  /** Some bytes of this ticket may already be on paper: another copy is marked REPRINT. */
  on_paper?: boolean
  /** How many times it has printed: a job for a ticket that printed is a copy, and never makes it unprinted. */
  print_count?: number
  /** On the sale's last ticket only: the sale's totals and tender. */
  sale?: SaleSummaryPrint
}

/** Everything a payout, not-cashed or refund receipt shows; its layout is a pure function of this. */
export interface ReceiptPrintData {
  kind: 'payout' | 'not_cashed' | 'refund'
  store_name: string
  store_address: string
  timezone: string
  currency: string
  device_id: string
  cashier_name: string
  /** ISO instant the receipt is printed for (the commit time). */
  printed_at: string
  /** Claim id, cancellation id, or the referral reference: printed as text and as CODE128 for the office. */
  reference: string
  ticket_number: string
  game_name: string
  draw_date: string
  /** payout: prize paid; not_cashed: prize NOT paid; refund: total refunded. Minor units. */
  amount: number
  prize_level?: string
  /** not_cashed: the store's payout limit that the prize exceeds. */
  payout_limit?: number
  /** refund: the parts of the refund. */
  refund?: { price: number; tax: number }
  /** refund above the approval amount: the manager who approved it. */
  approved_by?: string
  /** Cash leaves the drawer (a prize paid, a cash sale refunded): the slip opens it first. */
  open_drawer?: boolean
}

/** What the print service needs from the rest of the backend (no SQL in printing/). */
export interface PrintDeps {
  getConfig(): PrinterConfig | null
  loadTicket(ticketId: string): TicketPrintData | null
  /**
   * Persist a ticket's print status; `printed` with no error also increments print_count (`printed` with an
   * error: a copy that failed, the ticket still printed once). `neverSent`: 0 once some of its
   * bytes may reach paper (written with 'printing', before any byte leaves), 1 when its only jobs so far
   * failed before sending any, undefined: unchanged.
   */
  setTicketPrintStatus(ticketId: string, status: PrintStatus, error: string | null, neverSent?: 0 | 1): void
  emit(event: 'print-status', payload: { ticketId: string; status: PrintStatus; error: string | null }): void
  onStateChange?(): void
  /**
   * Why this ticket may not print now, checked when its job runs (a job may wait behind others): its draw's
   * result is known, or, for a copy, its draw's sales have closed. Null: it may print.
   */
  printRefusal?(ticketId: string, copy: boolean): string | null
}

export interface PrinterStatusView {
  state: PrinterState
  uri: string | null
  message: string | null
}

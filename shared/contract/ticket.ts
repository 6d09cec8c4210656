import { z } from 'zod'
import { Pin } from './auth'
import { Id, isPlainText, PLAIN_TEXT_MESSAGE, spec } from './core'
import type { CancelResult } from './claim'

export const TicketStatuses = ['sold', 'cancelled', 'won'] as const
export type TicketStatus = (typeof TicketStatuses)[number]

export const PrintStatuses = ['pending', 'printing', 'printed', 'failed'] as const
export type PrintStatus = (typeof PrintStatuses)[number]

/** A ticket as the UI sees it: never its validation code, which reaches paper only. */
export interface TicketView {
  _id: Id
  ticket_number: string
  lottery_id: Id
  game_name: string
  game_code: string
  sale_id: Id
  status: TicketStatus
  draw_date: string
  numbers: number[]
  quick_pick: boolean
  price: number
  purchase_datetime: string
  print_status: PrintStatus
  print_error: string | null
  print_count: number
  /**
   * Whether ticket-cancel would accept this ticket now, by the same rules (electron/claim/cancellable.ts).
   * Absent where no one asked (a payout's answer): the UI then offers no Cancel.
   */
  cancel?: CancelEligibility
}

/** A cancellation the backend would accept until `until` (its clock read `as_of`), or why not. */
export type CancelEligibility = { allowed: true; until: string; as_of: string } | { allowed: false; reason: string }

/** A ticket of the print queue: on sale, never printed. */
export interface UnprintedTicket extends TicketView {
  transaction_id: string
  /** Some of its bytes may have reached paper (a job failed after sending): a copy prints marked REPRINT. */
  on_paper: boolean
  /** Its draw's sales have closed (or its result is known): no copy prints and it cannot be voided. */
  closed: boolean
  /** A job for it is waiting or printing now. */
  queued: boolean
  /** A manager may void it: nothing of it can be on paper, and its draw is still on sale. */
  voidable: boolean
}

export interface UnprintedList {
  /** Oldest first, at most the limit asked. */
  tickets: UnprintedTicket[]
  /** Every ticket on sale not printed (the status bar's figure). */
  total: number
}

export interface PrintQueueResult {
  /** Tickets sent to the print queue by this call. */
  queued: number
  /** Tickets left out, each with why (already printing, draw closed). */
  skipped: { ticket_id: Id; ticket_number: string; reason: string }[]
}

const Approver = z.object({ userId: Id, pin: Pin }).strict()

/** `ticket.void` voids a never-printed ticket alone; others need a manager's PIN for it. */
// ticket.copy: printing another copy of a ticket that already printed (a second bearer instrument) without
// another manager's PIN: a manager's own session approves it.
export const ticketPermissions = ['ticket.reprint', 'ticket.void', 'ticket.copy'] as const
export const ticketErrors = {} as const

/** The most tickets one print-queue call lists or prints. */
export const PRINT_QUEUE_MAX = 200

export const ticketContract = {
  'ticket-recent': spec<TicketView[]>()(
    z.object({ limit: z.number().int().min(1).max(200).default(20) }).strict(),
    'session',
  ),
  'ticket-preview': spec<{ svg: string; reprint: boolean }>()(
    z.object({ ticketId: Id, reprint: z.boolean().default(false) }).strict(),
    'session',
  ),
  /** A copy of a ticket that already printed needs a manager's PIN; none is printed once its draw has closed. */
  'ticket-reprint': spec<TicketView>()(
    z.object({ ticketId: Id, approver: z.object({ userId: Id, pin: Pin }).strict().optional() }).strict(),
    'ticket.reprint',
  ),
  /** The tickets that did not print (none of them carries a code), oldest first. */
  'ticket-unprinted': spec<UnprintedList>()(
    z.object({ limit: z.number().int().min(1).max(PRINT_QUEUE_MAX).default(50) }).strict(),
    'ticket.reprint',
  ),
  /** Prints one ticket of the queue, or (no ticketId) every one still on sale, oldest first. */
  'ticket-print': spec<PrintQueueResult>()(z.object({ ticketId: Id.optional() }).strict(), 'ticket.reprint'),
  /**
   * Voids a never-printed ticket of a sale the customer walked away from: a cancellation with its refund,
   * even outside the game's cancel window, never after the draw's cutoff. A manager, or a manager's PIN.
   */
  'ticket-void': spec<CancelResult>()(
    z
      .object({
        ticketId: Id,
        reason: z.string().trim().min(3, 'give a reason').max(200).refine(isPlainText, PLAIN_TEXT_MESSAGE),
        approver: Approver.optional(),
      })
      .strict(),
    'ticket.cancel',
  ),
} as const

export interface TicketEvents {
  'print-status': { ticketId: Id; status: PrintStatus; error: string | null }
}

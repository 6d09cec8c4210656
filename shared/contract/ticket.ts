import { z } from 'zod'
import { Pin } from './auth'
import { Id, spec } from './core'

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

export const ticketPermissions = ['ticket.reprint'] as const
export const ticketErrors = {} as const

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
} as const

export interface TicketEvents {
  'print-status': { ticketId: Id; status: PrintStatus; error: string | null }
}

import { z } from 'zod'
import { Pin } from './auth'
import { Id, isPlainText, PLAIN_TEXT_MESSAGE, spec } from './core'
import type { ReceiptResult } from './printing'
import type { TicketView } from './ticket'

/** A scan (26 digits) or a typed ticket number and validation code, in one string. */
export const TicketInput = z.string().max(80, 'that is too long for a ticket number')

export const ValidationOutcomes = [
  'invalid_number',
  'other_store',
  'not_found',
  'code_wrong',
  'cancelled',
  'already_paid',
  'draw_pending',
  'not_winner',
  'expired',
  'sold_after_cutoff',
  'winner',
] as const
export type ValidationOutcome = (typeof ValidationOutcomes)[number]

export interface ValidationResult {
  outcome: ValidationOutcome
  /** What the cashier reads, in full. */
  message: string
  ticket: TicketView | null
  prize: { prize_level: string; amount: number } | null
  winning_numbers: number[] | null
  /** A winner the counter may pay (at or below the store's payout limit). */
  payable: boolean
  /** Paying needs the cashier to confirm they have the cash. */
  needs_cash_confirmation: boolean
}

export interface PayoutResult {
  status: 'paid' | 'referred'
  reference: string
  amount: number
  prize_level: string
  ticket: TicketView
  receipt: ReceiptResult
}

export interface CancelResult {
  cancellation_id: string
  ticket: TicketView
  price: number
  tax: number
  total_amount: number
  receipt: ReceiptResult
}

export interface DrawResultView {
  _id: Id
  lottery_id: Id
  game_name: string
  game_code: string
  draw_date: string
  winning_numbers: number[]
  status: string
}

export const claimPermissions = ['ticket.validate', 'ticket.payout', 'ticket.cancel'] as const

export const claimErrors = {
  NOT_PAYABLE: 'NOT_PAYABLE',
  ALREADY_PAID: 'ALREADY_PAID',
  CANCEL_NOT_ALLOWED: 'CANCEL_NOT_ALLOWED',
  MANAGER_APPROVAL_REQUIRED: 'MANAGER_APPROVAL_REQUIRED',
  CODE_WRONG: 'CODE_WRONG',
} as const

export const claimContract = {
  'ticket-validate': spec<ValidationResult>()(z.object({ input: TicketInput }).strict(), 'ticket.validate'),
  /** Paying and cancelling need the presented ticket (scan, or number and code), checked in the same call. */
  'ticket-pay': spec<PayoutResult>()(
    z.object({ input: TicketInput, cashConfirmed: z.boolean().default(false) }).strict(),
    'ticket.payout',
  ),
  'ticket-cancel': spec<CancelResult>()(
    z
      .object({
        input: TicketInput,
        reason: z.string().trim().min(3, 'give a reason').max(200).refine(isPlainText, PLAIN_TEXT_MESSAGE),
        approver: z.object({ userId: Id, pin: Pin }).strict().optional(),
      })
      .strict(),
    'ticket.cancel',
  ),
  'draw-results': spec<DrawResultView[]>()(
    z.object({ limit: z.number().int().min(1).max(200).default(20) }).strict(),
    'session',
  ),
} as const

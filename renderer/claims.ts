import { create } from 'zustand'
import type { PayoutResult, TicketView, ValidationOutcome, ValidationResult } from '../shared/contract'
import { ErrorCodes, type PosErrorShape } from '../shared/errors'
import { formatTicketNumber } from '../shared/ticket-number'
import { errorShape } from './api'
import { call } from './data/backend'
import { putTicket } from './data/tickets'
import { onSignedOut } from './data/session'
import { useNav } from './store'

/**
 * Checking and paying tickets. Like checkout, the commands read the store at call time so a
 * second Enter arriving before a re-render still sees the payout in flight. The answer shown is
 * the answer to the cashier's own audited check, never a cached read: a ticket is checked afresh
 * every time, so a paid winner can never show as payable from a cache.
 */

export type Tone = 'win' | 'lose' | 'warn' | 'bad'

const tones: Record<ValidationOutcome, Tone> = {
  winner: 'win',
  not_winner: 'lose',
  draw_pending: 'warn',
  already_paid: 'bad',
  cancelled: 'bad',
  expired: 'bad',
  sold_after_cutoff: 'bad',
  code_wrong: 'bad',
  not_found: 'bad',
  other_store: 'bad',
  invalid_number: 'bad',
}

const titles: Record<ValidationOutcome, string> = {
  winner: 'Winner',
  not_winner: 'Not a winner',
  draw_pending: 'Draw not held yet',
  already_paid: 'Already paid',
  cancelled: 'Cancelled ticket',
  expired: 'Prize expired',
  sold_after_cutoff: 'Sold after the draw closed',
  code_wrong: 'Code does not match',
  not_found: 'Ticket not found',
  other_store: 'Sold at another store',
  invalid_number: 'Not a ticket number',
}

/** Colour and headline of an answer; the backend's message says the rest. */
export function outcomeLook(outcome: ValidationOutcome): { tone: Tone; title: string } {
  return { tone: tones[outcome], title: titles[outcome] }
}

/** The player's numbers that are among the winning ones, for highlighting. */
export function matchedNumbers(numbers: number[], winning: number[] | null): Set<number> {
  const drawn = new Set(winning ?? [])
  return new Set(numbers.filter((n) => drawn.has(n)))
}

/** How many digits were typed, ignoring the separators people type; a hint, the backend decides. */
export function typedDigits(text: string): number {
  return text.replace(/\D/g, '').length
}

/** What Enter does on the validate screen for the answer shown. */
export function nextAction(result: ValidationResult | null): 'pay' | 'refer' | null {
  if (result?.outcome !== 'winner' || !result.ticket) return null
  return result.payable ? 'pay' : 'refer'
}

interface ClaimsSlice {
  input: string
  /** The input the shown answer belongs to; Enter on the same text acts on the answer. */
  checked: string | null
  /**
   * What the field shows for that answer: the ticket number with its validation code hidden (codes are on paper,
   * never on screen), or the input as typed when there is no code to hide.
   */
  shown: string | null
  result: ValidationResult | null
  payout: PayoutResult | null
  error: PosErrorShape | null
  busy: boolean
  /** A payout waits for the cashier to confirm they have this amount in cash. */
  cashConfirm: number | null
  setInput(input: string): void
  reset(): void
}

const initial = {
  input: '',
  checked: null,
  shown: null,
  result: null,
  payout: null,
  error: null,
  busy: false,
  cashConfirm: null,
}

export const useClaims = create<ClaimsSlice>()((set) => ({
  ...initial,
  setInput: (input) => set({ input }),
  reset: () => set(initial),
}))

/** Selection listeners: after each answer the field is selected, so the next scan replaces it. */
const answeredListeners = new Set<() => void>()
export function onAnswered(cb: () => void): () => void {
  answeredListeners.add(cb)
  return () => answeredListeners.delete(cb)
}
const answered = () => answeredListeners.forEach((cb) => cb())

/** The field's text once a ticket was found: its number, the code as dots. */
export const hiddenCode = (ticketNumber: string) => `${formatTicketNumber(ticketNumber)}  ••••••••`

/** The text the field holds stands for what was checked (the field shows it with the code hidden). */
export function sameAsChecked(text: string): boolean {
  const { checked, shown } = useClaims.getState()
  return checked !== null && (text.trim() === checked || text.trim() === shown)
}

export async function validate(text = useClaims.getState().input): Promise<void> {
  const typed = text.trim()
  if (!typed || useClaims.getState().busy) return
  // Checking again what the field shows hidden: the number and code that were read.
  const input = sameAsChecked(typed) ? useClaims.getState().checked! : typed
  useClaims.setState({ busy: true, error: null, payout: null, cashConfirm: null })
  try {
    const result = await call('ticket-validate', { input })
    const shown = result.ticket && typedDigits(input) === 26 ? hiddenCode(result.ticket.ticket_number) : input
    useClaims.setState({ result, checked: input, shown, input: shown })
  } catch (e) {
    useClaims.setState({ input: typed, result: null, checked: null, shown: null, error: errorShape(e) })
  } finally {
    useClaims.setState({ busy: false })
    answered()
  }
}

/** A scan from the sale screen: show the validate screen with the answer. */
export function openValidate(digits: string): Promise<void> {
  useNav.getState().go('validate')
  useClaims.setState({ input: digits })
  return validate(digits)
}

export async function pay(cashConfirmed = false): Promise<void> {
  const { result, busy, payout, checked } = useClaims.getState()
  const action = nextAction(result)
  if (!action || busy || payout || !result?.ticket || !result.prize || !checked) return
  if (action === 'pay' && result.needs_cash_confirmation && !cashConfirmed) {
    useClaims.setState({ cashConfirm: result.prize.amount })
    return
  }
  useClaims.setState({ busy: true, error: null, cashConfirm: null })
  try {
    // The scan or typed number and code just checked: the backend pays only a presented ticket.
    const done = await call('ticket-pay', { input: checked, cashConfirmed })
    useClaims.setState({ payout: done })
    putTicket(done.ticket)
  } catch (e) {
    const error = errorShape(e)
    // The backend's amount is the authority: ask the cashier, as if we had known.
    if (error.code === ErrorCodes.CONFIRMATION_REQUIRED) {
      const amount = typeof error.details?.amount === 'number' ? error.details.amount : result.prize.amount
      useClaims.setState({ cashConfirm: amount })
    } else useClaims.setState({ error })
  } finally {
    useClaims.setState({ busy: false })
    answered()
  }
}

/** After a cancellation elsewhere on screen, the answer shown for that ticket is out of date. */
export function ticketCancelled(ticket: TicketView): void {
  putTicket(ticket)
  const { result, checked } = useClaims.getState()
  if (result?.ticket?._id === ticket._id && checked) void validate(checked)
}

// A ticket checked by one cashier is not shown to the next one who logs in.
onSignedOut(() => useClaims.getState().reset())

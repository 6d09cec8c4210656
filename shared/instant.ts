import { luhnDigit } from './ticket-number'

/**
 * Instant (scratch) games: the barcodes this terminal accepts and a pack's life (issue 12).
 *
 * Pack label:    GGGG PPPPPP C       (11 digits): game number, pack number, Luhn check digit.
 * Ticket:        GGGG PPPPPP TTT C   (14 digits): game number, pack number, ticket number in the pack (000 is
 *                the first), Luhn check digit over the first 13.
 * Spaces and dashes between groups are allowed when typed; anything else is refused with the reason.
 */

export type InstantCode =
  { kind: 'pack'; game: string; pack: string } | { kind: 'ticket'; game: string; pack: string; ticket: number }

export type ParsedInstant = { ok: true; code: InstantCode } | { ok: false; reason: string }

export function parseInstant(input: string): ParsedInstant {
  const digits = input.trim().replace(/[\s-]/g, '')
  if (!/^\d+$/.test(digits)) return { ok: false, reason: 'An instant code is digits only.' }
  if (digits.length !== 11 && digits.length !== 14)
    return {
      ok: false,
      reason: `An instant pack label has 11 digits and a ticket 14; this has ${digits.length}.`,
    }
  if (luhnDigit(digits.slice(0, -1)) !== Number(digits.at(-1)))
    return { ok: false, reason: 'The check digit does not match: scan it again or check the digits typed.' }
  const game = digits.slice(0, 4)
  const pack = digits.slice(4, 10)
  if (digits.length === 11) return { ok: true, code: { kind: 'pack', game, pack } }
  return { ok: true, code: { kind: 'ticket', game, pack, ticket: Number(digits.slice(10, 13)) } }
}

/** The label of a pack, or the barcode of one of its tickets, with its check digit. */
export function instantCode(game: string, pack: string, ticket?: number): string {
  const body =
    game.padStart(4, '0') + pack.padStart(6, '0') + (ticket === undefined ? '' : String(ticket).padStart(3, '0'))
  return body + luhnDigit(body)
}

export const PackStatuses = ['received', 'activated', 'settled', 'returned', 'stolen'] as const
export type PackStatus = (typeof PackStatuses)[number]

/**
 * A pack's life: received (confirmed at the terminal) -> activated (a manager: on sale) -> settled (sold out, or
 * settled by a manager). A received or activated pack may be returned (its unsold tickets back to the lottery)
 * or reported stolen (it can never be sold). Settled, returned and stolen are final.
 */
const NEXT: Record<PackStatus, readonly PackStatus[]> = {
  received: ['activated', 'returned', 'stolen'],
  activated: ['settled', 'returned', 'stolen'],
  settled: [],
  returned: [],
  stolen: [],
}

export function mayMove(from: PackStatus, to: PackStatus): boolean {
  return NEXT[from].includes(to)
}

export const PACK_STATUS_WORDS: Record<PackStatus, string> = {
  received: 'received, not yet on sale',
  activated: 'on sale',
  settled: 'settled',
  returned: 'returned to the lottery',
  stolen: 'reported stolen',
}

/** Why a pack cannot go from one state to another, in words a manager acts on. */
export function moveRefusal(from: PackStatus, to: PackStatus): string | null {
  if (mayMove(from, to)) return null
  if (NEXT[from].length === 0) return `This pack is ${PACK_STATUS_WORDS[from]}: nothing more can happen to it.`
  return `A pack ${PACK_STATUS_WORDS[from]} cannot be ${to === 'activated' ? 'activated' : to}.`
}

/**
 * A book count's next ticket as the closing cashier gives it: typed (up to 3 digits), or that ticket's barcode
 * scanned, which must be of this pack and this game. Null: neither.
 */
export function nextTicketOf(text: string, pack: { game_number: string; pack_number: string }): number | null {
  const t = text.trim()
  if (/^\d{1,3}$/.test(t)) return Number(t)
  const parsed = parseInstant(t)
  if (!parsed.ok || parsed.code.kind !== 'ticket') return null
  return parsed.code.game === pack.game_number && parsed.code.pack === pack.pack_number ? parsed.code.ticket : null
}

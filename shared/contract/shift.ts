import { z } from 'zod'
import { Pin } from './auth'
import { Amount, Id, isPlainText, PLAIN_TEXT_MESSAGE, spec, type PaymentMethod } from './core'
import type { ReceiptResult } from './printing'

/**
 * The cash office (issue 11): a shift per cashier and drawer, opened with a float, its cash movements, the
 * blind count that closes it, its Z report; the terminal's day report and the lottery week's settlement.
 */

/** The most of one denomination a count may hold: more is a typing mistake, not a drawer. */
export const MAX_PIECES = 10_000

export const ShiftStatuses = ['open', 'counted', 'closed'] as const
export type ShiftStatus = (typeof ShiftStatuses)[number]

export const MovementKinds = ['pay_in', 'pay_out', 'drop', 'no_sale'] as const
export type MovementKind = (typeof MovementKinds)[number]

/** Cash in the drawer: a total, or how many of each bill and coin (`bill:2000` -> 3). */
export const CashCount = z.union([
  z.object({ total: Amount }).strict(),
  z
    .object({
      pieces: z
        .record(
          z.string().regex(/^(bill|coin):\d{1,6}$/, 'not a bill or coin'),
          z
            .number()
            .int('a count is a whole number')
            .min(0, 'a count cannot be negative')
            .max(MAX_PIECES, `at most ${MAX_PIECES} of one bill or coin`),
        )
        .refine((r) => Object.keys(r).length <= 40, 'too many rows'),
    })
    .strict(),
])
export type CashCount = z.infer<typeof CashCount>

/** What a closing cashier counted: the drawer's cash, and the slips of the other tenders. */
export const CloseCount = z.object({ cash: CashCount, card: Amount.default(0), wallet: Amount.default(0) }).strict()
export type CloseCount = z.infer<typeof CloseCount>

/** An activated instant pack's next ticket number at a shift's close: the tickets before it have left the pack. */
export const BookCount = z
  .object({
    packId: Id,
    nextTicket: z
      .number()
      .int('a ticket number is a whole number')
      .min(0, 'a ticket number cannot be negative')
      .max(999, 'a ticket number is at most 999'),
  })
  .strict()

/** An instant pack's count at a shift's close against what the terminal sold of it. */
export interface BookCountView {
  pack_id: Id
  game_name: string
  pack_number: string
  tickets_per_pack: number
  ticket_price: number
  next_ticket: number
  /** Tickets of the pack this terminal has sold, ever. */
  sold: number
  /** Tickets gone from the pack without a sale since its last count (negative: counted below what was sold). */
  missing: number
}

/** A calendar day that exists (no 30 February), between 2000 and 2100: the terminal's reports never reach further. */
export const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a day is YYYY-MM-DD')
  .refine((d) => {
    const [y, m, day] = d.split('-').map(Number)
    const t = new Date(Date.UTC(y, m - 1, day))
    return y >= 2000 && y <= 2100 && t.getUTCMonth() === m - 1 && t.getUTCDate() === day
  }, 'not a day between 2000 and 2100')

// Printed on slips and reports: no control characters (a printer would take them as commands).
const Reason = z
  .string()
  .trim()
  .min(3, 'give a reason')
  .max(200, 'at most 200 characters')
  .refine(isPlainText, PLAIN_TEXT_MESSAGE)
const Approver = z.object({ userId: Id, pin: Pin }).strict()

export type ByMethod = Record<PaymentMethod, number>

export interface GameTotals {
  lottery_id: Id
  code: string
  name: string
  tickets: number
  amount: number
  cancelled: number
  cancelled_amount: number
}

export interface MovementView {
  _id: Id
  kind: MovementKind
  amount: number
  reason: string
  user: string
  approved_by: string | null
  created_at: string
}

/** Everything a shift (or a day of shifts) moved, in minor units. */
export interface ShiftTotals {
  /** Lottery sales (draw and instant tickets); transactions counts every sale, merchandise-only ones too. */
  sales: { transactions: number; tickets: number; amount: number; tax: number; by_method: ByMethod }
  /** Products sold in the same carts (with their sales tax); not lottery money, so no commission. */
  merchandise: { items: number; amount: number; tax: number; by_method: ByMethod }
  cancellations: { count: number; amount: number; tax: number; by_method: ByMethod }
  payouts: { count: number; amount: number }
  opening_float: number
  pay_in: number
  pay_out: number
  drops: number
  no_sales: number
  by_game: GameTotals[]
  /** What the drawer and the other tenders should hold: float + cash sales (tickets and merchandise) - cash refunds - payouts + pay in - pay out - drops. */
  expected: ByMethod
}

/** Expected against counted, per tender. Only ever shown after the count was submitted. */
export interface Reconciliation {
  expected: ByMethod
  counted: ByMethod
  /** counted - expected per tender: positive over, negative short. */
  difference: ByMethod
  /** The cash difference, the one the tolerance applies to. */
  over_short: number
  tolerance: number
  needs_sign_off: boolean
}

/** The terminal's shift as the counter sees it: never what the drawer should hold while it is open. */
export interface ShiftView {
  _id: Id
  shift_number: number
  status: ShiftStatus
  user: { _id: Id; name: string }
  business_day: string
  opened_at: string
  opening_float: number
  /** The caller opened it. */
  mine: boolean
  /** The caller may sell, pay and cancel in it (its cashier, or a manager covering). */
  may_sell: boolean
  /** The caller may count and close it. */
  may_close: boolean
  transactions: number
  /** A closing count typed and saved but not yet submitted (its cashier's or a closing manager's). */
  draft: CloseCount | null
  /** Once counted and waiting for a manager's sign-off: the over/short. */
  reconciliation: Reconciliation | null
  /** Counted: who may not sign it off (its cashier and counter, while another manager can). */
  sign_off_excluded: Id[]
}

export interface ShiftCurrent {
  shift: ShiftView | null
  /** The caller may open a shift now (none is open here and they hold shift.open). */
  may_open: boolean
  /** The bills and coins of the store's currency, largest first, for the count calculators. */
  denominations: { key: string; value: number; kind: 'bill' | 'coin' }[]
  /**
   * Today's business day was already ended on this terminal (its day report stored): when, by whom, how often.
   * Sales go on and count in that day; the counter says so (absent from an older backend).
   */
  day_ended?: { business_day: string; at: string; by: string; revision: number } | null
}

/** An X (so far, read-only) or Z (closed, stored) report of one shift. */
export interface ShiftReport {
  kind: 'x' | 'z'
  report_id: Id | null
  z_number: number | null
  shift: {
    _id: Id
    shift_number: number
    cashier: string
    business_day: string
    opened_at: string
    closed_at: string | null
    closed_by: string | null
  }
  totals: ShiftTotals
  movements: MovementView[]
  reconciliation: Reconciliation | null
  /** The instant packs counted at the close (a Z report; an X report has none yet). */
  books: BookCountView[]
  signed_off_by: string | null
  note: string | null
  generated_at: string
}

export interface ShiftSummary {
  _id: Id
  shift_number: number
  cashier: string
  status: ShiftStatus
  business_day: string
  opened_at: string
  closed_at: string | null
  z_number: number | null
  over_short: number | null
  signed_off_by: string | null
}

export interface Commissions {
  sales_rate_bps: number
  cashing_rate_bps: number
  /** On net ticket sales (sales - cancellations, before sales tax), rounded once on the total. */
  sales: number
  /** On prizes cashed, rounded once on the total. */
  cashing: number
  total: number
}

/** The book counts' differences over a day: each pack's, net of the day's counts; only packs with one. */
export interface InstantMissing {
  /** Tickets gone from their packs without a sale, and what they sell for. */
  tickets: number
  value: number
  /**
   * Tickets sold that an earlier day's count had as missing (they were in the dispenser after all): the packs
   * whose difference came out negative. Told, not a difference: the day can balance with them.
   */
  recovered: number
  packs: { game_name: string; pack_number: string; ticket_price: number; missing: number }[]
}

/**
 * Instant packs reported stolen in a period, of those this terminal received: the tickets still in them (less any
 * a book count already had as missing), at the price. Not a difference of the day (they were reported, with the
 * reason the lottery asks for); whether the lottery credits them is its decision, which depends on whether the
 * pack was on sale (activated) when it went.
 */
export interface PacksStolen {
  tickets: number
  value: number
  packs: {
    game_name: string
    pack_number: string
    /** Still in the pack when it was reported stolen: not sold, and not already counted missing. */
    tickets: number
    value: number
    /** Activated (on sale) when it went: the lottery bills these unless it credits them. */
    activated: boolean
    reported_at: string
    note: string | null
  }[]
}

export interface DayReport {
  business_day: string
  period: { start: string; end: string }
  shifts: ShiftSummary[]
  totals: ShiftTotals
  /** Local hour (00-23) of the store -> tickets and amount sold. */
  by_hour: { hour: string; tickets: number; amount: number }[]
  /** Sales - cancellations, ticket prices before sales tax. */
  net_sales: number
  prizes_cashed: number
  /** Net ticket sales before tax - prizes cashed: the lottery's cash the store holds for the day. */
  lottery_cash_due: number
  commissions: Commissions
  /** Sum of the closed shifts' cash over/short. */
  over_short: number
  /** Every shift closed and every over/short within the tolerance: the day balanced. */
  balanced: boolean
  /** Shifts whose difference was beyond the tolerance and signed off by a manager (absent in days stored before). */
  signed_off_differences?: number
  /**
   * The instant tickets the day's book counts found gone from their packs without a sale (absent in days stored
   * before): a pack with tickets missing leaves the day not balanced, as a drawer beyond the tolerance does.
   */
  instant_missing?: InstantMissing
  /** Packs this terminal received reported stolen during the business day (absent in days stored before). */
  packs_stolen?: PacksStolen
  /** Every shift closed and every drawer within the tolerance (absent in days stored before). */
  cash_balanced?: boolean
  open_shifts: number
  /** The stored day report (end of day), if one was made. */
  stored: {
    report_id: Id
    created_at: string
    generated_by: string
    revision: number
    /** Its figures where the records now say otherwise (a sale, a payout or a shift since it was stored). */
    changed?: { figure: string; then: number; now: number }[]
  } | null
}

export interface SettlementDay {
  business_day: string
  sales: number
  cancellations: number
  prizes_cashed: number
  commissions: number
  /** sales - cancellations - prizes cashed - commissions: what the lottery collects. */
  due: number
}

export interface Settlement {
  /** `in_progress`: the week holds today's business day, so its figures are so far (absent in weeks stored before). */
  week: { first: string; last: string; week_start: number; in_progress?: boolean }
  days: SettlementDay[]
  /** The week's sums; its commissions are rounded once on the week's totals. */
  total: SettlementDay
  commissions: Commissions
  /** Packs this terminal received reported stolen during the week: not in `due` (absent in weeks stored before). */
  packs_stolen?: PacksStolen
}

export interface MovementResult {
  movement: MovementView
  receipt: ReceiptResult
}

export type CloseResult =
  | { status: 'counted'; shift: ShiftView; reconciliation: Reconciliation }
  | { status: 'closed'; report: ShiftReport; reconciliation: Reconciliation; receipt: ReceiptResult }

export const ReportPrint = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('x') }).strict(),
  z.object({ kind: z.literal('z'), shiftId: Id }).strict(),
  z.object({ kind: z.literal('day'), day: Day.optional() }).strict(),
  z.object({ kind: z.literal('settlement'), weekOf: Day.optional() }).strict(),
])

// shift.open, shift.move, shift.close: a cashier's own shift. shift.close_any: count and close anyone's (and
// work in anyone's). drawer.open: "no sale". report.shift: X reports and every shift's Z; report.day: the day
// report, end of day and the lottery settlement.
export const shiftPermissions = [
  'shift.open',
  'shift.move',
  'shift.close',
  'shift.close_any',
  'drawer.open',
  'report.shift',
  'report.day',
] as const

export const shiftErrors = {
  NO_SHIFT: 'NO_SHIFT',
  SHIFT_NOT_YOURS: 'SHIFT_NOT_YOURS',
  SHIFT_ALREADY_OPEN: 'SHIFT_ALREADY_OPEN',
  SHIFT_CLOSED: 'SHIFT_CLOSED',
  SHIFT_COUNTED: 'SHIFT_COUNTED',
  COUNT_INVALID: 'COUNT_INVALID',
  DRAWER_SHORT: 'DRAWER_SHORT',
  DAY_OPEN: 'DAY_OPEN',
} as const

const WithSvg = <T>() => spec<T & { svg: string }>()

export const shiftContract = {
  /** The terminal's shift not yet closed (if any) as the caller may see it. */
  'shift-current': spec<ShiftCurrent>()(z.object({}).strict(), 'session'),
  /** Opens the caller's shift with the float in the drawer; the login offers it. */
  'shift-open': spec<ShiftView>()(z.object({ float: CashCount }).strict(), 'shift.open'),
  /** Pay in, pay out or drop to the safe: an amount and a reason, audited, the drawer opened, a slip printed. */
  'shift-move': spec<MovementResult>()(
    z
      .object({
        kind: z.enum(['pay_in', 'pay_out', 'drop']),
        amount: Amount.min(1, 'the amount must be more than zero'),
        reason: Reason,
      })
      .strict(),
    'shift.move',
  ),
  /** Opens the drawer with no sale, for a reason (change for the safe, a jammed coin). */
  'shift-no-sale': spec<MovementResult>()(z.object({ reason: Reason }).strict(), 'drawer.open'),
  /** Keeps a closing count as it is typed, so a crash or a reload never loses it. */
  'shift-count-save': spec<null>()(z.object({ shiftId: Id, count: CloseCount }).strict(), 'shift.close'),
  /**
   * Submits the blind count. Within the tolerance the shift closes and its Z report prints; beyond it the
   * count is locked and waits for a manager's sign-off. Only the answer shows what was expected.
   */
  'shift-close': spec<CloseResult>()(
    z
      .object({
        shiftId: Id,
        count: CloseCount,
        /** Every activated instant pack's next ticket (pack-list tells which). */
        books: z.array(BookCount).max(200, 'at most 200 packs').default([]),
      })
      .strict(),
    'shift.close',
  ),
  /** A manager's PIN and a note close a counted shift whose over/short is beyond the tolerance. */
  'shift-sign-off': spec<CloseResult>()(
    z.object({ shiftId: Id, approver: Approver, note: Reason }).strict(),
    'shift.close',
  ),
  /** The open shift so far: read-only, any time, with its preview. */
  'shift-x-report': WithSvg<ShiftReport>()(z.object({}).strict(), 'report.shift'),
  /** This terminal's shifts of a business day (default: today), newest first. */
  'shift-list': spec<ShiftSummary[]>()(z.object({ day: Day.optional() }).strict(), 'report.shift'),
  /** A closed shift's stored Z report: its own cashier, or report.shift. */
  'report-z': WithSvg<ShiftReport>()(z.object({ shiftId: Id }).strict(), 'session'),
  /** The terminal's day report (default: today's business day), as it stands. */
  'report-day': WithSvg<DayReport>()(z.object({ day: Day.optional() }).strict(), 'report.day'),
  /** End of day: stores the day report (reports, type sales) and tells the managers (sales_summary). */
  'report-day-close': spec<DayReport>()(z.object({ day: Day }).strict(), 'report.day'),
  /** The lottery week's settlement (default: this week): per day and for the week. */
  'report-settlement': WithSvg<Settlement>()(z.object({ weekOf: Day.optional() }).strict(), 'report.day'),
  /** Prints an X, a Z (a copy), a day report or a settlement; each kind's own permission applies. */
  'report-print': spec<ReceiptResult>()(ReportPrint, 'session'),
} as const

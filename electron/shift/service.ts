import { isManagerRole } from '../../shared/users'
import type {
  CashCount,
  CloseCount,
  CloseResult,
  DayReport,
  InstantMissing,
  MovementKind,
  MovementView,
  Reconciliation,
  Settlement,
  SettlementDay,
  ShiftCurrent,
  ShiftReport,
  ShiftSummary,
  ShiftTotals,
  ShiftView,
} from '../../shared/contract'
import {
  businessDay,
  businessDayBounds,
  commissionOf,
  countedTotal,
  denominations,
  lotteryWeek,
  needsSignOff,
  overShort,
} from '../../shared/cash'
import { PosError } from '../../shared/errors'
import { formatMoney, minorToDecimal } from '../../shared/money'
import { DateTime } from 'luxon'
import { auditEntry } from '../audit/audited'
import { approveAsManager } from '../auth/service'
import { getUser, listActiveUsers, permissionsOf } from '../auth/repo'
import { assertClockTrusted, checkClock } from '../clock/trusted'
import type { Ctx } from '../core/context'
import { nextCounter } from '../device/repo'
import { insertNotification, resolveAlerts } from '../notify/repo'
import { bookCountsOf, instantMissingOf, packsStolenBetween, recordBookCounts } from '../inventory/packs'
import { enqueue } from '../outbox/repo'
import { getSetting } from '../settings/repo'
import { inTransaction, type ReadDB } from '../store/db'
import { dayEndedOf, insertReport, latestDayReport, zReportOf } from '../report/records'
import {
  insertMovement,
  insertShift,
  markClosed,
  markCounted,
  movementsOf,
  saveDraft,
  salesByUtcMinute,
  shiftById,
  shiftsOfDay,
  shiftTotals,
  transactionsOf,
  unclosedShift,
  dayMoney,
  beforeShifts,
  firstShiftOpened,
  type ShiftRow,
} from './repo'

// ---- the terminal's shift not yet closed, kept in memory: every sale, payout and cancellation asks ----

// Per database handle, set only after the transaction that changed it committed (this process is the only
// writer: pos.lock). A trigger refuses a sale naming a shift that is not open, whatever this says.
const unclosed = new WeakMap<object, { row: ShiftRow | null }>()

function current(ctx: Ctx): ShiftRow | null {
  let c = unclosed.get(ctx.db)
  if (!c) unclosed.set(ctx.db, (c = { row: unclosedShift(ctx.db, ctx.device.device_id) }))
  return c.row
}

function remember(ctx: Ctx, row: ShiftRow | null): void {
  unclosed.set(ctx.db, { row })
}

/** Active managers and admins of the store other than these users. */
function otherManagers(ctx: Ctx, except: (string | null)[]): number {
  return listActiveUsers(ctx.db, ctx.store._id).filter((u) => isManagerRole(u.role) && !except.includes(u._id)).length
}

/** Who may not sign off this counted shift: its cashier and its counter, while another manager can. */
function signOffExcluded(ctx: Ctx, row: ShiftRow): string[] {
  const own = [row.user_id, row.counted_by].filter((x): x is string => !!x)
  return otherManagers(ctx, own) > 0 ? [...new Set(own)] : []
}

const nameOf = (ctx: Ctx, userId: string | null) => (userId ? (getUser(ctx.db, userId)?.name ?? userId) : '')

function mayWorkInAny(ctx: Ctx, userId: string): boolean {
  const u = getUser(ctx.db, userId)
  return !!u && u.status === 'active' && permissionsOf(u).includes('shift.close_any')
}

/**
 * The shift a sale, payout or cancellation by this user belongs to, called inside the transaction that writes
 * it: the terminal's open shift, if it is the user's own or the user may cover anyone's. Otherwise a refusal
 * the cashier can act on, and nothing is written.
 */
export function shiftForMoney(ctx: Ctx, userId: string): string {
  const s = current(ctx)
  if (!s)
    throw new PosError(
      'NO_SHIFT',
      'No shift is open on this terminal. Open one with the cash in the drawer (the float) before selling, paying or cancelling.',
    )
  if (s.status !== 'open')
    throw new PosError(
      'SHIFT_COUNTED',
      `Shift ${s.shift_number} has been counted and is waiting for a manager's sign-off: nothing more can go into it.`,
    )
  if (s.user_id !== userId && !mayWorkInAny(ctx, userId))
    throw new PosError(
      'SHIFT_NOT_YOURS',
      `Shift ${s.shift_number} on this terminal is ${nameOf(ctx, s.user_id)}'s. Ask them or a manager to close it, then open yours.`,
    )
  return s._id
}

// ---- views ----

function draftOf(row: ShiftRow): CloseCount | null {
  return row.count_draft ? (JSON.parse(row.count_draft) as CloseCount) : null
}

function reconciliationOf(ctx: Ctx, row: ShiftRow): Reconciliation | null {
  if (row.counted_cash === null || row.expected_cash === null) return null
  const expected = { cash: row.expected_cash, card: row.expected_card!, wallet: row.expected_wallet! }
  const counted = { cash: row.counted_cash, card: row.counted_card!, wallet: row.counted_wallet! }
  return reconcile(ctx, expected, counted)
}

function reconcile(ctx: Ctx, expected: Reconciliation['expected'], counted: Reconciliation['counted']): Reconciliation {
  const tolerance = getSetting(ctx.db, 'over_short_tolerance')
  const difference = {
    cash: overShort(expected.cash, counted.cash),
    card: overShort(expected.card, counted.card),
    wallet: overShort(expected.wallet, counted.wallet),
  }
  // Card and wallet slips must match exactly: any difference there is a missing slip, not loose change.
  const needs = needsSignOff(difference.cash, tolerance) || difference.card !== 0 || difference.wallet !== 0
  return { expected, counted, difference, over_short: difference.cash, tolerance, needs_sign_off: needs }
}

function viewOf(ctx: Ctx, row: ShiftRow, userId: string): ShiftView {
  const any = row.user_id === userId ? false : mayWorkInAny(ctx, userId)
  const mine = row.user_id === userId
  return {
    _id: row._id,
    shift_number: row.shift_number,
    status: row.status,
    user: { _id: row.user_id, name: nameOf(ctx, row.user_id) },
    business_day: row.business_day,
    opened_at: row.opened_at,
    opening_float: row.opening_float,
    mine,
    may_sell: row.status === 'open' && (mine || any),
    may_close: mine || any,
    transactions: transactionsOf(ctx.db, row._id),
    draft: mine || any ? draftOf(row) : null,
    // Only for those who may close it: another cashier never learns what this drawer should hold.
    reconciliation: row.status === 'counted' && (mine || any) ? reconciliationOf(ctx, row) : null,
    sign_off_excluded: row.status === 'counted' ? signOffExcluded(ctx, row) : [],
  }
}

export function shiftCurrent(ctx: Ctx, userId: string): ShiftCurrent {
  const row = current(ctx)
  const user = getUser(ctx.db, userId)
  const perms = user ? permissionsOf(user) : []
  return {
    shift: row ? viewOf(ctx, row, userId) : null,
    may_open: !row && perms.includes('shift.open'),
    denominations: denominations(ctx.store.currency).map((d) => ({
      key: `${d.kind}:${d.value}`,
      value: d.value,
      kind: d.kind,
    })),
    day_ended: dayEnded(ctx, row),
  }
}

/** The day the counter's sales count in (the open shift's, which may have run past midnight) already ended. */
function dayEnded(ctx: Ctx, open: ShiftRow | null): ShiftCurrent['day_ended'] {
  const day = open?.business_day ?? today(ctx)
  const ended = dayEndedOf(ctx.read, day)
  return ended ? { business_day: day, at: ended.created_at, by: ended.by, revision: ended.revision } : null
}

function cashOf(ctx: Ctx, count: CashCount): { total: number; pieces: string | null } {
  if ('total' in count) return { total: count.total, pieces: null }
  try {
    return { total: countedTotal(count.pieces, ctx.store.currency), pieces: JSON.stringify(count.pieces) }
  } catch (err) {
    throw new PosError('COUNT_INVALID', `That count cannot be right: ${(err as Error).message}. Nothing was saved.`)
  }
}

function deviceDoc(ctx: Ctx) {
  return { device_id: ctx.device.device_id, pos_version: ctx.device.pos_version }
}

// ---- opening, moving cash ----

export function openShift(ctx: Ctx, userId: string, float: CashCount): ShiftView {
  const clock = assertClockTrusted(ctx, 'cash')
  const row = inTransaction(ctx.db, () => openAt(ctx, userId, float, clock.effective, clock.now.toISOString()))
  remember(ctx, row)
  return viewOf(ctx, row, userId)
}

/** The shift row opened in the caller's transaction; its business day is the one `effective` falls in. */
function openAt(ctx: Ctx, userId: string, float: CashCount, effective: Date, now: string, central = true): ShiftRow {
  const cash = cashOf(ctx, float)
  const open = unclosedShift(ctx.db, ctx.device.device_id)
  if (open)
    throw new PosError(
      'SHIFT_ALREADY_OPEN',
      `Shift ${open.shift_number} (${nameOf(ctx, open.user_id)}) is still ${open.status === 'open' ? 'open' : 'waiting for sign-off'} on this terminal: close it first. One drawer, one shift.`,
    )
  const shift = {
    _id: ctx.newId(),
    shift_number: nextCounter(ctx.db, 'shift_seq'),
    store_id: ctx.store._id,
    device_id: ctx.device.device_id,
    user_id: userId,
    business_day: businessDay(effective, ctx.store.timezone, getSetting(ctx.db, 'business_day_start_hour')),
    opened_at: now,
    opening_float: cash.total,
    opening_count: cash.pieces,
  }
  insertShift(ctx.db, shift)
  auditEntry(
    ctx,
    userId,
    {
      action: 'shift.open',
      entity_type: 'shift',
      entity_id: shift._id,
      description: `shift ${shift.shift_number} opened with a float of ${minorToDecimal(cash.total)} ${ctx.store.currency}`,
    },
    now,
  )
  if (central)
    enqueue(
      ctx.db,
      'shifts',
      shift._id,
      'insert',
      { ...shift, opening_count: float, status: 'open', device_info: deviceDoc(ctx), created_at: now, updated_at: now },
      now,
    )
  return unclosedShift(ctx.db, ctx.device.device_id)!
}

/**
 * A shift that already happened, opened and closed with the drawer exactly as expected, for the demo's
 * history (never queued for central: demo history never happened). `fill` writes its records.
 */
export function pastShift(ctx: Ctx, userId: string, openedAt: Date, closedAt: Date, fill: (shiftId: string) => void) {
  inTransaction(ctx.db, () => {
    const row = openAt(ctx, userId, { total: 0 }, openedAt, openedAt.toISOString(), false)
    fill(row._id)
    const expected = shiftTotals(ctx.db, [row._id]).expected
    closeWith(
      ctx,
      userId,
      row._id,
      { cash: { total: expected.cash }, card: expected.card, wallet: expected.wallet },
      closedAt.toISOString(),
      null,
      false,
    )
  })
  remember(ctx, unclosedShift(ctx.db, ctx.device.device_id))
}

export const MOVEMENT_TITLES: Record<MovementKind, string> = {
  pay_in: 'PAY IN',
  pay_out: 'PAY OUT',
  drop: 'CASH DROP TO SAFE',
  no_sale: 'NO SALE',
}

/**
 * A pay in, pay out, drop or no sale in the caller's shift, audited, with its record for central. Taking out
 * more cash than the drawer should hold is refused: the drawer cannot give it, and if it really holds more,
 * the record is wrong and a manager sees it at the count.
 */
export function moveCash(
  ctx: Ctx,
  userId: string,
  kind: MovementKind,
  amount: number,
  reason: string,
): MovementView & { shift_number: number } {
  const now = assertClockTrusted(ctx, 'cash').now.toISOString()
  let short: { shiftId: string; shiftNumber: number; inDrawer: number } | null = null
  try {
    return inTransaction(ctx.db, () => {
      const shiftId = shiftForMoney(ctx, userId)
      const shift = current(ctx)!
      if (kind === 'pay_out' || kind === 'drop') {
        const inDrawer = shiftTotals(ctx.db, [shiftId]).expected.cash
        if (amount > inDrawer) {
          short = { shiftId, shiftNumber: shift.shift_number, inDrawer }
          throw new PosError('DRAWER_SHORT', 'more than the drawer holds')
        }
      }
      return recordMovement(ctx, userId, shift, shiftId, kind, amount, reason, now)
    })
  } catch (err) {
    if (!short) throw err
    throw drawerShort(ctx, userId, `shift.${kind}_refused`, MOVEMENT_TITLES[kind].toLowerCase(), amount, short, now)
  }
}

/** What the shift's drawer should hold now (in the caller's transaction): what a pay out, drop or prize may take. */
export function cashInDrawer(ctx: Ctx, shiftId: string): { inDrawer: number; shiftNumber: number } {
  return { inDrawer: shiftTotals(ctx.db, [shiftId]).expected.cash, shiftNumber: current(ctx)!.shift_number }
}

/**
 * A pay out or drop the drawer cannot give. Only someone who may see the X report is told what the drawer
 * should hold: a cashier counts blind, so theirs says no figure, and every refusal is on the audit trail (a
 * cashier probing for the figure with ever smaller amounts is there for the manager to see).
 */
export function drawerShort(
  ctx: Ctx,
  userId: string,
  action: string,
  what: string,
  amount: number,
  s: { shiftId: string; shiftNumber: number; inDrawer: number },
  now: string,
): PosError {
  const cur = ctx.store.currency
  inTransaction(ctx.db, () =>
    auditEntry(
      ctx,
      userId,
      {
        action,
        entity_type: 'shift',
        entity_id: s.shiftId,
        description: `${what} of ${minorToDecimal(amount)} ${cur} refused in shift ${s.shiftNumber}: the drawer should hold ${minorToDecimal(s.inDrawer)}`,
      },
      now,
    ),
  )
  const user = getUser(ctx.db, userId)
  if (user && permissionsOf(user).includes('report.shift'))
    return new PosError(
      'DRAWER_SHORT',
      `The drawer should hold ${formatMoney(s.inDrawer, cur)}: ${formatMoney(amount, cur)} cannot come out of it. Nothing was recorded.`,
      { expected_cash: s.inDrawer },
    )
  // A prize's amount is the ticket's, not typed: what to do is get the cash in, not check a figure.
  return new PosError(
    'DRAWER_SHORT',
    what === 'prize'
      ? `${formatMoney(amount, cur)} is more than this drawer can give. Nothing was paid: ask a manager to put cash in from the safe (a pay in), then pay the prize.`
      : `${formatMoney(amount, cur)} is more than this drawer can give. Nothing was recorded: check the amount, or ask a manager.`,
  )
}

function recordMovement(
  ctx: Ctx,
  userId: string,
  shift: ShiftRow,
  shiftId: string,
  kind: MovementKind,
  amount: number,
  reason: string,
  now: string,
): MovementView & { shift_number: number } {
  const m = {
    _id: ctx.newId(),
    shift_id: shiftId,
    kind,
    amount,
    reason,
    user_id: userId,
    approved_by: null,
    created_at: now,
  }
  insertMovement(ctx.db, m)
  auditEntry(
    ctx,
    userId,
    {
      action: `shift.${kind}`,
      entity_type: 'shift',
      entity_id: shiftId,
      description: `${MOVEMENT_TITLES[kind].toLowerCase()} ${kind === 'no_sale' ? '' : `${minorToDecimal(amount)} ${ctx.store.currency} `}in shift ${shift.shift_number}: ${reason}`,
    },
    now,
  )
  enqueue(
    ctx.db,
    'shift_movements',
    m._id,
    'insert',
    { ...m, store_id: ctx.store._id, device_info: deviceDoc(ctx) },
    now,
  )
  return {
    _id: m._id,
    kind,
    amount,
    reason,
    user: nameOf(ctx, userId),
    approved_by: null,
    created_at: now,
    shift_number: shift.shift_number,
  }
}

// ---- the blind count and the close ----

function closable(ctx: Ctx, userId: string, shiftId: string): ShiftRow {
  const row = shiftById(ctx.db, shiftId)
  if (!row || row.device_id !== ctx.device.device_id) throw new PosError('NOT_FOUND', 'No such shift on this terminal.')
  if (row.status === 'closed')
    throw new PosError('SHIFT_CLOSED', `Shift ${row.shift_number} is already closed (Z ${row.z_number}).`)
  if (row.user_id !== userId && !mayWorkInAny(ctx, userId))
    throw new PosError(
      'SHIFT_NOT_YOURS',
      `Shift ${row.shift_number} is ${nameOf(ctx, row.user_id)}'s: only they or a manager can count and close it.`,
    )
  return row
}

export function saveCountDraft(ctx: Ctx, userId: string, shiftId: string, count: CloseCount): void {
  cashOf(ctx, count.cash)
  const now = ctx.clock().toISOString()
  inTransaction(ctx.db, () => {
    const row = closable(ctx, userId, shiftId)
    if (row.status !== 'open') throw new PosError('SHIFT_COUNTED', `Shift ${row.shift_number} was already counted.`)
    saveDraft(ctx.db, shiftId, JSON.stringify(count), now)
  })
  remember(ctx, unclosedShift(ctx.db, ctx.device.device_id))
}

function movementViews(ctx: Ctx, shiftIds: string[]): MovementView[] {
  return movementsOf(ctx.db, shiftIds).map((m) => ({
    _id: m._id,
    kind: m.kind,
    amount: m.amount,
    reason: m.reason,
    user: m.user,
    approved_by: m.approver,
    created_at: m.created_at,
  }))
}

function reportOf(
  ctx: Ctx,
  row: ShiftRow,
  kind: 'x' | 'z',
  at: string,
  totals: ShiftTotals = shiftTotals(ctx.db, [row._id]),
): ShiftReport {
  return {
    kind,
    report_id: null,
    z_number: row.z_number,
    shift: {
      _id: row._id,
      shift_number: row.shift_number,
      cashier: nameOf(ctx, row.user_id),
      business_day: row.business_day,
      opened_at: row.opened_at,
      closed_at: row.closed_at,
      closed_by: row.closed_by ? nameOf(ctx, row.closed_by) : null,
    },
    totals,
    movements: movementViews(ctx, [row._id]),
    reconciliation: reconciliationOf(ctx, row),
    books: kind === 'z' ? bookCountsOf(ctx.db, row._id) : [],
    signed_off_by: row.signed_off_by ? nameOf(ctx, row.signed_off_by) : null,
    note: row.close_note,
    generated_at: at,
  }
}

/** The open shift so far (an X report): read-only. */
export function xReport(ctx: Ctx): ShiftReport {
  const row = current(ctx)
  if (!row) throw new PosError('NO_SHIFT', 'No shift is open on this terminal.')
  return reportOf(ctx, row, 'x', ctx.clock().toISOString())
}

/**
 * Closes a counted shift: its Z number, the stored Z report, the shift closed for good, its audit entry and
 * its records for central, in the caller's transaction. `totals`: the shift's, if the caller has just added
 * them up in this same transaction (the count does); otherwise they are added up here.
 */
function finalize(
  ctx: Ctx,
  row: ShiftRow,
  userId: string,
  now: string,
  signOff: { by: string; note: string } | null,
  central = true,
  totals?: ShiftTotals,
): ShiftReport {
  const z = nextCounter(ctx.db, 'z_seq')
  if (
    !markClosed(ctx.db, row._id, {
      closed_at: now,
      closed_by: userId,
      z_number: z,
      signed_off_by: signOff?.by ?? null,
      close_note: signOff?.note ?? null,
    })
  )
    throw new PosError('SHIFT_CLOSED', `Shift ${row.shift_number} changed meanwhile; look again.`)
  const closed = shiftById(ctx.db, row._id)!
  const report = { ...reportOf(ctx, closed, 'z', now, totals), report_id: ctx.newId() }
  insertReport(ctx.db, {
    _id: report.report_id,
    report_type: 'sales',
    kind: 'z',
    store_id: ctx.store._id,
    device_id: ctx.device.device_id,
    generated_by: userId,
    period_start: closed.opened_at,
    period_end: now,
    business_day: closed.business_day,
    shift_id: closed._id,
    z_number: z,
    status: 'completed',
    report_url: null,
    body: JSON.stringify(report),
    created_at: now,
  })
  const r = report.reconciliation!
  auditEntry(
    ctx,
    userId,
    {
      action: 'shift.close',
      entity_type: 'shift',
      entity_id: closed._id,
      description: `shift ${closed.shift_number} closed, Z ${z}: cash expected ${minorToDecimal(r.expected.cash)}, counted ${minorToDecimal(r.counted.cash)}, over/short ${minorToDecimal(r.over_short)}${signOff ? `, signed off by ${nameOf(ctx, signOff.by)}: ${signOff.note}` : ''}`,
    },
    now,
  )
  if (!central) return report
  enqueue(
    ctx.db,
    'shifts',
    closed._id,
    'update',
    {
      _id: closed._id,
      status: 'closed',
      counted_at: closed.counted_at,
      counted_by: closed.counted_by,
      cash_count: closed.cash_count ? JSON.parse(closed.cash_count) : null,
      counted: r.counted,
      expected: r.expected,
      over_short: r.over_short,
      signed_off_by: closed.signed_off_by,
      close_note: closed.close_note,
      closed_at: now,
      closed_by: userId,
      z_number: z,
      updated_at: now,
    },
    now,
  )
  enqueue(
    ctx.db,
    'reports',
    report.report_id,
    'insert',
    reportDoc(ctx, report.report_id, 'z', userId, closed.opened_at, now, report, now),
    now,
  )
  return report
}

function reportDoc(
  ctx: Ctx,
  id: string,
  kind: 'z' | 'day' | 'settlement',
  userId: string,
  start: string,
  end: string,
  body: unknown,
  now: string,
  status: 'completed' | 'scheduled' = 'completed',
) {
  return {
    _id: id,
    report_type: 'sales',
    kind,
    store_id: ctx.store._id,
    device_id: ctx.device.device_id,
    generated_by: userId,
    period: { start_date: start, end_date: end },
    status,
    report_url: null,
    body,
    created_at: now,
  }
}

/**
 * The blind count submitted. Within the tolerance the shift closes at once (Z report stored); beyond it the
 * count is fixed and the shift waits, counted, for a manager's sign-off. One transaction either way: a crash
 * leaves the shift as it was, or counted, or closed.
 */
export function closeShift(
  ctx: Ctx,
  userId: string,
  shiftId: string,
  count: CloseCount,
  books: { packId: string; nextTicket: number }[],
): CloseResult {
  // A clock set back would date the close before the shift's own records: it waits for a manager, like a sale.
  const now = assertClockTrusted(ctx, 'cash').now.toISOString()
  const result = inTransaction(ctx.db, () => closeWith(ctx, userId, shiftId, count, now, books))
  remember(ctx, unclosedShift(ctx.db, ctx.device.device_id))
  return result
}

function closeWith(
  ctx: Ctx,
  userId: string,
  shiftId: string,
  count: CloseCount,
  now: string,
  /** The instant packs' book count; null for the demo's past shifts, which never had one. */
  books: { packId: string; nextTicket: number }[] | null,
  central = true,
): CloseResult {
  const cash = cashOf(ctx, count.cash)
  const row = closable(ctx, userId, shiftId)
  if (row.status === 'counted')
    throw new PosError(
      'SHIFT_COUNTED',
      `Shift ${row.shift_number} was already counted: it needs a manager's sign-off, not another count.`,
    )
  const totals = shiftTotals(ctx.db, [row._id])
  const recon = reconcile(ctx, totals.expected, { cash: cash.total, card: count.card, wallet: count.wallet })
  markCounted(ctx.db, row._id, {
    counted_at: now,
    counted_by: userId,
    cash_count: cash.pieces,
    counted_cash: recon.counted.cash,
    counted_card: recon.counted.card,
    counted_wallet: recon.counted.wallet,
    expected_cash: recon.expected.cash,
    expected_card: recon.expected.card,
    expected_wallet: recon.expected.wallet,
    over_short: recon.over_short,
  })
  if (books) recordBookCounts(ctx, userId, row._id, books, now)
  if (recon.needs_sign_off) {
    // The managers hear that a drawer waits for them: until one signs off, nothing can be sold on this terminal.
    if (central)
      insertNotification(ctx.db, {
        _id: ctx.newId(),
        user_id: null,
        title: `Shift ${row.shift_number} waits for a sign-off`,
        message: `${nameOf(ctx, row.user_id)}'s shift ${row.shift_number} on ${ctx.device.device_id} was counted ${formatMoney(Math.abs(recon.over_short), ctx.store.currency)} ${recon.over_short < 0 ? 'short' : 'over'}${recon.difference.card || recon.difference.wallet ? ' (card or wallet slips off too)' : ''}. Nothing can be sold on the terminal until a manager signs it off in the Cash office.`,
        type: 'compliance',
        created_at: now,
      })
    auditEntry(
      ctx,
      userId,
      {
        action: 'shift.count',
        entity_type: 'shift',
        entity_id: row._id,
        description: `shift ${row.shift_number} counted: cash ${minorToDecimal(recon.counted.cash)} against ${minorToDecimal(recon.expected.cash)} expected (${minorToDecimal(recon.over_short)}); waiting for a manager's sign-off`,
      },
      now,
    )
    const counted = shiftById(ctx.db, row._id)!
    return { status: 'counted', shift: viewOf(ctx, counted, userId), reconciliation: recon }
  }
  // The totals the count was reconciled against, added up a moment ago in this transaction: the Z has them.
  const report = finalize(ctx, shiftById(ctx.db, row._id)!, userId, now, null, central, totals)
  return { status: 'closed', report, reconciliation: recon, receipt: { printed: false, error: null, svg: '' } }
}

/** A manager's PIN and a note close a shift whose count is beyond the tolerance. */
export function signOffShift(
  ctx: Ctx,
  userId: string,
  shiftId: string,
  approver: { userId: string; pin: string },
  note: string,
): CloseResult {
  const now = assertClockTrusted(ctx, 'cash').now.toISOString()
  const pre = closable(ctx, userId, shiftId)
  if (pre.status !== 'counted')
    throw new PosError('NOT_ALLOWED', `Shift ${pre.shift_number} has not been counted: count it first.`)
  // Nobody signs off their own shortage: the shift's cashier, or whoever counted it, needs another manager,
  // unless there is none (a one-manager store would be stuck for good): then they may, and it is flagged.
  const own = approver.userId === pre.user_id || approver.userId === pre.counted_by
  const others = otherManagers(ctx, [pre.user_id, pre.counted_by])
  if (own && others > 0)
    throw new PosError(
      'MANAGER_APPROVAL_REQUIRED',
      `${nameOf(ctx, approver.userId)} counted or ran shift ${pre.shift_number}: another manager signs off its over/short.`,
    )
  const manager = approveAsManager(
    ctx,
    approver,
    `Closing shift ${pre.shift_number} with an over/short beyond the tolerance`,
  )
  const result = inTransaction(ctx.db, (): CloseResult => {
    const row = closable(ctx, userId, shiftId)
    if (row.status !== 'counted') throw new PosError('SHIFT_CLOSED', `Shift ${row.shift_number} changed meanwhile.`)
    const report = finalize(ctx, row, userId, now, {
      by: manager._id,
      note: own ? `${note} (signed off by the store's only manager, who ran or counted this shift)` : note,
    })
    // The alert that asked for this sign-off is answered: it no longer waits in the bell.
    resolveAlerts(
      ctx.db,
      now,
      `Shift ${row.shift_number} waits for a sign-off`,
      `shift ${row.shift_number} on ${ctx.device.device_id} was counted`,
    )
    if (own)
      insertNotification(ctx.db, {
        _id: ctx.newId(),
        user_id: null,
        title: `Shift ${row.shift_number} signed off by its own manager`,
        message: `${manager.name} signed off the over/short of shift ${row.shift_number}, which they ran or counted, being the store's only manager: ${note}`,
        type: 'compliance',
        created_at: now,
      })
    return {
      status: 'closed',
      report,
      reconciliation: report.reconciliation!,
      receipt: { printed: false, error: null, svg: '' },
    }
  })
  remember(ctx, unclosedShift(ctx.db, ctx.device.device_id))
  return result
}

/** A stored Z report, as it was when the shift closed. */
export function storedZ(ctx: Ctx, userId: string, shiftId: string): ShiftReport {
  const r = zReportOf(ctx.db, shiftId)
  const row = shiftById(ctx.db, shiftId)
  if (!r || !row || row.device_id !== ctx.device.device_id)
    throw new PosError('NOT_FOUND', 'That shift has no Z report on this terminal (it may still be open).')
  const user = getUser(ctx.db, userId)
  if (row.user_id !== userId && !(user && permissionsOf(user).includes('report.shift')))
    throw new PosError('FORBIDDEN', "Only the shift's own cashier or a manager can see its Z report.")
  const z = JSON.parse(r.body) as ShiftReport
  // A Z stored before instant packs and merchandise (migration 15) had neither.
  z.books ??= []
  z.totals.merchandise ??= { items: 0, amount: 0, tax: 0, by_method: { cash: 0, card: 0, wallet: 0 } }
  return z
}

function summaryOf(ctx: Ctx, row: ShiftRow): ShiftSummary {
  return {
    _id: row._id,
    shift_number: row.shift_number,
    cashier: nameOf(ctx, row.user_id),
    status: row.status,
    business_day: row.business_day,
    opened_at: row.opened_at,
    closed_at: row.closed_at,
    z_number: row.z_number,
    over_short: row.status === 'closed' ? row.over_short : null,
    signed_off_by: row.signed_off_by ? nameOf(ctx, row.signed_off_by) : null,
  }
}

export function today(ctx: Ctx): string {
  return businessDay(checkClock(ctx).effective, ctx.store.timezone, getSetting(ctx.db, 'business_day_start_hour'))
}

export function listShifts(ctx: Ctx, day: string): ShiftSummary[] {
  return shiftsOfDay(ctx.db, ctx.device.device_id, day).map((r) => summaryOf(ctx, r))
}

// ---- the day and the week ----

export function commissions(ctx: Ctx, netSales: number, prizes: number) {
  const salesRate = getSetting(ctx.db, 'commission_sales_bps')
  const cashingRate = getSetting(ctx.db, 'commission_cashing_bps')
  const sales = commissionOf(netSales, salesRate)
  const cashing = commissionOf(prizes, cashingRate)
  return { sales_rate_bps: salesRate, cashing_rate_bps: cashingRate, sales, cashing, total: sales + cashing }
}

const hourFormats = new Map<string, Intl.DateTimeFormat>()

/**
 * The local hour (00-23) of an instant in the store's timezone. One formatter per zone, kept: luxon's parse,
 * zone change and format per hour of the day were a fifth of a day report's time.
 */
function localHourOf(zone: string): (ms: number) => string {
  let f = hourFormats.get(zone)
  if (!f)
    hourFormats.set(zone, (f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hour: '2-digit', hourCycle: 'h23' })))
  const format = f
  return (ms) => format.format(ms)
}

/** Every shift of the business day on this terminal, from the records (reads the read-only connection). */
export function dayReport(ctx: Ctx, day: string, db: ReadDB = ctx.read): DayReport {
  const startHour = getSetting(ctx.db, 'business_day_start_hour')
  const bounds = businessDayBounds(day, ctx.store.timezone, startHour)
  const rows = shiftsOfDay(db, ctx.device.device_id, day)
  const ids = rows.map((r) => r._id)
  const totals = shiftTotals(db, ids)
  const localHour = localHourOf(ctx.store.timezone)
  const hours = new Map<string, { hour: string; tickets: number; amount: number }>()
  for (const h of salesByUtcMinute(db, ids)) {
    const hour = localHour(Date.parse(`${h.h}:00Z`))
    const slot = hours.get(hour) ?? { hour, tickets: 0, amount: 0 }
    slot.tickets += h.tickets
    slot.amount += h.amount
    hours.set(hour, slot)
  }
  // The lottery's money is the tickets' price: the sales tax collected is the store's to pass on, not the lottery's.
  const netSales = totals.sales.amount - totals.sales.tax - (totals.cancellations.amount - totals.cancellations.tax)
  const prizes = totals.payouts.amount
  const closed = rows.filter((r) => r.status === 'closed')
  const stored = latestDayReport(db, day)
  // A drawer beyond the tolerance when it closed had to be signed off: that, not today's setting, says whether it
  // was off. A tolerance raised afterwards never turns a past difference into a balanced day.
  const cashBalanced = closed.length === rows.length && closed.every((r) => r.signed_off_by === null)
  const overShort = closed.reduce((s, r) => s + (r.over_short ?? 0), 0)
  const packs = instantMissingOf(db, ids)
  const gone = packs.filter((p) => p.missing > 0)
  const stolen = packsStolenBetween(db, ctx.store._id, bounds.start.toISOString(), bounds.end.toISOString())
  const instant: InstantMissing = {
    tickets: gone.reduce((s, p) => s + p.missing, 0),
    value: gone.reduce((s, p) => s + p.missing * p.ticket_price, 0),
    recovered: packs.reduce((s, p) => s + Math.max(0, -p.missing), 0),
    packs,
  }
  return {
    business_day: day,
    period: { start: bounds.start.toISOString(), end: bounds.end.toISOString() },
    shifts: rows.map((r) => summaryOf(ctx, r)),
    totals,
    by_hour: [...hours.values()].sort((a, b) => a.hour.localeCompare(b.hour)),
    net_sales: netSales,
    prizes_cashed: prizes,
    lottery_cash_due: netSales - prizes,
    commissions: commissions(ctx, netSales, prizes),
    over_short: overShort,
    // Balanced is every drawer within the tolerance and no instant ticket gone from its pack unsold. A
    // difference a manager signed off is explained, not balanced: the day says so, with how many.
    balanced: cashBalanced && instant.tickets === 0,
    cash_balanced: cashBalanced,
    signed_off_differences: closed.filter((r) => r.signed_off_by !== null).length,
    instant_missing: instant,
    packs_stolen: stolen,
    open_shifts: rows.length - closed.length,
    stored: stored
      ? {
          report_id: stored._id,
          created_at: stored.created_at,
          generated_by: nameOf(ctx, stored.generated_by),
          revision: stored.revision,
          changed: changedSince(JSON.parse(stored.body) as DayReport, {
            sales: totals.sales.amount,
            cancellations: totals.cancellations.amount,
            prizes,
            over_short: overShort,
            shifts: rows.length,
            stolen: stolen.value,
          }),
        }
      : null,
  }
}

/** The figures a stored day report had that the records now contradict: what ending the day again would change. */
function changedSince(
  then: DayReport,
  now: { sales: number; cancellations: number; prizes: number; over_short: number; shifts: number; stolen: number },
): { figure: string; then: number; now: number }[] {
  const was = {
    sales: then.totals.sales.amount,
    cancellations: then.totals.cancellations.amount,
    prizes: then.prizes_cashed,
    over_short: then.over_short,
    shifts: then.shifts.length,
    // A report stored before stolen packs were in it says nothing of them: not a change.
    stolen: then.packs_stolen?.value ?? now.stolen,
  }
  return (Object.keys(now) as (keyof typeof now)[])
    .filter((k) => was[k] !== now[k])
    .map((k) => ({ figure: k, then: was[k], now: now[k] }))
}

/**
 * End of day: the day report stored (reports, type sales) and the managers told (sales_summary), once every
 * shift of the day is closed. Run again (a late correction) it stores a new revision; the earlier stays.
 */
export function closeDay(ctx: Ctx, userId: string, day: string): DayReport {
  const now = assertClockTrusted(ctx, 'cash').now.toISOString()
  if (day > today(ctx)) throw new PosError('NOT_ALLOWED', `${day} has not started yet.`)
  return inTransaction(ctx.db, () => {
    const report = dayReport(ctx, day, ctx.db)
    const open = report.shifts.find((s) => s.status !== 'closed')
    if (open)
      throw new PosError(
        'DAY_OPEN',
        `Shift ${open.shift_number} (${open.cashier}) is not closed yet: close every shift of ${day} before ending the day.`,
      )
    const id = ctx.newId()
    const revision = (report.stored?.revision ?? 0) + 1
    const stored = {
      ...report,
      stored: { report_id: id, created_at: now, generated_by: nameOf(ctx, userId), revision },
    }
    insertReport(ctx.db, {
      _id: id,
      report_type: 'sales',
      kind: 'day',
      store_id: ctx.store._id,
      device_id: ctx.device.device_id,
      generated_by: userId,
      period_start: report.period.start,
      period_end: report.period.end,
      business_day: day,
      shift_id: null,
      z_number: null,
      // Its file is written once the close committed (report/module.ts): then completed, or failed and why.
      status: 'scheduled',
      report_url: null,
      body: JSON.stringify(stored),
      created_at: now,
    })
    const cur = ctx.store.currency
    insertNotification(ctx.db, {
      _id: ctx.newId(),
      user_id: null,
      title: `Day ${day} closed on ${ctx.device.device_id}${revision > 1 ? ` (revision ${revision})` : ''}`,
      message: `Sales ${formatMoney(report.totals.sales.amount, cur)}, cancellations ${formatMoney(report.totals.cancellations.amount, cur)}, prizes paid ${formatMoney(report.prizes_cashed, cur)}, lottery cash due ${formatMoney(report.lottery_cash_due, cur)}, commissions ${formatMoney(report.commissions.total, cur)}. Cash over/short ${formatMoney(report.over_short, cur)}${report.instant_missing?.tickets ? `, instant tickets missing ${report.instant_missing.tickets} (${formatMoney(report.instant_missing.value, cur)})` : ''}: ${report.balanced ? 'balanced' : 'NOT balanced'}.`,
      type: 'sales_summary',
      created_at: now,
    })
    auditEntry(
      ctx,
      userId,
      {
        action: 'report.day',
        entity_type: 'report',
        entity_id: id,
        description: `end of day ${day} (revision ${revision}): ${report.shifts.length} shifts, sales ${minorToDecimal(report.totals.sales.amount)}, due ${minorToDecimal(report.lottery_cash_due)}, over/short ${minorToDecimal(report.over_short)}`,
      },
      now,
    )
    enqueue(
      ctx.db,
      'reports',
      id,
      'insert',
      reportDoc(ctx, id, 'day', userId, report.period.start, report.period.end, stored, now, 'scheduled'),
      now,
    )
    return stored
  })
}

/** The calendar day `n` days after `day` (YYYY-MM-DD): calendar arithmetic, the same in every timezone. */
function plusDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number)
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10)
}

/** The lottery week holding `weekOf`: per business day and for the week, what the lottery collects. */
export function settlement(ctx: Ctx, weekOf: string): Settlement {
  const startHour = getSetting(ctx.db, 'business_day_start_hour')
  const weekStart = getSetting(ctx.db, 'lottery_week_start')
  const zone = ctx.store.timezone
  const noon = DateTime.fromISO(weekOf, { zone }).set({ hour: 12 }).toJSDate()
  const week = lotteryWeek(noon, zone, weekStart, startHour)
  // Seven calendar days from the first: plain date arithmetic (luxon's, seven times, was an eighth of the report).
  const days = Array.from({ length: 7 }, (_, i) => plusDays(week.first, i))
  const money = dayMoney(ctx.read, ctx.device.device_id, days)
  const dayRow = (day: string, sales: number, cancellations: number, prizes: number): SettlementDay => {
    const c = commissions(ctx, sales - cancellations, prizes)
    return {
      business_day: day,
      sales,
      cancellations,
      prizes_cashed: prizes,
      commissions: c.total,
      due: sales - cancellations - prizes - c.total,
    }
  }
  // Records from before shifts existed can only be on days that began before the first shift opened.
  const first = firstShiftOpened(ctx.read)
  const rows = days.map((d) => {
    const m = money.get(d)!
    const { start, end } = businessDayBounds(d, zone, startHour)
    if (first !== null && start.toISOString() >= first) return dayRow(d, m.sales, m.cancellations, m.prizes)
    const old = beforeShifts(ctx.read, ctx.store._id, start.toISOString(), end.toISOString())
    return dayRow(d, m.sales + old.sales, m.cancellations + old.cancellations, m.prizes + old.prizes)
  })
  const sum = (k: 'sales' | 'cancellations' | 'prizes_cashed') => rows.reduce((s, r) => s + r[k], 0)
  const total = dayRow(`${week.first}/${week.last}`, sum('sales'), sum('cancellations'), sum('prizes_cashed'))
  const weekStartsAt = businessDayBounds(week.first, zone, startHour).start.toISOString()
  const weekEndsAt = businessDayBounds(week.last, zone, startHour).end.toISOString()
  return {
    week: { first: week.first, last: week.last, week_start: weekStart, in_progress: week.last >= today(ctx) },
    days: rows,
    total,
    commissions: commissions(ctx, total.sales - total.cancellations, total.prizes_cashed),
    packs_stolen: packsStolenBetween(ctx.read, ctx.store._id, weekStartsAt, weekEndsAt),
  }
}

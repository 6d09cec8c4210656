import type {
  BookCountView,
  ByMethod,
  DayReport,
  PacksStolen,
  MovementView,
  Reconciliation,
  Settlement,
  ShiftReport,
  ShiftTotals,
} from '../../shared/contract'
import { formatMoney } from '../../shared/money'
import { DateTime } from 'luxon'
import { columnsFor, formatReceiptTime, pair, text, type LayoutOp } from './layout'
import { formatCell, periodText, type CellFormat, type ReportDocument } from '../../shared/report-doc'

/**
 * The cash office's paper: X and Z reports, the day report, the lottery settlement and the slip of a cash
 * movement. Pure functions of the record, like tickets and receipts, so the preview is the paper.
 */

export interface OfficeHeader {
  store_name: string
  timezone: string
  currency: string
  device_id: string
  /** When this paper is printed (a copy of a Z says so, and when). */
  printed_at: string
  copy?: boolean
}

export const COPY_MARKER = '*** COPY ***'
const METHODS: (keyof ByMethod)[] = ['cash', 'card', 'wallet']

function heading(value: string, width: number): LayoutOp[] {
  const size = columnsFor(width, 2) >= value.length ? 2 : 1
  return text(value, width, { align: 'center', bold: true, size })
}

const signed = (amount: number, currency: string) =>
  amount > 0 ? `+${formatMoney(amount, currency)}` : formatMoney(amount, currency)

function top(title: string, h: OfficeHeader, width: number): LayoutOp[] {
  return [
    ...(h.copy ? heading(COPY_MARKER, width) : []),
    ...heading(title, width),
    ...text(h.store_name, width, { align: 'center', bold: true }),
    ...pair('Terminal', h.device_id, width),
    { kind: 'rule', char: '=' },
  ]
}

function foot(h: OfficeHeader, width: number): LayoutOp[] {
  return [
    { kind: 'rule', char: '-' },
    ...pair('Printed', formatReceiptTime(h.printed_at, h.timezone, true), width),
    { kind: 'feed', lines: 2 },
    { kind: 'cut' },
  ]
}

function totalsLines(t: ShiftTotals, cur: string, width: number): LayoutOp[] {
  const m = (n: number) => formatMoney(n, cur)
  // Nothing taken off prints as $0.00, not -$0.00.
  const minus = (n: number) => (n ? `-${m(n)}` : m(0))
  const ops: LayoutOp[] = [
    ...text('SALES', width, { bold: true }),
    ...pair(`Transactions`, String(t.sales.transactions), width),
    ...pair(`Tickets`, String(t.sales.tickets), width),
    ...METHODS.filter((k) => t.sales.by_method[k]).flatMap((k) => pair(`  ${k}`, m(t.sales.by_method[k]), width)),
    ...pair('Sales total', m(t.sales.amount), width, true),
    ...(t.sales.tax ? pair('  of which tax', m(t.sales.tax), width) : []),
    { kind: 'rule', char: '-' },
    ...text('BY GAME', width, { bold: true }),
  ]
  for (const g of t.by_game) {
    ops.push(...pair(`${g.code} x${g.tickets}`, m(g.amount), width))
    if (g.cancelled) ops.push(...pair(`  cancelled x${g.cancelled}`, minus(g.cancelled_amount), width))
  }
  if (!t.by_game.length) ops.push(...text('No sales', width))
  // Stored before merchandise was sold (migration 15): no such line.
  const goods = t.merchandise
  if (goods?.items)
    ops.push(
      { kind: 'rule', char: '-' },
      ...text('MERCHANDISE', width, { bold: true }),
      ...pair(`Items x${goods.items}`, m(goods.amount), width),
      ...(goods.tax ? pair('  of which tax', m(goods.tax), width) : []),
    )
  ops.push(
    { kind: 'rule', char: '-' },
    ...pair(`Cancellations x${t.cancellations.count}`, minus(t.cancellations.amount), width),
    ...pair(`Prizes paid x${t.payouts.count}`, minus(t.payouts.amount), width),
    { kind: 'rule', char: '-' },
    ...text('CASH DRAWER', width, { bold: true }),
    ...pair('Opening float', m(t.opening_float), width),
    ...pair('+ Cash sales', m(t.sales.by_method.cash), width),
    ...(goods?.by_method.cash ? pair('+ Cash merchandise', m(goods.by_method.cash), width) : []),
    ...pair('- Cash refunds', m(t.cancellations.by_method.cash), width),
    ...pair('- Prizes paid', m(t.payouts.amount), width),
    ...pair('+ Pay in', m(t.pay_in), width),
    ...pair('- Pay out', m(t.pay_out), width),
    ...pair('- Drops to safe', m(t.drops), width),
    ...pair('Expected cash', m(t.expected.cash), width, true),
    ...(t.no_sales ? pair('No-sale openings', String(t.no_sales), width) : []),
  )
  return ops
}

function reconciliationLines(r: Reconciliation, cur: string, width: number): LayoutOp[] {
  const m = (n: number) => formatMoney(n, cur)
  const ops: LayoutOp[] = [{ kind: 'rule', char: '-' }, ...text('COUNT', width, { bold: true })]
  for (const k of METHODS) {
    if (!r.expected[k] && !r.counted[k]) continue
    ops.push(
      ...text(k.toUpperCase(), width),
      ...pair('  Expected', m(r.expected[k]), width),
      ...pair('  Counted', m(r.counted[k]), width),
      ...pair('  Difference', signed(r.difference[k], cur), width),
    )
  }
  const word = r.over_short === 0 ? 'BALANCED' : r.over_short > 0 ? 'OVER' : 'SHORT'
  ops.push(...heading(`${word} ${r.over_short === 0 ? '' : m(Math.abs(r.over_short))}`.trim(), width))
  return ops
}

function movementLines(ms: MovementView[], h: OfficeHeader, width: number): LayoutOp[] {
  const moved = ms.filter((x) => x.kind !== 'no_sale' || x.reason)
  if (!moved.length) return []
  const label = { pay_in: 'Pay in', pay_out: 'Pay out', drop: 'Drop', no_sale: 'No sale' } as const
  return [
    { kind: 'rule', char: '-' },
    ...text('MOVEMENTS', width, { bold: true }),
    ...moved.flatMap((x) => [
      ...pair(
        `${DateTime.fromISO(x.created_at).setZone(h.timezone).toFormat('HH:mm')} ${label[x.kind]}`,
        x.kind === 'no_sale' ? '' : formatMoney(x.amount, h.currency),
        width,
      ),
      ...text(`  ${x.reason} (${x.user})`, width),
    ]),
  ]
}

export function shiftReportLayout(r: ShiftReport, h: OfficeHeader, opts: { width: number }): LayoutOp[] {
  const w = opts.width
  const title = r.kind === 'x' ? 'X REPORT' : `Z REPORT ${r.z_number}`
  return [
    ...top(title, h, w),
    ...(r.kind === 'x' ? text('Shift still open: not a closing report', w, { align: 'center' }) : []),
    ...pair('Shift', String(r.shift.shift_number), w, true),
    ...pair('Cashier', r.shift.cashier, w),
    ...pair('Business day', r.shift.business_day, w),
    ...pair('Opened', formatReceiptTime(r.shift.opened_at, h.timezone), w),
    ...(r.shift.closed_at ? pair('Closed', formatReceiptTime(r.shift.closed_at, h.timezone), w) : []),
    ...(r.shift.closed_by ? pair('Closed by', r.shift.closed_by, w) : []),
    { kind: 'rule', char: '-' },
    ...totalsLines(r.totals, h.currency, w),
    ...movementLines(r.movements, h, w),
    ...(r.reconciliation ? reconciliationLines(r.reconciliation, h.currency, w) : []),
    ...bookLines(r.books ?? [], h.currency, w),
    ...(r.signed_off_by ? pair('Signed off by', r.signed_off_by, w, true) : []),
    ...(r.note ? text(`Note: ${r.note}`, w) : []),
    ...(r.kind === 'z'
      ? [
          { kind: 'feed', lines: 2 } as LayoutOp,
          { kind: 'rule', char: '_' } as LayoutOp,
          ...text('Cashier signature', w, { align: 'center' }),
        ]
      : []),
    ...foot(h, w),
  ]
}

/** The instant packs counted at the close: the tickets gone without a sale stand out. */
function bookLines(books: BookCountView[], cur: string, width: number): LayoutOp[] {
  if (!books.length) return []
  const ops: LayoutOp[] = [{ kind: 'rule', char: '-' }, ...text('INSTANT PACKS', width, { bold: true })]
  for (const b of books) {
    ops.push(...pair(`${b.game_name} ${b.pack_number}`, `next ${String(b.next_ticket).padStart(3, '0')}`, width))
    if (b.missing > 0)
      ops.push(...pair(`  MISSING x${b.missing}`, formatMoney(b.missing * b.ticket_price, cur), width, true))
    else if (b.missing < 0)
      ops.push(...text(`  ${-b.missing} sold beyond the count: count again`, width, { bold: true }))
  }
  return ops
}

/** Packs reported stolen in the period: told apart from the figures, which they are not in. */
function stolenLines(stolen: PacksStolen | undefined, cur: string, width: number): LayoutOp[] {
  if (!stolen?.packs.length) return []
  return [
    { kind: 'rule', char: '-' },
    ...text('PACKS REPORTED STOLEN (not above)', width, { bold: true }),
    ...stolen.packs.flatMap((p) => [
      ...pair(`${p.game_name} ${p.pack_number}`, formatMoney(p.value, cur), width),
      ...text(`  ${p.tickets} left, ${p.activated ? 'was on sale' : 'not activated'}`, width),
    ]),
  ]
}

export function dayReportLayout(r: DayReport, h: OfficeHeader, opts: { width: number }): LayoutOp[] {
  const w = opts.width
  const m = (n: number) => formatMoney(n, h.currency)
  const t = r.totals
  return [
    ...top('DAY REPORT', h, w),
    ...pair('Business day', r.business_day, w, true),
    ...pair('Shifts', `${r.shifts.length}${r.open_shifts ? ` (${r.open_shifts} open)` : ''}`, w),
    ...r.shifts
      .map((s) => s)
      .flatMap((s) =>
        pair(
          `  ${s.shift_number} ${s.cashier}`,
          s.status === 'closed' ? `Z${s.z_number} ${signed(s.over_short ?? 0, h.currency)}` : s.status.toUpperCase(),
          w,
        ),
      ),
    { kind: 'rule', char: '-' },
    ...text('BY PAYMENT', w, { bold: true }),
    ...METHODS.flatMap((k) => pair(`  ${k}`, m(t.sales.by_method[k] - t.cancellations.by_method[k]), w)),
    { kind: 'rule', char: '-' },
    ...totalsLines(t, h.currency, w),
    { kind: 'rule', char: '-' },
    ...text('BY HOUR', w, { bold: true }),
    ...r.by_hour.flatMap((x) => pair(`  ${x.hour}:00 x${x.tickets}`, m(x.amount), w)),
    { kind: 'rule', char: '=' },
    ...pair('Net ticket sales (ex tax)', m(r.net_sales), w),
    ...pair('Prizes cashed', m(r.prizes_cashed), w),
    ...pair('Lottery cash due', m(r.lottery_cash_due), w, true),
    ...pair(`Sales commission ${r.commissions.sales_rate_bps / 100}%`, m(r.commissions.sales), w),
    ...pair(`Cashing commission ${r.commissions.cashing_rate_bps / 100}%`, m(r.commissions.cashing), w),
    ...pair('Commissions earned', m(r.commissions.total), w, true),
    { kind: 'rule', char: '=' },
    ...pair('Cash over/short', signed(r.over_short, h.currency), w, true),
    ...(r.instant_missing?.tickets
      ? pair(`Instant missing x${r.instant_missing.tickets}`, m(r.instant_missing.value), w, true)
      : []),
    ...heading(r.balanced ? 'DAY BALANCED' : 'NOT BALANCED', w),
    ...stolenLines(r.packs_stolen, h.currency, w),
    ...foot(h, w),
  ]
}

export function settlementLayout(s: Settlement, h: OfficeHeader, opts: { width: number }): LayoutOp[] {
  const w = opts.width
  const m = (n: number) => formatMoney(n, h.currency)
  const dayName = (d: string) => DateTime.fromISO(d).toFormat('ccc d LLL')
  return [
    ...top('LOTTERY SETTLEMENT', h, w),
    ...pair('Week', `${s.week.first} - ${s.week.last}`, w, true),
    { kind: 'rule', char: '-' },
    ...s.days.flatMap((d) => [
      ...text(dayName(d.business_day), w, { bold: true }),
      ...pair('  Sales', m(d.sales), w),
      ...pair('  - Cancellations', m(d.cancellations), w),
      ...pair('  - Prizes cashed', m(d.prizes_cashed), w),
      ...pair('  - Commissions', m(d.commissions), w),
      ...pair('  Due to lottery', m(d.due), w, true),
    ]),
    { kind: 'rule', char: '=' },
    ...text('WEEK', w, { bold: true }),
    ...pair('Sales', m(s.total.sales), w),
    ...pair('- Cancellations', m(s.total.cancellations), w),
    ...pair('- Prizes cashed', m(s.total.prizes_cashed), w),
    ...pair(`- Sales commission ${s.commissions.sales_rate_bps / 100}%`, m(s.commissions.sales), w),
    ...pair(`- Cashing commission ${s.commissions.cashing_rate_bps / 100}%`, m(s.commissions.cashing), w),
    ...heading(`DUE ${m(s.total.due)}`, w),
    ...stolenLines(s.packs_stolen, h.currency, w),
    ...foot(h, w),
  ]
}

const SLIP_TITLES = { pay_in: 'PAY IN', pay_out: 'PAY OUT', drop: 'CASH DROP', no_sale: 'NO SALE' } as const

/** A pay in, pay out, drop or no sale: the drawer opens first, the slip goes in the drawer (or the safe bag). */
export function movementSlipLayout(
  mv: MovementView & { shift_number: number },
  h: OfficeHeader,
  opts: { width: number },
): LayoutOp[] {
  const w = opts.width
  return [
    { kind: 'drawer' },
    ...top(SLIP_TITLES[mv.kind], h, w),
    ...(mv.kind === 'no_sale' ? [] : heading(formatMoney(mv.amount, h.currency), w)),
    ...text(`Reason: ${mv.reason}`, w),
    ...pair('Shift', String(mv.shift_number), w),
    ...pair('By', mv.user, w),
    ...pair('Time', formatReceiptTime(mv.created_at, h.timezone, true), w),
    ...(mv.kind === 'drop' || mv.kind === 'pay_out'
      ? [
          { kind: 'feed', lines: 2 } as LayoutOp,
          { kind: 'rule', char: '_' } as LayoutOp,
          ...text('Signature', w, { align: 'center' }),
        ]
      : []),
    { kind: 'feed', lines: 2 },
    { kind: 'cut' },
  ]
}

/** The rows of each table a printed summary keeps: the paper is for a glance, the PDF for the whole report. */
export const SUMMARY_ROWS = 8

/**
 * Any report's summary on paper: its headline figures, then the first rows of each table that fits a line
 * (its first column against its first figure), in the store's currency and locale.
 */
export function reportSummaryLayout(
  d: ReportDocument,
  h: OfficeHeader,
  opts: { width: number; format: CellFormat },
): LayoutOp[] {
  const w = opts.width
  const f = opts.format
  const ops: LayoutOp[] = [
    ...top(d.title.toUpperCase(), h, w),
    ...text(periodText(d.period, f.locale), w, { align: 'center' }),
    ...text(d.scope, w, { align: 'center' }),
    { kind: 'rule', char: '-' },
    ...d.kpis.flatMap((k) => pair(k.label, formatCell(k.value, k.type, f), w)),
  ]
  for (const t of d.tables) {
    const figure = t.columns.findIndex((c, i) => i > 0 && c.type !== 'text' && c.type !== 'date')
    if (figure < 0 || t.rows.length === 0 || t.id === 'summary') continue
    ops.push({ kind: 'rule', char: '-' }, ...text(t.title.toUpperCase(), w, { bold: true }))
    for (const r of t.rows.slice(0, SUMMARY_ROWS))
      ops.push(...pair(`  ${String(r[0] ?? '')}`, formatCell(r[figure], t.columns[figure].type, f), w))
    if (t.rows.length > SUMMARY_ROWS) ops.push(...text(`  and ${t.rows.length - SUMMARY_ROWS} more`, w))
  }
  return [...ops, ...foot(h, w)]
}

import { DateTime } from 'luxon'
import {
  PRODUCT_LOW_STOCK,
  type InventoryReport,
  type PerformanceReport,
  type PeriodView,
  type Permission,
  type ReportOf,
  type ReportScope,
  type ReportType,
  type SalesFigures,
  type SalesReport,
  type StockState,
} from '../../shared/contract'
import { businessDayBounds } from '../../shared/cash'
import { PosError } from '../../shared/errors'
import {
  PeriodError,
  previousPeriod,
  resolvePeriod,
  type Period,
  type PeriodRequest,
  type PeriodRules,
} from '../../shared/period'
import type { Ctx } from '../core/context'
import { getSetting } from '../settings/repo'
import { commissions } from '../shift/service'
import type { ReadDB } from '../store/db'
import {
  adjustmentsByType,
  cancelled,
  cancelsByCashier,
  merchandiseCarts,
  merchandiseByCashier,
  packsOf,
  paid,
  payoutsByCashier,
  productMovements,
  productsSold,
  productStock,
  salesByCashier,
  salesByGame,
  salesBySlice,
  shiftsInRange,
  stockBatches,
  ticketMovements,
  userNames,
  type Range,
} from './repo'

function rulesOf(ctx: Ctx): PeriodRules {
  return {
    zone: ctx.store.timezone,
    lotteryWeekStart: getSetting(ctx.read, 'lottery_week_start'),
    businessDayStartHour: getSetting(ctx.read, 'business_day_start_hour'),
  }
}

/** The period a request names, or the reason it names none (PERIOD_INVALID). */
export function periodOf(ctx: Ctx, req: PeriodRequest): { period: Period; rules: PeriodRules } {
  const rules = rulesOf(ctx)
  try {
    return { period: resolvePeriod(req, ctx.clock(), rules), rules }
  } catch (err) {
    if (err instanceof PeriodError) throw new PosError('PERIOD_INVALID', err.message)
    throw err
  }
}

/** The store's figures for a holder of view_reports; anyone else's own (their sales, cancellations, payouts). */
export function scopeOf(ctx: Ctx, userId: string, permissions: readonly Permission[]): ReportScope {
  if (permissions.includes('view_reports')) return { kind: 'store' }
  return { kind: 'own', user_id: userId, cashier: userNames(ctx.read).get(userId) ?? 'unknown' }
}

export function rangeOf(ctx: Ctx, p: PeriodView, scope: ReportScope): Range {
  return { store: ctx.store._id, start: p.start, end: p.end, user: scope.kind === 'own' ? scope.user_id : null }
}

function figuresOf(ctx: Ctx, db: ReadDB, r: Range, games = salesByGame(db, r)): SalesFigures {
  const by_method = { cash: 0, card: 0, wallet: 0 }
  let transactions = 0
  let tickets = 0
  let amount = 0
  let tax = 0
  let price = 0
  for (const g of games) {
    transactions += g.tx
    tickets += g.tickets
    amount += g.amount
    tax += g.tax
    price += g.price
    by_method[g.payment_method] += g.amount
  }
  const c = cancelled(db, r)
  const prizes = paid(db, r)
  const goods = productsSold(db, r)
  const net = price - c.price
  return {
    // Every cart once: those led by a ticket (line 0 in sales) and those led by merchandise.
    transactions: transactions + merchandiseCarts(db, r),
    tickets,
    amount,
    tax,
    by_method,
    merchandise: { items: goods.reduce((s, x) => s + x.items, 0), amount: goods.reduce((s, x) => s + x.amount, 0) },
    cancellations: { count: c.n, amount: c.amount },
    payouts: { count: prizes.n, amount: prizes.amount },
    net_sales: net,
    lottery_cash_due: net - prizes.amount,
    commissions: commissions(ctx, net, prizes.amount),
  }
}

/**
 * The sales report of a period against the one of the same length before: totals, each business day, each
 * local hour, each game (with its previous amount) and product. Every query reads the read-only connection.
 */
export function salesReport(ctx: Ctx, req: PeriodRequest, scope: ReportScope, db: ReadDB = ctx.read): SalesReport {
  const { period, rules } = periodOf(ctx, req)
  const previous = previousPeriod(period, rules)
  const range = rangeOf(ctx, period, scope)
  const before = rangeOf(ctx, previous, scope)
  const games = salesByGame(db, range)
  const earlier = salesByGame(db, before)
  const zone = rules.zone
  // Each business day with where it ends (UTC, ISO): the slices come in time order, so one walk files them.
  const days: { day: string; end: string; tickets: number; amount: number }[] = []
  for (let d = DateTime.fromISO(period.first, { zone }), i = 0; i < period.days; i++, d = d.plus({ days: 1 })) {
    const day = d.toISODate()!
    days.push({
      day,
      end: businessDayBounds(day, zone, rules.businessDayStartHour ?? 0).end.toISOString(),
      tickets: 0,
      amount: 0,
    })
  }
  const hours = Array.from({ length: 24 }, (_, h) => ({ hour: String(h).padStart(2, '0'), tickets: 0, amount: 0 }))
  const localHour = new Intl.DateTimeFormat('en-US', { timeZone: zone, hour: '2-digit', hourCycle: 'h23' })
  let k = 0
  for (const s of salesBySlice(db, range)) {
    const at = new Date(`${s.t}${s.width === 13 ? ':00' : ''}:00Z`)
    const iso = at.toISOString()
    while (k < days.length - 1 && iso >= days[k].end) k++
    days[k].tickets += s.tickets
    days[k].amount += s.amount
    const h = hours[Number(localHour.format(at)) % 24]
    h.tickets += s.tickets
    h.amount += s.amount
  }
  const byGame = new Map<string, SalesReport['by_game'][number]>()
  const game = (g: (typeof games)[number]) => {
    let row = byGame.get(g.lottery_id)
    if (!row)
      byGame.set(
        g.lottery_id,
        (row = { lottery_id: g.lottery_id, code: g.code, name: g.name, tickets: 0, amount: 0, previous_amount: 0 }),
      )
    return row
  }
  for (const g of games) {
    const row = game(g)
    row.tickets += g.tickets
    row.amount += g.amount
  }
  for (const g of earlier) game(g).previous_amount += g.amount
  return {
    scope,
    period,
    previous,
    figures: figuresOf(ctx, db, range, games),
    previous_figures: figuresOf(ctx, db, before, earlier),
    by_day: days.map(({ day, tickets, amount }) => ({ day, tickets, amount })),
    by_hour: hours,
    by_game: [...byGame.values()].sort((a, b) => b.amount - a.amount || a.code.localeCompare(b.code)),
    by_product: productsSold(db, range),
    generated_at: ctx.clock().toISOString(),
  }
}

function stateOf(remaining: number, threshold: number): StockState {
  return remaining <= 0 ? 'out' : remaining <= threshold ? 'low' : 'ok'
}
const worst = (a: StockState, b: StockState): StockState =>
  a === 'out' || b === 'out' ? 'out' : a === 'low' || b === 'low' ? 'low' : 'ok'

/** Stock as it stands (per game, batch, instant pack and product) and its movements over the period. */
export function inventoryReport(ctx: Ctx, req: PeriodRequest, db: ReadDB = ctx.read): InventoryReport {
  const { period } = periodOf(ctx, req)
  const range = rangeOf(ctx, period, { kind: 'store' })
  const batches = stockBatches(db, ctx.store._id).map((b) => ({
    ...b,
    state: stateOf(b.remaining_stock, b.reorder_threshold),
  }))
  const games = new Map<string, InventoryReport['games'][number]>()
  for (const b of batches) {
    const g = games.get(b.lottery_id) ?? {
      lottery_id: b.lottery_id,
      code: b.code,
      name: b.game,
      batches: 0,
      total_stock: 0,
      remaining_stock: 0,
      state: 'ok' as StockState,
    }
    g.batches++
    g.total_stock += b.total_stock
    g.remaining_stock += b.remaining_stock
    g.state = worst(g.state, b.state)
    games.set(b.lottery_id, g)
  }
  const packs = packsOf(db, range).map((p) => ({
    pack_id: p.pack_id,
    game: p.game,
    pack_number: p.pack_number,
    status: p.status,
    tickets_per_pack: p.tickets_per_pack,
    sold: p.sold,
    remaining: p.status === 'received' || p.status === 'activated' ? p.tickets_per_pack - p.sold : 0,
    value_remaining:
      p.status === 'received' || p.status === 'activated' ? (p.tickets_per_pack - p.sold) * p.ticket_price : 0,
  }))
  const byState = new Map<string, InventoryReport['packs_by_state'][number]>()
  for (const p of packs) {
    const s = byState.get(p.status) ?? { status: p.status, packs: 0, tickets_remaining: 0, value_remaining: 0 }
    s.packs++
    s.tickets_remaining += p.remaining
    s.value_remaining += p.value_remaining
    byState.set(p.status, s)
  }
  const products = productStock(db).map((p) => ({
    ...p,
    value: p.quantity * p.price,
    state: stateOf(p.quantity, PRODUCT_LOW_STOCK),
  }))
  const low_stock: InventoryReport['low_stock'] = [
    ...batches
      .filter((b) => b.state !== 'ok')
      .map((b) => ({
        item: `${b.game} batch ${b.batch_number}`,
        kind: 'batch' as const,
        remaining: b.remaining_stock,
        threshold: b.reorder_threshold,
        state: b.state,
      })),
    ...products
      .filter((p) => p.state !== 'ok')
      .map((p) => ({
        item: `${p.name} (${p.sku})`,
        kind: 'product' as const,
        remaining: p.quantity,
        threshold: PRODUCT_LOW_STOCK,
        state: p.state,
      })),
  ].sort((a, b) => a.remaining - b.remaining || a.item.localeCompare(b.item))
  return {
    period,
    games: [...games.values()],
    batches: batches.map(({ lottery_id: _l, code: _c, ...b }) => b),
    packs,
    packs_by_state: [...byState.values()],
    products,
    movements: [
      ...ticketMovements(db, range, salesByGame(db, range)).map((m) => ({ stock: 'tickets' as const, ...m })),
      ...productMovements(db, range).map((m) => ({ stock: 'products' as const, ...m })),
    ],
    adjustments: adjustmentsByType(db, range),
    low_stock,
    generated_at: ctx.clock().toISOString(),
  }
}

const ratioBps = (part: number, whole: number) => (whole ? Math.round((part * 10_000) / whole) : 0)

/** Per cashier (sales, pace, cancellations, over/short of their shifts) and per game (share, trend). */
export function performanceReport(
  ctx: Ctx,
  req: PeriodRequest,
  scope: ReportScope,
  db: ReadDB = ctx.read,
): PerformanceReport {
  const { period, rules } = periodOf(ctx, req)
  const previous = previousPeriod(period, rules)
  const range = rangeOf(ctx, period, scope)
  const names = userNames(db)
  const now = ctx.clock().toISOString()
  type Row = PerformanceReport['cashiers'][number]
  const rows = new Map<string, Row>()
  const row = (id: string): Row => {
    let r = rows.get(id)
    if (!r)
      rows.set(
        id,
        (r = {
          user_id: id,
          cashier: names.get(id) ?? 'unknown',
          transactions: 0,
          tickets: 0,
          amount: 0,
          merchandise: 0,
          hours: 0,
          tickets_per_hour: null,
          average_sale: null,
          cancellations: 0,
          cancelled_amount: 0,
          payouts: 0,
          over_short: 0,
          shifts: 0,
        }),
      )
    return r
  }
  for (const s of salesByCashier(db, range))
    Object.assign(row(s.user_id), { transactions: s.tx, tickets: s.tickets, amount: s.amount })
  for (const s of merchandiseByCashier(db, range)) {
    const r = row(s.user_id)
    r.transactions += s.tx
    r.merchandise = s.amount
  }
  for (const c of cancelsByCashier(db, range))
    Object.assign(row(c.user_id), { cancellations: c.n, cancelled_amount: c.amount })
  for (const p of payoutsByCashier(db, range)) row(p.user_id).payouts = p.n
  const end = Math.min(Date.parse(period.end), Date.parse(now))
  const start = Date.parse(period.start)
  for (const s of shiftsInRange(db, range)) {
    const r = row(s.user_id)
    r.shifts++
    const to = s.closed_at ? Math.min(Date.parse(s.closed_at), Date.parse(period.end)) : end
    r.hours += Math.max(0, to - Math.max(Date.parse(s.opened_at), start)) / 3_600_000
    if (s.closed_at && s.closed_at < period.end) r.over_short += s.over_short ?? 0
  }
  for (const r of rows.values()) {
    r.hours = Math.round(r.hours * 100) / 100
    r.tickets_per_hour = r.hours > 0 ? Math.round((r.tickets / r.hours) * 10) / 10 : null
    r.average_sale = r.transactions ? Math.round((r.amount + r.merchandise) / r.transactions) : null
  }
  const games = new Map<string, PerformanceReport['games'][number]>()
  const game = (g: { lottery_id: string; code: string; name: string }) => {
    let x = games.get(g.lottery_id)
    if (!x)
      games.set(
        g.lottery_id,
        (x = {
          lottery_id: g.lottery_id,
          code: g.code,
          name: g.name,
          tickets: 0,
          amount: 0,
          share_bps: 0,
          previous_amount: 0,
          change_bps: null,
        }),
      )
    return x
  }
  for (const g of salesByGame(db, range)) {
    const x = game(g)
    x.tickets += g.tickets
    x.amount += g.amount
  }
  for (const g of salesByGame(db, rangeOf(ctx, previous, scope))) game(g).previous_amount += g.amount
  const total = [...games.values()].reduce((s, g) => s + g.amount, 0)
  for (const g of games.values()) {
    g.share_bps = ratioBps(g.amount, total)
    g.change_bps = g.previous_amount ? ratioBps(g.amount - g.previous_amount, g.previous_amount) : null
  }
  return {
    scope,
    period,
    previous,
    cashiers: [...rows.values()].sort((a, b) => b.amount - a.amount || a.cashier.localeCompare(b.cashier)),
    games: [...games.values()].sort((a, b) => b.amount - a.amount || a.code.localeCompare(b.code)),
    generated_at: now,
  }
}

/** Any report by its type (what exports, the day close and the printed summary share). */
export function reportOf<T extends ReportType>(
  ctx: Ctx,
  type: T,
  req: PeriodRequest,
  scope: ReportScope,
  db: ReadDB = ctx.read,
): ReportOf[T] {
  if (type === 'inventory') {
    if (scope.kind !== 'store') throw new PosError('FORBIDDEN', 'The inventory report needs view_reports.')
    return inventoryReport(ctx, req, db) as ReportOf[T]
  }
  return (type === 'sales' ? salesReport(ctx, req, scope, db) : performanceReport(ctx, req, scope, db)) as ReportOf[T]
}

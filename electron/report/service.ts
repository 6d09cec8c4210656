import { DateTime } from 'luxon'
import type { PeriodView, SalesFigures, SalesReport } from '../../shared/contract'
import { businessDay } from '../../shared/cash'
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
import { cancelled, paid, productsSold, salesByGame, salesBySlice } from './repo'

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

function figuresOf(
  ctx: Ctx,
  p: PeriodView,
  games = salesByGame(ctx.read, ctx.store._id, p.start, p.end),
): SalesFigures {
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
  const c = cancelled(ctx.read, ctx.store._id, p.start, p.end)
  const prizes = paid(ctx.read, ctx.store._id, p.start, p.end)
  const goods = productsSold(ctx.read, ctx.store._id, p.start, p.end)
  const net = price - c.price
  return {
    transactions,
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

/** Whether every local time of the period is a whole number of hours from UTC (then hourly slices suffice). */
function wholeHours(p: PeriodView, zone: string): boolean {
  return [p.start, p.end].every((t) => DateTime.fromISO(t, { zone }).offset % 60 === 0)
}

/**
 * The sales report of a period against the one of the same length before: totals, each business day, each
 * local hour, each game (with its previous amount) and product. Every query reads the read-only connection.
 */
export function salesReport(ctx: Ctx, req: PeriodRequest): SalesReport {
  const { period, rules } = periodOf(ctx, req)
  const previous = previousPeriod(period, rules)
  const games = salesByGame(ctx.read, ctx.store._id, period.start, period.end)
  const before = salesByGame(ctx.read, ctx.store._id, previous.start, previous.end)
  const zone = rules.zone
  const width = wholeHours(period, zone) ? 13 : 16
  const days = new Map<string, { day: string; tickets: number; amount: number }>()
  for (let d = DateTime.fromISO(period.first, { zone }), i = 0; i < period.days; i++, d = d.plus({ days: 1 }))
    days.set(d.toISODate()!, { day: d.toISODate()!, tickets: 0, amount: 0 })
  const hours = Array.from({ length: 24 }, (_, h) => ({ hour: String(h).padStart(2, '0'), tickets: 0, amount: 0 }))
  for (const s of salesBySlice(ctx.read, ctx.store._id, period.start, period.end, width)) {
    const at = new Date(`${s.t}${width === 13 ? ':00' : ''}:00Z`)
    const day = days.get(businessDay(at, zone, rules.businessDayStartHour ?? 0))
    if (day) {
      day.tickets += s.tickets
      day.amount += s.amount
    }
    const h = hours[DateTime.fromJSDate(at, { zone }).hour]
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
  for (const g of before) game(g).previous_amount += g.amount
  return {
    period,
    previous,
    figures: figuresOf(ctx, period, games),
    previous_figures: figuresOf(ctx, previous, before),
    by_day: [...days.values()],
    by_hour: hours,
    by_game: [...byGame.values()].sort((a, b) => b.amount - a.amount || a.code.localeCompare(b.code)),
    by_product: productsSold(ctx.read, ctx.store._id, period.start, period.end),
    generated_at: ctx.clock().toISOString(),
  }
}

import { DateTime } from 'luxon'
import { businessDay, lotteryWeek } from './cash'

/**
 * Report periods in store time (issue 14): a named period or a custom range of business days, as instants
 * [start, end) and the days they cover, and the period of the same length just before it (the comparison).
 * Days follow the store's clock, so a daylight-saving day is 23 or 25 hours and still one day.
 */
export const PeriodKinds = [
  'today',
  'yesterday',
  'this_week',
  'lottery_week',
  'this_month',
  'last_month',
  'custom',
] as const
export type PeriodKind = (typeof PeriodKinds)[number]

export interface PeriodRequest {
  kind: PeriodKind
  /** custom only: the first and last business day, inclusive (YYYY-MM-DD). */
  from?: string
  to?: string
}

export interface Period {
  kind: PeriodKind
  first: string
  last: string
  days: number
  start: string
  end: string
}

export interface PeriodRules {
  zone: string
  /** The week's first day for "this week" (ISO weekday, 1 = Monday). */
  weekStart?: number
  /** The lottery's settlement week's first day (ISO weekday, 7 = Sunday). */
  lotteryWeekStart?: number
  businessDayStartHour?: number
}

/** The longest period a report covers. */
export const MAX_PERIOD_DAYS = 5 * 366

export class PeriodError extends Error {}

function bounds(first: string, last: string, r: PeriodRules): Period & { kind: PeriodKind } {
  const h = r.businessDayStartHour ?? 0
  const a = DateTime.fromISO(first, { zone: r.zone }).startOf('day').set({ hour: h })
  const b = DateTime.fromISO(last, { zone: r.zone }).startOf('day').set({ hour: h }).plus({ days: 1 })
  if (!a.isValid || !b.isValid) throw new PeriodError('A day is YYYY-MM-DD.')
  return {
    kind: 'custom',
    first,
    last,
    days: Math.round(b.diff(a, 'days').days),
    start: a.toUTC().toISO()!,
    end: b.toUTC().toISO()!,
  }
}

export function resolvePeriod(req: PeriodRequest, now: Date, r: PeriodRules): Period {
  const today = DateTime.fromISO(businessDay(now, r.zone, r.businessDayStartHour ?? 0), { zone: r.zone })
  const iso = (d: DateTime) => d.toISODate()!
  const named = (first: DateTime, last: DateTime) => ({ ...bounds(iso(first), iso(last), r), kind: req.kind })
  switch (req.kind) {
    case 'today':
      return named(today, today)
    case 'yesterday':
      return named(today.minus({ days: 1 }), today.minus({ days: 1 }))
    case 'this_week': {
      const back = (today.weekday - (r.weekStart ?? 1) + 7) % 7
      const first = today.minus({ days: back })
      return named(first, first.plus({ days: 6 }))
    }
    case 'lottery_week': {
      const w = lotteryWeek(now, r.zone, r.lotteryWeekStart ?? 7, r.businessDayStartHour ?? 0)
      return { ...bounds(w.first, w.last, r), kind: 'lottery_week' }
    }
    case 'this_month':
      return named(today.startOf('month'), today.endOf('month'))
    case 'last_month': {
      const m = today.startOf('month').minus({ months: 1 })
      return named(m, m.endOf('month'))
    }
    case 'custom': {
      if (!req.from || !req.to) throw new PeriodError('Choose the first and the last day.')
      const p = bounds(req.from, req.to, r)
      if (p.days < 1) throw new PeriodError('The last day is before the first.')
      if (p.days > MAX_PERIOD_DAYS) throw new PeriodError('A report covers at most five years.')
      if (req.from > iso(today)) throw new PeriodError('That period has not started yet.')
      return p
    }
  }
}

/** The period of the same number of days just before (this month of 31 days against the 31 days before it). */
export function previousPeriod(p: Period, r: PeriodRules): Period {
  const first = DateTime.fromISO(p.first, { zone: r.zone })
  const prevLast = first.minus({ days: 1 })
  const prevFirst = first.minus({ days: p.days })
  return { ...bounds(prevFirst.toISODate()!, prevLast.toISODate()!, r), kind: p.kind }
}

/**
 * A budget's arithmetic, pure (issue 15): calendar days, recurring occurrences and the forecast. Days are
 * business days named YYYY-MM-DD, counted by date arithmetic: a 23- or 25-hour day across daylight saving is
 * one day, so the forecast never moves with the clocks.
 */

const DAY = 86_400_000

const utc = (day: string) => Date.parse(`${day}T00:00:00Z`)
export const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10)

/** Whole days from a to b (b - a), by the calendar. */
export function daysBetween(a: string, b: string): number {
  return Math.round((utc(b) - utc(a)) / DAY)
}

export function plusDays(day: string, n: number): string {
  return dayOf(utc(day) + n * DAY)
}

export interface Recurrence {
  cadence: 'monthly' | 'weekly'
  day_of_month: number | null
  first_day: string | null
  interval_weeks: number | null
}

/**
 * The days a recurring entry falls on inside [first, last]: monthly on its day of the month (the 31st is a
 * short month's last day), or every `interval_weeks` weeks from its first day.
 */
export function occurrences(r: Recurrence, first: string, last: string): string[] {
  const out: string[] = []
  if (r.cadence === 'monthly') {
    const [y0, m0] = first.split('-').map(Number)
    for (let y = y0, m = m0; ; m === 12 ? ((m = 1), y++) : m++) {
      const monthDays = new Date(Date.UTC(y, m, 0)).getUTCDate()
      const day = `${y}-${String(m).padStart(2, '0')}-${String(Math.min(r.day_of_month!, monthDays)).padStart(2, '0')}`
      if (day > last) break
      if (day >= first) out.push(day)
    }
    return out
  }
  const step = r.interval_weeks! * 7
  let d = r.first_day!
  // The first occurrence on or after `first`, on the entry's own rhythm.
  if (d < first) d = plusDays(d, Math.ceil(daysBetween(d, first) / step) * step)
  for (; d <= last; d = plusDays(d, step)) out.push(d)
  return out
}

export interface ItemPace {
  /** Actual so far, signed for the item (an expense item's expenses add, its refunds take away). */
  actual: number
  /** The part of `actual` from anything but recorded recurring entries: what the pace is measured on. */
  base: number
  /** Recurring occurrences inside the budget not recorded yet, signed the same way. */
  upcoming: number
}

/**
 * An item's forecast to the budget's end: what it has, plus its pace so far (base over the days elapsed)
 * carried over the days left, plus the recurring entries known to come. Rounded once, to the cent.
 * `elapsed` counts today; before the budget starts nothing has a pace yet.
 */
export function forecast(p: ItemPace, days: number, elapsed: number): { pace: number; forecast: number } {
  const gone = Math.max(0, Math.min(days, elapsed))
  const pace = gone > 0 ? p.base / gone : 0
  return { pace: Math.round(pace), forecast: p.actual + Math.round(pace * (days - gone)) + p.upcoming }
}

/**
 * An expense forecast past its allocation: what the managers are told of, once per crossing. An income item is
 * never "over" (more income than planned is good news; less shows in its variance).
 */
export const forecastOver = (kind: 'expense' | 'income', forecastAmount: number, allocated: number) =>
  kind === 'expense' && forecastAmount > allocated

import { DateTime } from 'luxon'
import { assertMinor, type Minor } from './money'
import { MAX_PIECES } from './contract/shift'

/**
 * The cash office's arithmetic (issue 11): counting a drawer by denomination, over/short, commissions, and
 * the business day and lottery week an instant belongs to in the store's timezone. Pure functions on integer
 * minor units; the shift domain and the screens share them.
 */

/** Bills and coins in minor units, largest first. */
const DENOMINATIONS: Record<string, { bills: Minor[]; coins: Minor[] }> = {
  USD: { bills: [10000, 5000, 2000, 1000, 500, 200, 100], coins: [100, 50, 25, 10, 5, 1] },
  CAD: { bills: [10000, 5000, 2000, 1000, 500], coins: [200, 100, 25, 10, 5] },
  EUR: { bills: [50000, 20000, 10000, 5000, 2000, 1000, 500], coins: [200, 100, 50, 20, 10, 5, 2, 1] },
  GBP: { bills: [5000, 2000, 1000, 500], coins: [200, 100, 50, 20, 10, 5, 2, 1] },
}

export interface Denomination {
  value: Minor
  kind: 'bill' | 'coin'
}

/** The store currency's bills and coins (a dollar bill and a dollar coin are two rows), largest first. */
export function denominations(currency: string): Denomination[] {
  const d = DENOMINATIONS[currency]
  if (!d) return []
  return [
    ...d.bills.map((value) => ({ value, kind: 'bill' as const })),
    ...d.coins.map((value) => ({ value, kind: 'coin' as const })),
  ]
}

export { MAX_PIECES }

/**
 * A drawer counted by denomination: `${kind}:${value}` -> how many. Every count is a whole number from 0 to
 * MAX_PIECES of one of the currency's denominations; anything else is refused with the reason.
 */
export function countedTotal(counts: Record<string, number>, currency: string): Minor {
  const known = new Map(denominations(currency).map((d) => [`${d.kind}:${d.value}`, d.value]))
  let total = 0
  for (const [key, n] of Object.entries(counts)) {
    const value = known.get(key)
    if (value === undefined) throw new RangeError(`${key} is not a ${currency} bill or coin`)
    if (!Number.isInteger(n) || n < 0 || n > MAX_PIECES)
      throw new RangeError(`${key}: ${n} is not a count of 0 to ${MAX_PIECES}`)
    total += value * n
  }
  return assertMinor(total)
}

/** Counted minus expected: positive over, negative short. */
export function overShort(expected: Minor, counted: Minor): Minor {
  return assertMinor(assertMinor(counted) - assertMinor(expected))
}

/** Whether an over/short needs a manager's sign-off: beyond the store's tolerance either way. */
export function needsSignOff(difference: Minor, tolerance: Minor): boolean {
  return Math.abs(difference) > tolerance
}

/**
 * A commission on a period's total (sales or prizes cashed), in basis points, rounded half up once on the
 * total, never per sale (per-sale rounding drifts by a cent a sale). A negative total (more refunded than
 * sold) earns a negative commission, rounded half away from zero.
 */
export function commissionOf(total: Minor, rateBps: number): Minor {
  assertMinor(total)
  if (!Number.isInteger(rateBps) || rateBps < 0 || rateBps > 10_000) throw new RangeError(`bad rate: ${rateBps}`)
  const sign = total < 0 ? -1 : 1
  return sign * Math.floor((Math.abs(total) * rateBps + 5000) / 10000)
}

/**
 * The business day an instant belongs to, as YYYY-MM-DD in the store's timezone, for a day that starts at
 * `startHour` local time (0: midnight; 4: a bar's day runs to 04:00). Daylight-saving changes keep the local
 * hour: the day of a change is 23 or 25 hours long.
 */
export function businessDay(at: Date, zone: string, startHour = 0): string {
  const local = DateTime.fromJSDate(at, { zone })
  if (!local.isValid) throw new RangeError(`invalid timezone: ${zone}`)
  // By the local clock's hour, not by hours elapsed: on a daylight-saving day they differ by one.
  return (local.hour < startHour ? local.minus({ days: 1 }) : local).toISODate()!
}

/** The instants [start, end) of a business day (YYYY-MM-DD) in the store's timezone. */
export function businessDayBounds(day: string, zone: string, startHour = 0): { start: Date; end: Date } {
  const d = DateTime.fromISO(day, { zone })
  if (!d.isValid) throw new RangeError(`invalid day or timezone: ${day} ${zone}`)
  const start = d.startOf('day').set({ hour: startHour })
  return { start: start.toJSDate(), end: start.plus({ days: 1 }).toJSDate() }
}

/**
 * The lottery's settlement week an instant belongs to: the business days from the week's first day
 * (ISO weekday, 7 = Sunday by default) to the day before the next, and their instants [start, end).
 */
export function lotteryWeek(
  at: Date,
  zone: string,
  weekStart = 7,
  startHour = 0,
): { first: string; last: string; start: Date; end: Date } {
  if (!Number.isInteger(weekStart) || weekStart < 1 || weekStart > 7)
    throw new RangeError(`bad week start: ${weekStart}`)
  const day = DateTime.fromISO(businessDay(at, zone, startHour), { zone })
  const back = (day.weekday - weekStart + 7) % 7
  const first = day.minus({ days: back })
  const last = first.plus({ days: 6 })
  return {
    first: first.toISODate()!,
    last: last.toISODate()!,
    start: businessDayBounds(first.toISODate()!, zone, startHour).start,
    end: businessDayBounds(last.toISODate()!, zone, startHour).end,
  }
}

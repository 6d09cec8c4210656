import { describe, expect, it } from 'vitest'
import { daysBetween, forecast, forecastOver, occurrences, plusDays } from './budget'

describe("a budget's arithmetic", () => {
  it('counts calendar days, a daylight-saving day as one', () => {
    // New York springs forward on 8 March 2026 and falls back on 1 November: still one day each.
    expect(daysBetween('2026-03-01', '2026-03-31')).toBe(30)
    expect(daysBetween('2026-03-07', '2026-03-09')).toBe(2)
    expect(daysBetween('2026-10-31', '2026-11-02')).toBe(2)
    expect(plusDays('2026-02-27', 2)).toBe('2026-03-01')
    expect(plusDays('2028-02-28', 1)).toBe('2028-02-29')
  })

  it('forecasts at a constant pace: what it has plus its pace over the days left', () => {
    // 10 of 31 days gone, $300 spent at $30 a day: $300 + 21 x $30.
    expect(forecast({ actual: 30_000, base: 30_000, upcoming: 0 }, 31, 10)).toEqual({ pace: 3000, forecast: 93_000 })
    // Nothing elapsed (a budget that starts later): no pace, only what is known to come.
    expect(forecast({ actual: 0, base: 0, upcoming: 120_000 }, 30, 0)).toEqual({ pace: 0, forecast: 120_000 })
    // Past the end: what it has.
    expect(forecast({ actual: 5000, base: 5000, upcoming: 0 }, 30, 45)).toEqual({ pace: 167, forecast: 5000 })
  })

  it('adds a recurring entry still to come, and carries no pace from an entry already recorded', () => {
    // Rent of $1,200 recorded on the 1st, $100 of other spending over 5 days; the next rent is not in this month.
    const f = forecast({ actual: 130_000, base: 10_000, upcoming: 0 }, 30, 5)
    expect(f).toEqual({ pace: 2000, forecast: 130_000 + 25 * 2000 })
    // The same before the rent was recorded: it is still to come, whole.
    expect(forecast({ actual: 10_000, base: 10_000, upcoming: 120_000 }, 30, 5).forecast).toBe(f.forecast)
  })

  it('rounds once, in minor units', () => {
    // $1.00 over 3 days, 4 days left: 33.33... a day, 133.33 more, rounded once to 133.
    expect(forecast({ actual: 100, base: 100, upcoming: 0 }, 7, 3)).toEqual({ pace: 33, forecast: 233 })
  })

  it('finds a monthly entry on its day (a short month on its last) and a fortnightly one on its rhythm', () => {
    const monthly = { cadence: 'monthly' as const, day_of_month: 31, first_day: null, interval_weeks: null }
    expect(occurrences(monthly, '2026-01-15', '2026-04-30')).toEqual([
      '2026-01-31',
      '2026-02-28',
      '2026-03-31',
      '2026-04-30',
    ])
    const rent = { cadence: 'monthly' as const, day_of_month: 1, first_day: null, interval_weeks: null }
    // A budget that starts mid-month: this month's 1st is before it.
    expect(occurrences(rent, '2026-12-15', '2027-01-31')).toEqual(['2027-01-01'])
    // Wages every other Friday, the first on 2 January 2026.
    const wages = { cadence: 'weekly' as const, day_of_month: null, first_day: '2026-01-02', interval_weeks: 2 }
    expect(occurrences(wages, '2026-01-10', '2026-02-28')).toEqual([
      '2026-01-16',
      '2026-01-30',
      '2026-02-13',
      '2026-02-27',
    ])
  })

  it('calls an expense over when its forecast passes the allocation; an income never', () => {
    expect(forecastOver('expense', 10_001, 10_000)).toBe(true)
    expect(forecastOver('expense', 10_000, 10_000)).toBe(false)
    expect(forecastOver('income', 0, 10_000)).toBe(false)
  })
})

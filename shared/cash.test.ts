import { describe, expect, it } from 'vitest'
import {
  businessDay,
  businessDayBounds,
  commissionOf,
  countedTotal,
  denominations,
  lotteryWeek,
  needsSignOff,
  overShort,
} from './cash'

const NY = 'America/New_York'
const at = (iso: string) => new Date(iso)

describe('counting a drawer', () => {
  it("adds the store currency's bills and coins, a dollar bill and a dollar coin apart", () => {
    expect(denominations('USD').slice(0, 3)).toEqual([
      { value: 10000, kind: 'bill' },
      { value: 5000, kind: 'bill' },
      { value: 2000, kind: 'bill' },
    ])
    expect(countedTotal({ 'bill:2000': 3, 'bill:100': 4, 'coin:100': 1, 'coin:25': 3, 'coin:1': 2 }, 'USD')).toBe(6577)
    expect(countedTotal({}, 'USD')).toBe(0)
  })

  it('refuses a negative, fractional or absurd count, and a denomination the currency has not', () => {
    expect(() => countedTotal({ 'bill:2000': -1 }, 'USD')).toThrow(/not a count/)
    expect(() => countedTotal({ 'bill:2000': 1.5 }, 'USD')).toThrow(/not a count/)
    expect(() => countedTotal({ 'bill:2000': 1e9 }, 'USD')).toThrow(/not a count/)
    expect(() => countedTotal({ 'bill:300': 1 }, 'USD')).toThrow(/not a USD bill or coin/)
    expect(() => countedTotal({ 'coin:1': 1 }, 'CAD')).toThrow(/not a CAD bill or coin/)
  })
})

describe('over and short', () => {
  it('is counted minus expected, and beyond the tolerance either way needs a manager', () => {
    expect(overShort(12_345, 11_845)).toBe(-500)
    expect(overShort(12_345, 12_350)).toBe(5)
    expect(needsSignOff(-500, 200)).toBe(true)
    expect(needsSignOff(200, 200)).toBe(false)
    expect(needsSignOff(-201, 200)).toBe(true)
    expect(() => overShort(1.5, 2)).toThrow(/not an integer/)
  })
})

describe('commissions', () => {
  it('round once on the total, half up, never per sale', () => {
    // 5% of $1,234.50 is $61.725: $61.73.
    expect(commissionOf(123_450, 500)).toBe(6173)
    // 1% of 3 x $4.50 cashed: once on $13.50 is 13.5 cents -> 14; per prize it would be 3 x 5 = 15.
    expect(commissionOf(1350, 100)).toBe(14)
    expect(commissionOf(0, 500)).toBe(0)
    expect(commissionOf(-1050, 500)).toBe(-53)
    expect(() => commissionOf(100, -1)).toThrow(/bad rate/)
    expect(() => commissionOf(100, 10_001)).toThrow(/bad rate/)
  })
})

describe('the business day', () => {
  it("is the store's calendar day, whatever the computer's timezone", () => {
    expect(businessDay(at('2026-11-22T04:59:59Z'), NY)).toBe('2026-11-21')
    expect(businessDay(at('2026-11-22T05:00:00Z'), NY)).toBe('2026-11-22')
  })

  it('may start later than midnight: a 04:00 day keeps the late evening in the day before', () => {
    expect(businessDay(at('2026-11-22T08:59:00Z'), NY, 4)).toBe('2026-11-21')
    expect(businessDay(at('2026-11-22T09:00:00Z'), NY, 4)).toBe('2026-11-22')
  })

  it('lasts 23 hours when the clocks go forward and 25 when they go back', () => {
    const hours = (day: string) => {
      const { start, end } = businessDayBounds(day, NY)
      return (end.getTime() - start.getTime()) / 3_600_000
    }
    expect(hours('2026-03-08')).toBe(23)
    expect(hours('2026-11-01')).toBe(25)
    expect(hours('2026-11-02')).toBe(24)
    expect(businessDayBounds('2026-11-01', NY).start.toISOString()).toBe('2026-11-01T04:00:00.000Z')
    expect(businessDayBounds('2026-11-01', NY).end.toISOString()).toBe('2026-11-02T05:00:00.000Z')
    // 01:30 happens twice on 1 November; both are that day.
    expect(businessDay(at('2026-11-01T05:30:00Z'), NY)).toBe('2026-11-01')
    expect(businessDay(at('2026-11-01T06:30:00Z'), NY)).toBe('2026-11-01')
  })

  it('with a later start hour, agrees with its own bounds on daylight-saving days', () => {
    // 8 March 2026, clocks forward at 02:00: 04:30 local is EDT (08:30Z) and the 04:00 day has begun.
    expect(businessDay(at('2026-03-08T08:30:00Z'), NY, 4)).toBe('2026-03-08')
    expect(businessDay(at('2026-03-08T07:30:00Z'), NY, 4)).toBe('2026-03-07')
    // 1 November 2026, clocks back at 02:00: 03:30 local (08:30Z) is still the day before a 04:00 start.
    expect(businessDay(at('2026-11-01T08:30:00Z'), NY, 4)).toBe('2026-10-31')
    expect(businessDay(at('2026-11-01T09:00:00Z'), NY, 4)).toBe('2026-11-01')
    for (const day of ['2026-03-08', '2026-11-01']) {
      const { start, end } = businessDayBounds(day, NY, 4)
      expect(businessDay(start, NY, 4)).toBe(day)
      expect(businessDay(new Date(end.getTime() - 1), NY, 4)).toBe(day)
    }
  })
})

describe('the lottery week', () => {
  it('runs Sunday to Saturday by default, in store time', () => {
    // Saturday 21 November, 23:59 in New York: the week of Sunday 15.
    expect(lotteryWeek(at('2026-11-22T04:59:00Z'), NY)).toMatchObject({ first: '2026-11-15', last: '2026-11-21' })
    // One minute later it is Sunday 22: a new week.
    const w = lotteryWeek(at('2026-11-22T05:00:00Z'), NY)
    expect(w).toMatchObject({ first: '2026-11-22', last: '2026-11-28' })
    expect(w.start.toISOString()).toBe('2026-11-22T05:00:00.000Z')
    expect(w.end.toISOString()).toBe('2026-11-29T05:00:00.000Z')
  })

  it('starts on the weekday the store sets, and spans a daylight-saving change at its real length', () => {
    expect(lotteryWeek(at('2026-11-25T17:00:00Z'), NY, 3)).toMatchObject({ first: '2026-11-25', last: '2026-12-01' })
    expect(lotteryWeek(at('2026-11-24T17:00:00Z'), NY, 3)).toMatchObject({ first: '2026-11-18', last: '2026-11-24' })
    const fallBack = lotteryWeek(at('2026-11-03T17:00:00Z'), NY)
    expect(fallBack.first).toBe('2026-11-01')
    expect((fallBack.end.getTime() - fallBack.start.getTime()) / 3_600_000).toBe(7 * 24 + 1)
    expect(() => lotteryWeek(at('2026-11-03T17:00:00Z'), NY, 0)).toThrow(/bad week start/)
  })
})

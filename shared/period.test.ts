import { describe, expect, it } from 'vitest'
import { previousPeriod, resolvePeriod, type PeriodRequest } from './period'

const ny = { zone: 'America/New_York' }
// Wednesday 2 December 2026, 10:00 in New York.
const now = new Date('2026-12-02T15:00:00Z')
const p = (req: PeriodRequest, at = now, rules = ny) => resolvePeriod(req, at, rules)

describe('report periods in store time', () => {
  it('names today, yesterday, the week, the lottery week and the months', () => {
    expect(p({ kind: 'today' })).toMatchObject({
      first: '2026-12-02',
      last: '2026-12-02',
      days: 1,
      start: '2026-12-02T05:00:00.000Z',
      end: '2026-12-03T05:00:00.000Z',
    })
    expect(p({ kind: 'yesterday' })).toMatchObject({ first: '2026-12-01', last: '2026-12-01' })
    // Monday to Sunday, and the lottery's Sunday to Saturday.
    expect(p({ kind: 'this_week' })).toMatchObject({ first: '2026-11-30', last: '2026-12-06', days: 7 })
    expect(p({ kind: 'lottery_week' })).toMatchObject({ first: '2026-11-29', last: '2026-12-05', days: 7 })
    expect(p({ kind: 'this_month' })).toMatchObject({ first: '2026-12-01', last: '2026-12-31', days: 31 })
    expect(p({ kind: 'last_month' })).toMatchObject({ first: '2026-11-01', last: '2026-11-30', days: 30 })
  })

  it('keeps a daylight-saving day one day long (23 hours in March, 25 in November)', () => {
    const spring = p({ kind: 'custom', from: '2026-03-08', to: '2026-03-08' })
    expect(spring.days).toBe(1)
    expect(Date.parse(spring.end) - Date.parse(spring.start)).toBe(23 * 3600_000)
    const autumn = p({ kind: 'custom', from: '2026-11-01', to: '2026-11-01' })
    expect(Date.parse(autumn.end) - Date.parse(autumn.start)).toBe(25 * 3600_000)
    // A month across the change is still its days.
    expect(p({ kind: 'last_month' }, new Date('2026-04-10T15:00:00Z'))).toMatchObject({ days: 31, first: '2026-03-01' })
  })

  it('compares with the period of the same length just before', () => {
    const month = p({ kind: 'this_month' })
    expect(previousPeriod(month, ny)).toMatchObject({ first: '2026-10-31', last: '2026-11-30', days: 31 })
    expect(previousPeriod(p({ kind: 'today' }), ny)).toMatchObject({ first: '2026-12-01', last: '2026-12-01' })
  })

  it('follows the business day start hour: 02:00 belongs to the day before when the day starts at 04:00', () => {
    const late = resolvePeriod({ kind: 'today' }, new Date('2026-12-02T07:00:00Z'), { ...ny, businessDayStartHour: 4 })
    expect(late).toMatchObject({ first: '2026-12-01', start: '2026-12-01T09:00:00.000Z' })
  })

  it('refuses an end before the start, more than five years, a period not begun, a missing day', () => {
    expect(() => p({ kind: 'custom', from: '2026-05-02', to: '2026-05-01' })).toThrow(/before the first/)
    expect(() => p({ kind: 'custom', from: '2020-01-01', to: '2026-01-02' })).toThrow(/five years/)
    expect(() => p({ kind: 'custom', from: '2027-01-01', to: '2027-01-31' })).toThrow(/not started/)
    expect(() => p({ kind: 'custom', from: '2026-05-02' })).toThrow(/first and the last/)
    expect(() => p({ kind: 'custom', from: 'May 2', to: '2026-05-03' })).toThrow(/YYYY-MM-DD/)
  })
})

import { describe, expect, it } from 'vitest'
import { budgetVerdict, csvCell, formatCell, periodText } from './report-doc'

const us = { currency: 'USD', locale: 'en-US' }
const de = { currency: 'EUR', locale: 'de-DE' }

describe("a report's cells", () => {
  it("read in the store's currency and locale (Intl)", () => {
    expect(formatCell(123456, 'money', us)).toBe('$1,234.56')
    expect(formatCell(123456, 'money', de)).toBe('1.234,56\u00a0€')
    expect(formatCell(-250, 'signed_money', us)).toBe('-$2.50')
    expect(formatCell(250, 'signed_money', us)).toBe('+$2.50')
    expect(formatCell(1234, 'bps', us)).toBe('12.3%')
    expect(formatCell(-10_000, 'bps', de)).toBe('-100\u00a0%')
    expect(formatCell(12345, 'count', us)).toBe('12,345')
    expect(formatCell(2.456, 'decimal', de)).toBe('2,46')
    expect(formatCell(null, 'money', us)).toBe('')
    expect(formatCell('Daily Pick 3', 'text', us)).toBe('Daily Pick 3')
  })

  it('go to a spreadsheet as plain numbers: money in major units, shares in percent, no grouping', () => {
    expect(csvCell(123456, 'money')).toBe('1234.56')
    expect(csvCell(-5, 'signed_money')).toBe('-0.05')
    expect(csvCell(1234, 'bps')).toBe('12.34')
    expect(csvCell(12345, 'count')).toBe(12345)
    expect(csvCell(null, 'money')).toBe('')
  })

  it('name a period as people say it', () => {
    const day = { kind: 'today', first: '2026-12-01', last: '2026-12-01', days: 1, start: '', end: '' } as const
    expect(periodText(day, 'en-US')).toBe('Dec 1, 2026')
    expect(periodText({ ...day, kind: 'this_month', last: '2026-12-31', days: 31 }, 'en-GB')).toBe(
      '1 Dec 2026 - 31 Dec 2026 (31 days)',
    )
  })
})

describe('the budget verdict a manager reads at a glance', () => {
  const open = { status: 'open', items_over: 0, allocated: 200_000, total_budget: 300_000, expense_forecast: 250_000 }
  it('is "on track" only when items, forecast and allocations all fit the total', () => {
    expect(budgetVerdict(open)).toEqual({ good: true, text: 'On track: every item forecast within its allocation' })
    expect(budgetVerdict({ ...open, items_over: 2 })).toEqual({ good: false, text: '2 items forecast over allocation' })
    // Every item within its allocation, yet the items together forecast past the total.
    expect(budgetVerdict({ ...open, allocated: 400_000, expense_forecast: 350_000 })).toEqual({
      good: false,
      text: "Expenses forecast over the budget's total",
    })
    // Over-allocated: more given to the items than the budget holds, though nothing is spent yet.
    expect(budgetVerdict({ ...open, allocated: 400_000, expense_forecast: 0 })).toEqual({
      good: false,
      text: 'Over-allocated: the items are given more than the total',
    })
    expect(budgetVerdict({ ...open, status: 'closed', items_over: 3 })).toEqual({ good: true, text: 'Closed' })
  })
  it('names up to three items over, and by how much the items are over-allocated', () => {
    expect(budgetVerdict({ ...open, items_over: 1, items_over_names: ['Rent'] }).text).toBe(
      'Rent forecast over its allocation',
    )
    expect(budgetVerdict({ ...open, items_over: 2, items_over_names: ['Rent', 'Wages'] }).text).toBe(
      'Rent and Wages forecast over their allocations',
    )
    expect(budgetVerdict({ ...open, items_over: 3, items_over_names: ['Rent', 'Wages', 'Utilities'] }).text).toBe(
      'Rent, Wages and Utilities forecast over their allocations',
    )
    expect(
      budgetVerdict({ ...open, items_over: 4, items_over_names: ['Rent', 'Wages', 'Utilities', 'Ticket stock'] }),
    ).toEqual({ good: false, text: '4 items forecast over allocation' })
    expect(budgetVerdict({ ...open, allocated: 400_000, expense_forecast: 0, currency: 'USD' })).toEqual({
      good: false,
      text: 'Over-allocated by $1,000.00: the items are given more than the total',
    })
  })
})

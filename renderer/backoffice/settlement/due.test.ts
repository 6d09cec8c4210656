import { describe, expect, it } from 'vitest'
import { formatMoney } from '../../../shared/money'
import { settlementLine } from './due'

describe("the week's settlement line", () => {
  const m = (n: number) => formatMoney(n, 'USD')
  it('says who pays whom, never a negative amount collected', () => {
    expect(settlementLine(12_345, m)).toBe('The lottery collects $123.45')
    expect(settlementLine(0, m)).toBe('The lottery collects $0.00')
    expect(settlementLine(-49_770, m)).toBe('The lottery owes the store $497.70')
  })

  it('says a week still running is so far', () => {
    expect(settlementLine(7_760, m, true)).toBe('The lottery collects $77.60 so far (the week is not over)')
    expect(settlementLine(-500, m, true)).toBe('The lottery owes the store $5.00 so far (the week is not over)')
  })
})

import { describe, expect, it } from 'vitest'
import { cartTotals, formatMoney, minorToDecimal, taxOf } from './money'

describe('money in minor units', () => {
  it('rounds tax half up without floating point', () => {
    expect(taxOf(100, 500)).toBe(5)
    expect(taxOf(10, 500)).toBe(1) // 0.5 -> 1
    expect(taxOf(9, 500)).toBe(0) // 0.45 -> 0
    expect(taxOf(333, 825)).toBe(27) // 27.4725
    expect(taxOf(1000, 0)).toBe(0)
    expect(() => taxOf(1.5, 500)).toThrow(RangeError)
  })

  it('totals a cart line by line, so the sum of sale records equals the receipt', () => {
    const t = cartTotals(
      [
        { unitPrice: 100, quantity: 3 },
        { unitPrice: 300, quantity: 1 },
      ],
      500,
    )
    expect(t.lines).toEqual([
      { price: 300, tax: 15, total_amount: 315 },
      { price: 300, tax: 15, total_amount: 315 },
    ])
    expect(t).toMatchObject({ price: 600, tax: 30, total_amount: 630 })
  })

  it('formats for the cashier', () => {
    expect(formatMoney(12345, 'USD')).toBe('$123.45')
    expect(formatMoney(500, 'JPY', 'en-US')).toBe('¥500')
  })
})

describe('minorToDecimal', () => {
  it('writes amounts exactly, including negatives and zero-decimal currencies', () => {
    expect(minorToDecimal(630)).toBe('6.30')
    expect(minorToDecimal(5)).toBe('0.05')
    expect(minorToDecimal(-1999)).toBe('-19.99')
    expect(minorToDecimal(500, 0)).toBe('500')
    expect(minorToDecimal(123456789012)).toBe('1234567890.12')
  })
})

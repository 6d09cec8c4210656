import { describe, expect, it } from 'vitest'
import { parseMoney } from './format'

describe('a typed amount', () => {
  it('reads plain amounts, a currency sign and a minus, and nothing else', () => {
    expect(parseMoney('12')).toBe(1200)
    expect(parseMoney('12.5')).toBe(1250)
    expect(parseMoney('1,250.00')).toBe(125000)
    expect(parseMoney('$20')).toBe(2000)
    expect(parseMoney('-$50')).toBe(-5000)
    expect(parseMoney('$-50')).toBe(-5000)
    // Letters before the digits are a typing mistake, not an amount: never silently dropped.
    for (const bad of ['$x7', 'x5', 'abc', '12.345', '1.2.3', '']) expect(parseMoney(bad), bad).toBeNull()
  })

  it('takes a comma or a space between thousands only: a decimal comma is refused, never read as hundreds', () => {
    expect(parseMoney('12,345,678.90')).toBe(1_234_567_890)
    expect(parseMoney('1 250')).toBe(125_000)
    expect(parseMoney('$ 20')).toBe(2000)
    expect(parseMoney(' 20 ')).toBe(2000)
    for (const bad of ['5,00', '5,0', '1,2,3', '100,50', '1,2345', '12,34.5', '1,250 000', ',500', '1,'])
      expect(parseMoney(bad), bad).toBeNull()
  })
})

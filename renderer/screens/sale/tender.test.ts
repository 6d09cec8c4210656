import { describe, expect, it } from 'vitest'
import { quickTenders, readTender } from './tender'

describe('cash tendered', () => {
  it('offers exact and the next $5, $10 and $20, each amount once', () => {
    expect(quickTenders(630).map((q) => q.amount)).toEqual([630, 1000, 2000])
    expect(quickTenders(105).map((q) => q.amount)).toEqual([105, 500, 1000, 2000])
    expect(quickTenders(2000).map((q) => q.amount)).toEqual([2000])
    expect(quickTenders(5250).map((q) => q.amount)).toEqual([5250, 5500, 6000])
  })

  it('reads what was typed as minor units and the change due, or says why it will not do', () => {
    expect(readTender('', 630, 'USD')).toEqual({ amount: null, change: 0, error: null })
    expect(readTender('20', 630, 'USD')).toEqual({ amount: 2000, change: 1370, error: null })
    expect(readTender('6.30', 630, 'USD')).toEqual({ amount: 630, change: 0, error: null })
    expect(readTender('5', 630, 'USD').error).toBe('$5.00 does not cover the total of $6.30: $1.30 more is needed.')
    expect(readTender('2O', 630, 'USD').error).toMatch(/not an amount/)
    // A slip of the finger: no till gives back a fortune (the backend refuses it the same way).
    expect(readTender('99999999', 630, 'USD')).toMatchObject({
      change: 0,
      error: '$99,999,992.70 in change: check the amount typed.',
    })
    expect(readTender('506.30', 630, 'USD')).toEqual({ amount: 50630, change: 50000, error: null })
  })
})
